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
        let file = fixture.server.folder + "/linde.central"
        try await CentralAdmin.addNode(url: fixture.server.adminURL, name: "linde", credentialsFile: file, logger: quietLogger)
        // Half a second is short for a connection while other tests start their servers: try again.
        var connected: CentralLog?
        for _ in 0..<20 where connected == nil {
            connected = try? await CentralLog.connect(urls: [fixture.server.nodeURL], credentialsFile: file,
                                                      deadlineMilliseconds: 500, logger: quietLogger)
        }
        let log = try #require(connected)
        // The admin holds the head row until cancelled: the append is sent but waits behind it.
        let holder = Task {
            try await fixture.server.psql("BEGIN; SELECT global_seq FROM pasjes.log_head FOR UPDATE; SELECT pg_sleep(120); COMMIT;")
        }
        // In pg_sleep means the row is locked.
        var holding = false
        for _ in 0..<600 where !holding {
            holding = try await fixture.server.psql("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'").output.hasPrefix("1")
            if !holding { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(holding)
        let started = ContinuousClock.now
        await #expect(throws: CentralError.unknown) { try await log.append(proposal("linde", 1)) }
        // A liveness bound, not a timing: the half-second deadline ends the call, not the lock's
        // 120 s (on a loaded machine the call itself takes a few seconds more).
        #expect(ContinuousClock.now - started < .seconds(30), "the deadline was not kept")
        // The holder gives up its lock (its transaction is cancelled): the waiting append goes on.
        _ = try await fixture.server.psql("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE wait_event = 'PgSleep'")
        _ = try await holder.value
        // PostgreSQL went on after the client gave up: "nothing booked" would have been wrong.
        var found: CentralEntry?
        // (A lookup may itself miss the half-second deadline on a busy machine: it is asked again.)
        for _ in 0..<50 where found == nil {
            found = try? await log.entry(origin: "linde", originSeq: 1)
            if found == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(found?.globalSeq == 1)
        // The retry with the same entry answers the one in the log.
        var retried: CentralAppend?
        for _ in 0..<20 where retried == nil {
            retried = try? await log.append(proposal("linde", 1, createdAt: found?.createdAt ?? ""))
        }
        #expect(retried == .appended(globalSeq: 1, hash: found?.hash ?? ""))
        await log.close()
    }

    @Test func aStoppedServerIsUnavailableAndTheNextHostInTheListIsUsed() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let file = fixture.server.folder + "/linde.central"
        try await CentralAdmin.addNode(url: fixture.server.adminURL, name: "linde", credentialsFile: file, logger: quietLogger)
        // The first host does not exist; the second is the server.
        // 10 s: the deadline of each call, not a timing (on a loaded machine a connect takes seconds).
        let log = try await fixture.server.connect(urls: ["postgres:///pasjes?host=/nonexistent-pasjes", fixture.server.nodeURL],
                                                   credentialsFile: file, deadlineMilliseconds: 10_000)
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

    /// A kept connection that ends as it is used (its server process went away while it sat
    /// idle: pg_terminate_backend, a restart) is not an unreachable log: a read answers on a new
    /// connection within the deadline. A write is not sent again: it may have committed.
    @Test func aConnectionThatEndsWhenUsedIsNotAnUnreachableLog() async throws {
        guard let fixture = try await CentralFixture.make(tcp: true) else { return }
        defer { fixture.server.stop() }
        let file = fixture.server.folder + "/linde.central"
        try await CentralAdmin.addNode(url: fixture.server.adminURL, name: "linde", credentialsFile: file, logger: quietLogger)
        let proxy = try TCPProxy(upstreamPort: fixture.server.port)
        defer { proxy.stop() }
        let log = try await fixture.server.connect(urls: [fixture.server.tcpURL(port: proxy.port)], credentialsFile: file)
        _ = try await log.append(proposal("linde", 1))
        for round in 1...3 {
            proxy.dropOnNextRequest()
            #expect(try await log.head().globalSeq == 1, "round \(round)")
        }
        proxy.dropOnNextRequest()
        await #expect(throws: CentralError.unknown) { try await log.append(proposal("linde", 2)) }
        await log.close()
    }

    @Test func aHostInRecoveryIsSkipped() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let file = fixture.server.folder + "/linde.central"
        try await CentralAdmin.addNode(url: fixture.server.adminURL, name: "linde", credentialsFile: file, logger: quietLogger)
        let standby = try await fixture.server.startStandby()
        defer { standby.stop() }
        #expect(try await standby.psql("SELECT pg_is_in_recovery()").output.hasPrefix("t"))
        // Only the standby: no host to write to.
        await #expect(throws: CentralError.unavailable) {
            try await CentralLog.connect(urls: [standby.nodeURL], credentialsFile: file, deadlineMilliseconds: 15_000,
                                         logger: quietLogger)
        }
        // The standby first in the list: skipped, the primary takes the entry.
        let log = try await fixture.server.connect(urls: [standby.nodeURL, fixture.server.nodeURL], credentialsFile: file)
        #expect(try await log.append(proposal("linde", 1)).globalSeq == 1)
        await log.close()
    }

    @Test func theCommandLineMigratesAndAddsANode() async throws {
        guard let server = try await TestPostgres.start() else { return }
        defer { server.stop() }
        let binary = TestSupport.binary("pasjes")
        let pasjes = { (arguments: [String]) async throws -> (status: Int32, output: String) in
            try await TestSupport.onThreads(1) { _ in try Shell.run([binary] + arguments) }[0]
        }
        let migrated = try await pasjes(["central", "migrate", "--url", server.adminURL])
        #expect(migrated.status == 0 && migrated.output.contains("Toegepast: v1-log"), "\(migrated.output)")
        let again = try await pasjes(["central", "migrate", "--url", server.adminURL])
        #expect(again.status == 0 && again.output.contains("al bijgewerkt"), "\(again.output)")
        let file = server.folder + "/eik.central"
        let added = try await pasjes(["central", "node", "add", "eik", "--url", server.adminURL, "--credentials-file", file])
        #expect(added.status == 0 && added.output.contains("pasjes_node_eik"), "\(added.output)")
        let twice = try await pasjes(["central", "node", "add", "eik", "--url", server.adminURL, "--credentials-file", file])
        #expect(twice.status == 1 && twice.output.contains("nooit overschreven"), "\(twice.output)")
        let log = try await server.connect(credentialsFile: file)
        #expect(log.node == "eik")
        _ = try await log.append(proposal("eik", 1))
        await log.close()
    }
}
