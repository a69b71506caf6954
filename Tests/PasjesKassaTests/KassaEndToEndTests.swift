import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

/// The cashier's screen as a cashier uses it: pasjes-kassa in a real terminal (tmux), a real
/// pasjesd on a demo database, a real pcscd with the virtual reader, and the virtual card.
@Suite(.enabled(if: PrivateReaders.available, "needs root and pcscd + vsmartcard-vpcd (scripts/setup installs them)"))
struct KassaEndToEndTests {
    struct Rig {
        let readers: PrivateReaders
        let daemon: DaemonProcess
        let terminal: Terminal

        init(columns: Int = 80, rows: Int = 24, daemonEnvironment: [String: String] = [:]) throws {
            let folder = try TestSupport.temporaryFolder("kassa")
            readers = try PrivateReaders(in: folder.appendingPathComponent("pcscd"))
            daemon = try DaemonProcess(folder: folder, readers: readers, config: """
                [[readers]]
                match = "Virtual PCD 00 00"
                counter = "restaurant"
                """, environment: daemonEnvironment)
            terminal = try Terminal([TestSupport.binary("pasjes-kassa"), "--counter", "restaurant",
                                     "--socket", daemon.socketPath], columns: columns, rows: rows)
            let ready = terminal.wait(for: "Restaurant De Linde", "Koffie", "Lezer: AAN", "VERBONDEN")
            guard ready.found else { throw TestError("kassa did not come up:\n\(ready.screen)") }
        }

        /// The wallet's balance now: the demo allocates today's month, whose length moves it.
        func balance(of client: String) throws -> Amount {
            try daemon.client().call("wallet.get", ClientRef(number: client), as: WalletInfo.self).balance
        }

        func sales(of client: String) throws -> [String] {
            let history = try daemon.client().call("wallet.history", WalletHistoryParams(clientNumber: client), as: HistoryResult.self)
            return Array(Set(history.lines.filter { $0.kind == "charge" || $0.kind == "charge_own" }.compactMap(\.saleId)))
        }
    }

    @Test(arguments: [(80, 24), (132, 43)])
    func payingWithACard(columns: Int, rows: Int) throws {
        let rig = try Rig(columns: columns, rows: rows)
        let before = try rig.balance(of: "1001")
        rig.terminal.send("1", "1", "3")  // two coffees, one apple pie
        #expect(rig.terminal.wait(for: "2 × Koffie", "Houd de pas voor de lezer", "€ 4,90").found)
        try rig.readers.tap("04A22B1C")
        let after = Amount(before.minorUnits - 490).formatted(.cents)
        let paid = rig.terminal.wait(for: "BETAALD", "Daniëlle de Vries (1001)", "€ 4,90", "Saldo \(after)", "GROEN")
        #expect(paid.found, "\(paid.screen)")
        #expect(try rig.sales(of: "1001").count == 1)
        // Every line of the screen fits the terminal.
        #expect(paid.screen.split(separator: "\n").allSatisfy { $0.count <= columns })
    }

    @Test func balanceQuestionAndDecline() throws {
        let rig = try Rig()
        // "Hoeveel heb ik nog?": a tap with an empty basket shows the balance.
        try rig.readers.tap("04B7C2D9E1F380")
        let balance = rig.terminal.wait(for: "Mehmet Çelik (1002)", "Saldo € 4,00", "ORANJE")
        #expect(balance.found, "\(balance.screen)")
        usleep(1_200_000)
        // Mehmet's wallet is all reserve: coffee is declined, in plain Dutch, and the basket stays.
        rig.terminal.send("1")
        #expect(rig.terminal.wait(for: "1 × Koffie").found)
        try rig.readers.tap("04B7C2D9E1F380")
        let declined = rig.terminal.wait(for: "NIET BETAALD", "Niet genoeg budget", "1 × Koffie")
        #expect(declined.found, "\(declined.screen)")
        usleep(1_200_000)
        // A lost card says so.
        try rig.readers.tap("04D5E6F7")
        let lost = rig.terminal.wait(for: "verloren")
        #expect(lost.found, "\(lost.screen)")
        #expect(try rig.sales(of: "1002").count == 1, "only the demo's own sale")
    }

    @Test func undoTheLastSale() throws {
        let rig = try Rig()
        let before = try rig.balance(of: "1001")
        rig.terminal.send("5")  // a warm meal
        try rig.readers.tap("04A22B1C")
        #expect(rig.terminal.wait(for: "BETAALD", "Saldo \(Amount(before.minorUnits - 750).formatted(.cents))").found)
        rig.terminal.send("u")
        #expect(rig.terminal.wait(for: "Laatste verkoop terugdraaien?", "€ 7,50").found)
        rig.terminal.send("j")
        let undone = rig.terminal.wait(for: "TERUGGEDRAAID", "Daniëlle de Vries")
        #expect(undone.found, "\(undone.screen)")
        #expect(try rig.balance(of: "1001") == before)
    }

    @Test func daemonRestartMidSaleBooksExactlyOnce() throws {
        // The daemon commits the charge, then waits 3 s before answering: we kill it in between,
        // so the cashier's screen never hears the answer to its first try.
        let rig = try Rig(daemonEnvironment: ["PASJESD_FAULT_REPLY_DELAY_MS": "3000"])
        rig.terminal.send("1", "2")
        try rig.readers.tap("04A22B1C")
        let deadline = Date().addingTimeInterval(10)
        while try rig.sales(of: "1001").isEmpty, Date() < deadline { usleep(50_000) }
        #expect(try rig.sales(of: "1001").count == 1, "committed before the kill")
        rig.daemon.stop(SIGKILL)
        let down = rig.terminal.wait(for: "GEEN VERBINDING")
        let interrupted = rig.terminal.wait(for: "Verbinding verbroken")
        #expect(down.found || interrupted.found, "\(interrupted.screen)")
        try rig.daemon.start()
        // The screen reconnects by itself and retries with the same key: the first result comes back.
        let paid = rig.terminal.wait(for: "BETAALD", "Daniëlle de Vries (1001)", "€ 2,20", timeoutSeconds: 30)
        #expect(paid.found, "\(paid.screen)")
        #expect(try rig.sales(of: "1001").count == 1, "booked exactly once")
        #expect(try rig.daemon.client().call("ledger.verify", NoParams(), as: VerifyResult.self).ok)
    }

    @Test func quitAsksFirstAndRestoresTheTerminal() throws {
        let rig = try Rig()
        rig.terminal.send("q")
        #expect(rig.terminal.wait(for: "Kassa afsluiten?").found)
        rig.terminal.send("n")
        usleep(300_000)
        #expect(rig.terminal.isRunning)
        rig.terminal.send("q")
        rig.terminal.send("j")
        let deadline = Date().addingTimeInterval(5)
        while rig.terminal.isRunning, Date() < deadline { usleep(100_000) }
        #expect(!rig.terminal.isRunning, "the program ended and tmux closed its session")
    }

    @Test func ctrlCRestoresTheTerminal() throws {
        let rig = try Rig()
        rig.terminal.send("C-c")
        let deadline = Date().addingTimeInterval(5)
        while rig.terminal.isRunning, Date() < deadline { usleep(100_000) }
        #expect(!rig.terminal.isRunning, "Ctrl-C ends pasjes-kassa (after endwin)")
    }
}
