import Foundation
import PasjesMoney
import PasjesTestSupport
import Testing

/// Issue 20 (items 7, 9, 11, 12): October as `MonthEndToEndTests` books it, a real pasjesd on
/// it and the built `pasjes`: what an administrator types and reads.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct AdministratorSecondPassTests {
    /// A daemon on October's ledger and `pasjes` against it.
    private func october() throws -> (InProcessDaemon, URL, (String...) throws -> CLIRun) {
        let folder = try TestSupport.temporaryFolder("secondpass")
        try MonthEndToEndTests.october(in: folder)
        let daemon = try InProcessDaemon(folder: folder, demo: false)
        return (daemon, folder, { try TestSupport.pasjes($0, socket: daemon.socketPath) })
    }

    /// Runs of `pasjes` with whitespace collapsed, so a wrapped sentence still reads as one.
    private func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func dutchInputIsUnderstoodAndNearMissesGetASuggestion() throws {
        let (daemon, _, pasjes) = try october()
        defer { daemon.stop() }
        let cap = try pasjes("client", "update", "1001", "--cap", "25,-")
        #expect(cap.status == 0 && cap.stdout.contains("€ 25,00"), "\(cap.all)")
        let arrangement = try pasjes("arrangement", "add", "1002", "--product", "KOF", "--quantity", "1", "--per", "maand",
                                     "--from", "01-12-2026")
        #expect(arrangement.status == 0 && arrangement.stdout.contains("per maand") && arrangement.stdout.contains("2026-12-01"),
                "\(arrangement.all)")
        let absence = try pasjes("absence", "add", "1002", "--from", "03-12-2026", "--through", "2026-12-04", "--reden", "ziekenhuis")
        #expect(absence.status == 0 && absence.stdout.contains("van 2026-12-03 tot en met 2026-12-04"), "\(absence.all)")
        let absences = try pasjes("absence", "list", "1002")
        #expect(absences.stdout.contains("ziekenhuis") && !absences.stdout.contains("hospital"), "\(absences.all)")

        let wallet = try pasjes("wallet", " 1001 ")
        #expect(wallet.status == 0 && wallet.stdout.contains("Daniëlle de Vries"), "\(wallet.all)")
        let sale = try pasjes("sale", "charge", " 1002 ", "--counter", " restaurant ", "--item", "KOF", "--reden", "test")
        #expect(sale.status == 0, "\(sale.all)")

        let client = try pasjes("wallet", "10002")
        #expect(client.status == 1 && client.stderr.contains("Bedoelt u 1002?"), "\(client.all)")
        let counter = try pasjes("sale", "charge", "1002", "--counter", "restaurnt", "--item", "KOF", "--reden", "test")
        #expect(counter.status == 1 && counter.stderr.contains("Bedoelt u restaurant?"), "\(counter.all)")
        let product = try pasjes("sale", "charge", "1002", "--counter", "restaurant", "--item", "KOFF", "--reden", "test")
        #expect(product.status == 1 && product.stderr.contains("Bedoelt u KOF?"), "\(product.all)")
    }

    @Test func whatAnAdministratorReadsIsDutch() throws {
        let (daemon, folder, pasjes) = try october()
        defer { daemon.stop() }
        // --ja: a script confirms the close itself (no terminal to ask).
        let notEnded = try pasjes("month", "close", "2999-01", "--ja")
        #expect(notEnded.status == 1 && notEnded.stderr.contains("2999-01 is nog niet voorbij")
                && !notEnded.all.contains("has not ended"), "\(notEnded.all)")
        let grant = try pasjes("budget", "grant", "1001", "--amount", "0,00", "--reason", "griep")
        #expect(grant.status != 0 && !grant.all.contains("must be"), "\(grant.all)")
        let missing = try pasjes("import", "clients", folder.appendingPathComponent("weg.csv").path)
        #expect(missing.status == 2 && !missing.all.contains("No such file"), "\(missing.all)")
        let noDaemon = try TestSupport.pasjes(["wallet", "1001"], socket: folder.appendingPathComponent("geen.sock").path)
        #expect(noDaemon.status == 3 && !noDaemon.all.contains("No such file") && !noDaemon.all.contains("cannot connect"),
                "\(noDaemon.all)")
        let out = try pasjes("export", "memoriaal", "--month", "2026-10", "--out", folder.path)
        #expect(out.status == 0, "\(out.all)")
        let memoriaal = try String(contentsOf: folder.appendingPathComponent("memoriaal-2026-10.csv"), encoding: .utf8)
        #expect(memoriaal.contains("financiering → portemonnee:1001") && !memoriaal.contains("wallet:"), "\(memoriaal)")
        for command in [["absence", "add", "--help"], ["arrangement", "add", "--help"], ["month", "report", "--help"]] {
            let help = try pasjes(command[0], command[1], command[2])
            for english in ["hospital, rehabilitation", "week of month", "<reason>", "<value>"] {
                #expect(!help.stdout.contains(english), "\(command): \(help.stdout)")
            }
        }
    }

    @Test func theMonthReportFitsAHundredColumnsWithTotalsPerCategory() throws {
        let (daemon, _, pasjes) = try october()
        defer { daemon.stop() }
        // A resident of October with a long name (a client created now would not be October's row).
        #expect(try pasjes("client", "update", "1001", "--name",
                           "Wilhelmina Johanna Cornelia van Oldenbarnevelt-Schimmelpenninck").status == 0)
        let run = try Shell.runSeparately([TestSupport.binary("pasjes"), "--socket", daemon.socketPath, "month", "report", "2026-10"],
                                          environment: ["PASJES_SOCKET": "/nergens/pasjesd.sock"])
        #expect(run.status == 0, "--socket before the subcommand: \(run.stderr)")
        let wide = run.stdout.split(separator: "\n").filter { $0.count > 100 }
        #expect(wide.isEmpty, "lines over 100 columns: \(wide)")
        let text = flat(run.stdout)
        #expect(text.contains("Per categorie") && text.contains("Dagbesteding € 75,00"), "\(run.stdout)")
        let breed = try pasjes("month", "report", "2026-10", "--breed")
        #expect(breed.status == 0 && breed.stdout.contains("Teruggevloeid") && breed.stdout.contains("Oldenbarnevelt-Schimmelpenninck"),
                "\(breed.all)")
    }

    @Test func theStatementSaysWhatHappensToWhatIsLeftAndShowsABar() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/weasyprint") else { return }
        let (daemon, folder, pasjes) = try october()
        defer { daemon.stop() }
        let run = try pasjes("statement", "1002", "--month", "2026-10", "--out", folder.path)
        #expect(run.status == 0, "\(run.all)")
        let pdf = folder.appendingPathComponent("maandoverzicht-2026-10-1002.pdf").path
        let text = flat(try Shell.runSeparately(["pdftotext", "-layout", pdf, "-"]).stdout)
        #expect(text.contains("blijft staan tot € 10,00, de rest gaat terug naar de zorgorganisatie"), "\(text)")
        // 1002: € 30,00 in, € 2,40 reversed back, € 12,50 spent: € 17,50 left.
        #expect(text.contains("Gebruikt € 12,50") && text.contains("over € 17,50"), "\(text)")
    }

    /// Item 13: without `--month` the CLI works on pasjesd's month, not the terminal's.
    @Test func theDefaultMonthIsPasjesdsNotTheTerminals() throws {
        let clock = MovableClock(TestSupportDates.utc("2031-03-14T10:00:00Z"))
        let daemon = try InProcessDaemon(demo: false, config: """
            [tariffs.VV5]
            day_tariff = 25063
            personal_share_percent = 40
            """, clock: clock.daemonClock)
        defer { daemon.stop() }
        func pasjes(_ arguments: String...) throws -> CLIRun { try TestSupport.pasjes(arguments, socket: daemon.socketPath) }
        #expect(try pasjes("client", "create", "1005", "--name", "Fatima El Amrani", "--zzp", "VV5", "--location", "De Linde",
                           "--department", "Noord").status == 0)
        let form = try pasjes("budget", "form", "1005")
        #expect(form.status == 0 && form.stdout.contains("2031-03"), "\(form.all)")
        let allocation = try pasjes("budget", "allocate", "1005", "--json")
        #expect(allocation.status == 0 && allocation.json["month"] as? String == "2031-03", "\(allocation.all)")
    }
}
