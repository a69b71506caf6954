import Foundation
import Testing
@testable import PasjesCore

/// Every stored hash is over exact bytes; a faster way to compute one must give the same digest.
/// The expected digests were computed outside Swift (Python's hashlib over the bytes the
/// definitions name), with multi-byte characters in the fields.
@Suite struct HashBytesTests {
    @Test func aJournalEntrysHashIsOverItsLengthPrefixedFields() {
        let entry = JournalEntry(
            seq: 7, origin: "linde", originSeq: 3, createdAt: "2026-12-03T10:15:00.123Z", operatorUID: 1001,
            operatorName: "Jürgen Ö'Brien", counterID: "restaurant", kind: "sale.charge", version: 1,
            idempotencyKey: "key-é/1", command: #"{"a":"☕️"}"#, result: #"{"b":1}"#,
            previousHash: JournalEntry.genesisHash, hash: "")
        #expect(entry.computedHash() == "04bdc36f1649f8de6d1871d3ecf6bf7eb3302ddbbfc4c678611a03cdb72411bf")
    }

    @Test func aTransfersHashIsOverItsFieldsJoinedByTheUnitSeparator() {
        let fields = TransferFields(
            id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", debit: 12, credit: 34, amount: 1255, kind: "sale",
            saleID: "s-1", reversesID: nil, month: "2026-12", operatorUID: 1001, operatorName: "Jürgen",
            counterID: "restaurant", cardUID: "04A22B1C", memo: "koffie ☕️", createdAt: "2026-12-03T10:15:00.123Z")
        #expect(Ledger.chainHash(previous: String(repeating: "ab", count: 32), fields: fields)
            == "c50baa198b49131fec7facb7ce6ff6d9ae25748a878ae1adbb1d0fd21f083062")
    }

    /// A field's length prefix is written as `String(length)` would write it.
    @Test func decimalDigitsAreThoseOfStringInit() {
        var generator = SystemRandomNumberGenerator()
        let edges = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1_000, 65_535, 1_000_000, Int.max]
        for value in edges + (0..<2_000).map({ _ in Int.random(in: 0...Int.max, using: &generator) }) {
            var input = HashInput(capacity: 0)
            input.append(decimal: value)
            #expect(input.gathered == Array(String(value).utf8), "\(value)")
        }
    }

    /// The ledger's timestamps against Foundation's ISO 8601 form, from 1970 to 9999, and back.
    @Test func timestampsAreTheISOFormToTheMillisecond() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        let edges: [Int64] = [0, 999, 1_000, 951_782_400_000, 1_709_164_800_999, 253_402_300_799_999]
        let randoms = (0..<2_000).map { _ in Int64.random(in: 0...253_402_300_799_999, using: &generator) }
        for milliseconds in edges + randoms {
            let text = Ledger.timestamp(milliseconds: milliseconds)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1_000)
            // Foundation rounds the fraction; the ledger keeps whole milliseconds, so compare to the second.
            #expect(text.prefix(19) == formatter.string(from: date).prefix(19), "\(milliseconds)")
            #expect(text.count == 24 && text.hasSuffix("Z"))
            #expect(Ledger.milliseconds(timestamp: text) == milliseconds, "\(milliseconds) → \(text)")
        }
    }
}
