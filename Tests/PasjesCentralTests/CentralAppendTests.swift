import Foundation
import PasjesCentral
import Testing

/// Appending to the log through `append_entry` and reading it back, against a real PostgreSQL.
@Suite struct CentralAppendTests {
    /// A page of entries in one call (the outbox's forwarder): in order, each with its checks;
    /// the identical page again answers the same positions; a page with one refused entry
    /// appends none of it, and the refusal is the entry's own.
    @Test func aPageOfEntriesIsAppendedInOrderOnceOrNotAtAll() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let (log, _) = try await fixture.node("linde")
        let old = timeText(offsetMilliseconds: -3_600_000)
        var page = (Int64(1)...40).map { proposal("linde", $0, command: #"{"n":\#($0)}"#, writes: ["client:1001"]) }
        // Offline entries keep their own time: an hour old is no clock skew for them.
        page[39] = proposal("linde", 40, createdAt: old, offline: true)
        let appended = try await log.append(page)
        #expect(appended.map { if case .appended(let position, _) = $0 { position } else { Int64(-1) } } == Array(Int64(1)...40))
        #expect(try await log.append(page) == appended, "an identical page answers the same entries")
        #expect(try await log.entries(after: 0).map(\.originSeq) == Array(Int64(1)...40))
        // The second of this page is an online entry an hour old: refused, and the first not appended either.
        let refused = [proposal("linde", 41), proposal("linde", 42, createdAt: old)]
        await #expect(throws: CentralError.clockSkew) { try await log.append(refused) }
        #expect(try await log.head().globalSeq == 40)
        // The node's role may call it; another role may not speak for linde.
        let (other, _) = try await fixture.node("eik")
        await #expect(throws: CentralError.notOrigin) { try await other.append([proposal("linde", 41)]) }
        await log.close()
        await other.close()
    }

    @Test func appendsAndReadsBackInOrder() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        // A second migrate finds nothing to do.
        #expect(try await CentralAdmin.migrate(url: fixture.server.adminURL, logger: quietLogger).isEmpty)
        let (log, _) = try await fixture.node("linde")
        #expect(try await log.head() == CentralHead(globalSeq: 0, hash: String(repeating: "0", count: 64)))
        var hashes: [String] = []
        for seq in Int64(1)...3 {
            let appended = try await log.append(proposal("linde", seq, command: #"{"n":\#(seq)}"#, writes: ["client:100\(seq)"]))
            guard case .appended(let globalSeq, let hash) = appended else { return }
            #expect(globalSeq == seq)
            hashes.append(hash)
        }
        let entries = try await log.entries(after: 0)
        #expect(entries.map(\.globalSeq) == [1, 2, 3])
        #expect(entries.map(\.command) == [#"{"n":1}"#, #"{"n":2}"#, #"{"n":3}"#])
        #expect(entries.map(\.hash) == hashes)
        #expect(entries[0].previousHash == String(repeating: "0", count: 64))
        #expect(entries[1].previousHash == hashes[0] && entries[2].previousHash == hashes[1])
        #expect(entries[2].writes == ["client:1003"] && entries[2].reads == [] && !entries[2].offline)
        #expect(entries[0].operatorUID == 1000 && entries[0].counterID == "restaurant")
        #expect(abs(entries[0].appendedAt.timeIntervalSinceNow) < 60)
        #expect(try await log.entries(after: 1, limit: 1).map(\.globalSeq) == [2])
        #expect(try await log.head() == CentralHead(globalSeq: 3, hash: hashes[2]))
        #expect(try await log.lastOriginSeq("linde") == 3)
        #expect(try await log.lastOriginSeq("elders") == 0)
        #expect(try await log.entry(origin: "linde", originSeq: 2)?.globalSeq == 2)
        #expect(try await log.entry(origin: "linde", originSeq: 4) == nil)
        let mapped = entries[1].journalEntry
        #expect(mapped.seq == 2 && mapped.originSeq == 2 && mapped.previousHash == hashes[0] && mapped.hash == hashes[1])
        try await log.heartbeat(appliedSeq: 3)
        let reported = try await fixture.server.psql("SELECT applied_seq, last_contact IS NOT NULL FROM pasjes.nodes WHERE name = 'linde'")
        #expect(reported.output.trimmingCharacters(in: .whitespacesAndNewlines) == "3|t", "\(reported.output)")
        await log.close()
    }

    @Test func originGapIsRefused() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let (log, _) = try await fixture.node("linde")
        await #expect(throws: CentralError.originGap) { try await log.append(proposal("linde", 2)) }
        _ = try await log.append(proposal("linde", 1))
        await #expect(throws: CentralError.originGap) { try await log.append(proposal("linde", 3)) }
        #expect(try await log.head().globalSeq == 1)
        await log.close()
    }

    @Test func originConflictIsRefusedAndAnIdenticalRetryAnswersTheFirstAppend() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let (log, _) = try await fixture.node("linde")
        let first = proposal("linde", 1, command: #"{"amount":120}"#, writes: ["client:1001"])
        let appended = try await log.append(first)
        // The retry after an unknown outcome: the same entry answers the same place, nothing new.
        #expect(try await log.append(first) == appended)
        var other = first
        other.command = #"{"amount":999}"#
        await #expect(throws: CentralError.originConflict) { try await log.append(other) }
        var otherResult = first
        otherResult.result = #"{"ok":false}"#
        await #expect(throws: CentralError.originConflict) { try await log.append(otherResult) }
        #expect(try await log.head().globalSeq == 1)
        #expect(try await log.entries(after: 0).count == 1)
        await log.close()
    }

    @Test func staleReadStreamIsAConflict() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let (linde, _) = try await fixture.node("linde")
        let (eik, _) = try await fixture.node("eik")
        _ = try await linde.append(proposal("linde", 1, writes: ["client:1001", "card:04AA"]))
        // eik decided at position 0, before linde's entry wrote client:1001.
        await #expect(throws: CentralError.streamConflict(["card:04AA", "client:1001"])) {
            try await eik.append(proposal("eik", 1, reads: ["client:1001", "card:04AA", "month:2026-12"], decidedAt: 0))
        }
        // Decided again at position 1: accepted, and its write moves the stream on.
        let accepted = try await eik.append(proposal("eik", 1, reads: ["client:1001"], writes: ["client:1001"], decidedAt: 1))
        #expect(accepted.globalSeq == 2)
        await #expect(throws: CentralError.streamConflict(["client:1001"])) {
            try await linde.append(proposal("linde", 2, reads: ["client:1001"], decidedAt: 1))
        }
        let versions = try await fixture.server.psql("SELECT name || '=' || version FROM pasjes.streams ORDER BY name")
        #expect(versions.output.split(separator: "\n") == ["card:04AA=1", "client:1001=2"], "\(versions.output)")
        await linde.close()
        await eik.close()
    }

    @Test func onlineEntryMoreThanSixtySecondsOffIsRefused() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let (log, _) = try await fixture.node("linde")
        // 90 s, not 61: the time is taken here and compared with the server's at its arrival, and
        // on a loaded machine 61 s ahead arrived less than 60 s ahead and was taken.
        await #expect(throws: CentralError.clockSkew) {
            try await log.append(proposal("linde", 1, createdAt: timeText(offsetMilliseconds: 90_000)))
        }
        await #expect(throws: CentralError.clockSkew) {
            try await log.append(proposal("linde", 1, createdAt: timeText(offsetMilliseconds: -90_000)))
        }
        // An offline entry keeps the time it was booked at.
        let offline = try await log.append(proposal("linde", 1, createdAt: timeText(offsetMilliseconds: -3_600_000), offline: true))
        #expect(offline.globalSeq == 1)
        _ = try await log.append(proposal("linde", 2, createdAt: timeText(offsetMilliseconds: 5_000)))
        await #expect(throws: CentralError.refused("PJ006: pasjes: created_at 2026-02-30T10:00:00.000Z is no date")) {
            try await log.append(proposal("linde", 3, createdAt: "2026-02-30T10:00:00.000Z"))
        }
        await log.close()
    }
}

extension CentralAppend {
    var globalSeq: Int64 {
        switch self { case .appended(let globalSeq, _): globalSeq }
    }
}
