import Foundation
import PasjesCentral
import Testing
@testable import PasjesCore

/// PostgreSQL's chain is the journal's chain: the hash append_entry computes is the one
/// `JournalEntry.computedHash()` gives for the same fields at the same place.
@Suite struct CentralHashTests {
    @Test func logHashEqualsTheJournalEntryHash() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let (log, _) = try await fixture.node("linde")
        var first = proposal("linde", 1, command: #"{"naam":"Daniëlle","emoji":"☕️🍰","quote":"a\"b:1:"}"#)
        first.operatorName = "Jürgen Ö'Brien"
        first.result = #"{"saldo":"€ 1.234,50"}"#
        var second = proposal("linde", 2)
        second.operatorUID = nil
        second.operatorName = nil
        second.counterID = nil
        second.idempotencyKey = nil
        for candidate in [first, second] {
            _ = try await log.append(candidate)
        }
        var previous = JournalEntry.genesisHash
        for entry in try await log.entries(after: 0) {
            let fields = entry.journalEntry
            let journal = JournalEntry(
                seq: fields.seq, origin: fields.origin, originSeq: fields.originSeq, createdAt: fields.createdAt,
                operatorUID: fields.operatorUID, operatorName: fields.operatorName, counterID: fields.counterID,
                kind: fields.kind, version: fields.version, idempotencyKey: fields.idempotencyKey,
                command: fields.command, result: fields.result, previousHash: previous, hash: fields.hash)
            #expect(fields.previousHash == previous)
            #expect(journal.computedHash() == fields.hash, "entry \(fields.seq)")
            previous = fields.hash
        }
        #expect(try await log.head().hash == previous)
        await log.close()
    }
}
