import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

/// The cashier's screen at a location whose organisation's log goes away (issue 24): a head
/// office and LOCA's node with `[offline]` limits on a real PostgreSQL, pasjes-kassa in a real
/// terminal (tmux) at LOCA's node, a real pcscd with the virtual reader and card.
@Suite(.serialized, .enabled(if: PrivateReaders.available, "needs root and pcscd + vsmartcard-vpcd (scripts/setup installs them)"))
struct CentralKassaOfflineTests {
    /// PostgreSQL stopped: the screen says OFFLINE, a tap pays offline ("wordt later verwerkt",
    /// the last known balance) and the queue shows; PostgreSQL back: ONLINE, the queue drained
    /// and the sale in the log once.
    @Test func theCashierSeesOfflineAndTheQueueAndThenOnlineAgain() async throws {
        guard let site = try await CentralSite.make(nodes: ["loca"]) else { return }
        defer { site.stop() }
        let folder = try TestSupport.temporaryFolder("kassa-offline")
        let readers = try PrivateReaders(in: folder.appendingPathComponent("pcscd"))
        let config = site.config("loca", deadlineMilliseconds: 1_000, offline: CentralSite.offlineLimits) + """

            [[readers]]
            match = "Virtual PCD 00 00"
            counter = "restaurant"
            """
        let node = try DaemonProcess(demo: false, readers: readers, config: config)
        defer { node.stop() }
        try CentralSite.waitUntilOnline(node)
        let terminal = try Terminal([TestSupport.binary("pasjes-kassa"), "--counter", "restaurant",
                                     "--socket", node.socketPath])
        defer { terminal.close() }
        let ready = terminal.wait(for: "Restaurant De Linde", "Koffie", "Lezer: AAN", "VERBONDEN", "ONLINE", timeoutSeconds: 30)
        #expect(ready.found, "\(ready.screen)")
        #expect(!ready.screen.contains("wachtrij"), "\(ready.screen)")

        let server = site.fixture.server
        try await server.whileStopped { _ in
            // The node finds out by itself (its puller asks the log every second).
            let offline = terminal.wait(for: "OFFLINE sinds", "0 in wachtrij · € 0,00", timeoutSeconds: 30)
            guard offline.found else { throw TestError("no OFFLINE on the screen:\n\(offline.screen)\n\(node.log.suffix(3_000))") }
            terminal.send("1")  // one coffee, € 1,20: within the limits
            guard terminal.wait(for: "1 × Koffie", "Houd de pas voor de lezer").found else {
                throw TestError("no basket:\n\(terminal.screen())")
            }
            try readers.tap("04A22B1C")
            let paid = terminal.wait(for: "BETAALD", "Daniëlle de Vries (1001)", "Offline betaald: wordt later verwerkt",
                                     "Laatst bekend saldo", "OFFLINE sinds", "1 in wachtrij · € 1,20", timeoutSeconds: 30)
            guard paid.found else { throw TestError("not paid offline:\n\(paid.screen)\n\(node.log.suffix(3_000))") }
            print("the cashier's screen, paid offline:\n\(paid.screen)")
            // Every line fits the 80 columns.
            guard paid.screen.split(separator: "\n").allSatisfy({ $0.count <= 80 }) else {
                throw TestError("a line runs past 80 columns:\n\(paid.screen)")
            }
        }
        // Back: the queue is forwarded by itself and the screen says ONLINE without a queue.
        try CentralSite.waitUntilDrained(node)
        let deadline = Date().addingTimeInterval(60)
        var screen = terminal.screen()
        while Date() < deadline, !(screen.contains("ONLINE") && !screen.contains("OFFLINE") && !screen.contains("wachtrij")) {
            usleep(200_000)
            screen = terminal.screen()
        }
        #expect(screen.contains("ONLINE") && !screen.contains("OFFLINE") && !screen.contains("wachtrij"),
                "\(screen)\n\(node.log.suffix(3_000))")
        let offlineEntries = try await server.psql("SELECT count(*) FROM pasjes.entries WHERE offline")
        #expect(offlineEntries.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(offlineEntries.output)")
    }
}
