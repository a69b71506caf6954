import Crypto
import Foundation
import GRDB
@testable import PasjesCore
import PasjesMoney
import Testing

/// A charge's journal entry is written around its request's JSON, and an entry applied again
/// reads the request's JSON out of it (`SaleCharge+JournalJSON.swift`): both must be exactly the
/// bytes `CanonicalJSON` writes, or chains and idempotency hashes would part between nodes.
@Suite struct SaleChargeJSONTests {
    /// Text that JSON escapes, or that looks like the member the request is found by.
    private static let pieces = [
        "a", "KOF", "04A22B1C", "\"", "\\", "/", #","request":"#, #"\","request":{"#, "é", "e\u{301}", "🙂",
        "\u{1}", "\n", "\u{2028}", " ", "}", "{", "1001", "Mevr. de Vries / Noord",
    ]

    /// The same commands on every run (a fixed linear congruential sequence): a failure repeats.
    private struct Numbers {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func text() -> String {
            (0..<next(4)).map { _ in SaleChargeJSONTests.pieces[next(SaleChargeJSONTests.pieces.count)] }.joined()
        }
    }

    private static func commands(count: Int) -> [SaleCharge] {
        var numbers = Numbers(state: 20_261_205)
        return (0..<count).map { _ in
            let payer: Payer
            switch numbers.next(3) {
            case 0: payer = .card(uid: numbers.text())
            case 1: payer = .client(number: numbers.text())
            default: payer = .clientCard(number: numbers.text(), uid: numbers.text())
            }
            let items = (0..<numbers.next(4)).map { _ in
                ChargeItem(productCode: numbers.text(), quantity: Int64(numbers.next(2_000)) - 1_000)
            }
            let request = ChargeRequest(counterID: numbers.text(), payer: payer, items: items,
                                        reason: numbers.next(2) == 0 ? nil : numbers.text())
            return SaleCharge(request: request, operator: Operator(uid: UInt32(numbers.next(70_000)), name: numbers.text()),
                              key: numbers.text(), offline: numbers.next(2) == 0 ? nil : OfflineCharge(clientNumber: numbers.text()))
        }
    }

    @Test func aChargeWrittenAroundItsRequestIsItsCanonicalJSON() throws {
        for command in Self.commands(count: 300) {
            let whole = try CanonicalJSON.encode(command)
            let request = try CanonicalJSON.encode(command.request)
            #expect(try command.canonicalJSON(aroundRequest: request) == whole)
            #expect(SaleCharge.requestJSON(in: whole) == request, "\(whole)")
        }
    }

    @Test func textThatIsNotAChargesCanonicalJSONGivesNoRequest() throws {
        for text in ["", "{}", #"{"key":"a"}"#, #"{"key":"a","request":{"counterID":"x"}"#,
                     #"{"key":"a","request":"x"}"#, #"{"key":"a\",\"request\":{}"}"#] {
            #expect(SaleCharge.requestJSON(in: text) == nil, "\(text)")
        }
    }

    /// The key's hash stays the one idempotency rows have always held (slashes escaped), the
    /// journal holds the command's canonical JSON, and a replica reads the same request back.
    @Test func aChargesKeyHashAndEntryAreTheBytesTheyWereAndAReplicaAgrees() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client("1001", uid: "04A22B1C")
        let requests = [
            ChargeRequest(counterID: "restaurant", payer: .card(uid: "04a22b1c"), items: [ChargeItem(productCode: "KOF", quantity: 2)]),
            ChargeRequest(counterID: "restaurant", payer: .client(number: "1001"),
                          items: [ChargeItem(productCode: "KOF", quantity: 1), ChargeItem(productCode: "MAALT", quantity: 1)],
                          reason: "pas vergeten / \"lunch\" 5/12"),
        ]
        for (index, request) in requests.enumerated() {
            _ = try t.ledger.charge(request, operator: TestLedger.admin, idempotencyKey: "json-\(index)")
        }
        let escaping = JSONEncoder()
        escaping.outputFormatting = [.sortedKeys]
        let entries = try t.ledger.entries(after: 0).filter { $0.kind == SaleCharge.kind }
        #expect(entries.count == requests.count)
        for entry in entries {
            let command = try JSONDecoder().decode(SaleCharge.self, from: Data(entry.command.utf8))
            #expect(entry.command == (try CanonicalJSON.encode(command)))
            let stored = try t.ledger.read { db in
                try String.fetchOne(db, sql: "SELECT request_hash FROM idempotency WHERE key = ?", arguments: [command.key])
            }
            let expected = SHA256.hash(data: try escaping.encode(command.request)).map { String(format: "%02x", $0) }.joined()
            #expect(stored == expected, "\(entry.command)")
        }
        #expect(entries.last?.command.contains("/") == true, "the second request holds slashes")

        let report = try t.ledger.verify()
        #expect(report.isClean, "\(report.problems)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pasjes-replica-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let all = try t.ledger.entries(after: 0)
        let replica = try Ledger.replica(at: folder.appendingPathComponent("ledger.sqlite").path,
                                         startingWith: all[0], clock: { t.clock.now })
        _ = try replica.apply(foreign: Array(all.dropFirst()))
        let sql = "SELECT key, request_hash, result FROM idempotency ORDER BY key"
        let here = try t.ledger.read { db in try Row.fetchAll(db, sql: sql) }
        let there = try replica.read { db in try Row.fetchAll(db, sql: sql) }
        #expect(here.count >= requests.count)
        #expect(here == there)
    }
}
