import Foundation
import PasjesCentral
import PasjesTestSupport
import Testing

/// What the client says when PostgreSQL does not answer: unavailable before sending, unknown
/// after; the host list; the admin commands of the `pasjes` binary.
@Suite struct CentralOutcomeTests {
    @Test(.timeLimit(.minutes(2))) func anAppendWithoutAnAnswerIsUnknownAndMayStillLandInTheLog() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let (log, _) = try await fixture.node("linde", deadlineMilliseconds: 500)
        // The admin holds the head row for 4 s: the append is sent but waits behind it.
        let holder = Task.detached {
            try fixture.server.psql("BEGIN; SELECT global_seq FROM pasjes.log_head FOR UPDATE; SELECT pg_sleep(4); COMMIT;")
        }
        // In pg_sleep means the row is locked.
        for _ in 0..<100 {
            if try fixture.server.psql("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'").output.hasPrefix("1") { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let started = ContinuousClock.now
        await #expect(throws: CentralError.unknown) { try await log.append(proposal("linde", 1)) }
        #expect(ContinuousClock.now - started < .seconds(2), "the deadline was not kept")
        _ = try await holder.value
        // PostgreSQL went on after the client gave up: "nothing booked" would have been wrong.
        var found: CentralEntry?
        for _ in 0..<50 where found == nil {
            found = try await log.entry(origin: "linde", originSeq: 1)
            if found == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(found?.globalSeq == 1)
        // The retry with the same entry answers the one in the log.
        #expect(try await log.append(proposal("linde", 1, createdAt: found?.createdAt ?? "")) == .appended(globalSeq: 1, hash: found?.hash ?? ""))
        await log.close()
    }

    @Test func aStoppedServerIsUnavailableAndTheNextHostInTheListIsUsed() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let file = fixture.server.folder + "/linde.central"
        try await CentralAdmin.addNode(url: fixture.server.adminURL, name: "linde", credentialsFile: file, logger: quietLogger)
        // The first host does not exist; the second is the server.
        let log = try await CentralLog.connect(urls: ["postgres:///pasjes?host=/nonexistent-pasjes", fixture.server.nodeURL],
                                               credentialsFile: file, deadlineMilliseconds: 2_000, logger: quietLogger)
        _ = try await log.append(proposal("linde", 1))
        fixture.server.stopServer()
        await #expect(throws: CentralError.self) { try await log.append(proposal("linde", 2)) }
        await #expect(throws: CentralError.unavailable) { try await log.append(proposal("linde", 2)) }
        await #expect(throws: CentralError.unavailable) { try await log.head() }
        await #expect(throws: CentralError.unavailable) {
            try await CentralLog.connect(urls: [fixture.server.nodeURL], credentialsFile: file, deadlineMilliseconds: 500,
                                         logger: quietLogger)
        }
    }

    @Test func theCommandLineMigratesAndAddsANode() async throws {
        guard let server = try TestPostgres.start() else { return }
        defer { server.stop() }
        let pasjes = TestSupport.binary("pasjes")
        let migrated = try Shell.run([pasjes, "central", "migrate", "--url", server.adminURL])
        #expect(migrated.status == 0 && migrated.output.contains("Toegepast: v1-log"), "\(migrated.output)")
        let again = try Shell.run([pasjes, "central", "migrate", "--url", server.adminURL])
        #expect(again.status == 0 && again.output.contains("al bijgewerkt"), "\(again.output)")
        let file = server.folder + "/eik.central"
        let added = try Shell.run([pasjes, "central", "node", "add", "eik", "--url", server.adminURL, "--credentials-file", file])
        #expect(added.status == 0 && added.output.contains("pasjes_node_eik"), "\(added.output)")
        let twice = try Shell.run([pasjes, "central", "node", "add", "eik", "--url", server.adminURL, "--credentials-file", file])
        #expect(twice.status == 1 && twice.output.contains("nooit overschreven"), "\(twice.output)")
        let log = try await CentralLog.connect(urls: [server.nodeURL], credentialsFile: file, deadlineMilliseconds: 5_000,
                                               logger: quietLogger)
        #expect(log.node == "eik")
        _ = try await log.append(proposal("eik", 1))
        await log.close()
    }
}
