import Foundation
import PasjesTestSupport
import Testing

/// Issue 9's "first month": an administrator runs a month from the README with the built
/// `pasjes` against a real pasjesd: tariffs from the config, CSV import, allocation by ZZP,
/// sales, a reversal, a lost card that turns up, an early allocation for next month, history
/// with reasons. Nothing meets a wrong amount, a stuck allocation, a blocked card that pays or
/// a sentence in English.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjesd"))
                && FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct FirstMonthEndToEndTests {
    typealias Run = CLIRun

    @Test func anAdministratorsFirstMonth() throws {
        let daemon = try DaemonProcess(demo: false, config: """
            [tariffs.VV5]
            day_tariff = 25063
            personal_share_percent = 40
            [tariffs.VV5.contributions]
            receptie = 500
            nachtzorg = 1200
            [tariffs.VV6]
            day_tariff = 30000
            personal_share_percent = 30
            """)
        defer { daemon.stop() }
        let folder = daemon.folder
        func pasjes(_ arguments: String...) throws -> Run {
            try TestSupport.pasjes(arguments, socket: daemon.socketPath)
        }
        func english(_ text: String) -> Bool {
            ["Error:", "short ", "not allowed", "USAGE:"].contains { text.contains($0) }
        }

        // Set-up: a counter and products, amounts typed as people type them.
        #expect(try pasjes("counter", "create", "restaurant", "--name", "Restaurant", "--category", "facilitair").status == 0)
        let coffee = try pasjes("product", "create", "kof", "--name", "Koffie", "--price", "1.2", "--category", "facilitair",
                                "--attributable", "--influenceable")
        #expect(coffee.status == 0 && coffee.stdout.contains("€ 1,20") && coffee.stdout.contains("KOF"), "\(coffee.all)")
        #expect(try pasjes("product", "create", "MAALT", "--name", "Warme maaltijd", "--price", "7,5", "--category", "facilitair",
                           "--attributable", "--influenceable").stdout.contains("€ 7,50"))
        let ambiguous = try pasjes("product", "create", "T2", "--name", "Taart", "--price", "1.234", "--category", "facilitair",
                                   "--attributable", "--influenceable")
        #expect(ambiguous.status == 2 && ambiguous.stderr.contains("€ 1.234,00"), "\(ambiguous.all)")

        // Import: clients (with a ZZP the tariffs do not know: nothing imported), then cards.
        let clients = folder.appendingPathComponent("clienten.csv").path
        try "nummer;naam;zzp;locatie;afdeling;eigen_bijdrage;plafond\n1001; Daniëlle de Vries ;VV5;De Linde;Noord;ja;25,5\n1002;Mehmet Yılmaz;VV6;De Linde;Zuid;nee;\n"
            .write(toFile: clients, atomically: true, encoding: .utf8)
        let imported = try pasjes("import", "clients", clients)
        #expect(imported.status == 0, "\(imported.all)")
        let daniëlle = try pasjes("client", "get", "1001")
        #expect(daniëlle.stdout.contains("Daniëlle de Vries") && daniëlle.stdout.contains("€ 25,50"), "\(daniëlle.stdout)")
        let cards = folder.appendingPathComponent("passen.csv").path
        try "pasnummer;clientnummer\n04A22B1C;1001\n04B7C2D9E1F380;1002\n04C3D4E5;1002\n".write(toFile: cards, atomically: true, encoding: .utf8)
        let twoCards = try pasjes("import", "cards", cards)
        #expect(twoCards.status == 1 && twoCards.stderr.contains("--extra"), "a second card is found while checking: \(twoCards.all)")
        #expect(try pasjes("card", "list", "--client", "1002").stdout.contains("Geen passen"), "nothing linked halfway")
        try "pasnummer;clientnummer\n04A22B1C;1001\n04B7C2D9E1F380;1002\n".write(toFile: cards, atomically: true, encoding: .utf8)
        #expect(try pasjes("import", "cards", cards).status == 0)

        // Allocation by ZZP from the tariffs; this month only once; a far month refused with the range.
        let allocated = try pasjes("budget", "allocate", "1001", "--json")
        #expect(allocated.status == 0, "\(allocated.all)")
        #expect(try pasjes("budget", "allocate", "1002").status == 0)
        let far = try pasjes("budget", "allocate", "1001", "--month", "2030-01", "--amount", "10")
        #expect(far.status == 1 && far.stderr.contains("alleen"), "\(far.all)")

        // Sales: a refusal in Dutch with a Dutch amount, a sale with a reason, its reversal.
        let tooMuch = try pasjes("sale", "charge", "1002", "--counter", "restaurant", "--item", "MAALT:1000", "--reason", "test")
        #expect(tooMuch.status == 1 && tooMuch.stderr.contains("tekort") && !english(tooMuch.stderr), "\(tooMuch.all)")
        let sale = try pasjes("sale", "charge", "1001", "--counter", "restaurant", "--item", "KOF:2", "--reason", "pas thuis vergeten", "--json")
        #expect(sale.status == 0, "\(sale.all)")
        let saleObject = try JSONSerialization.jsonObject(with: Data(sale.stdout.utf8)) as? [String: Any]
        let saleID = try #require(saleObject?["saleId"] as? String)
        #expect(try pasjes("sale", "charge", "1001", "--counter", "restaurant", "--item", "MAALT", "--reason", "pas thuis vergeten").status == 0)
        #expect(try pasjes("sale", "reverse", saleID, "--reason", "verkeerd aangeslagen").status == 0)

        // The lost card: refused, for the admin too; it turns up and pays again.
        #expect(try pasjes("card", "block", "04A22B1C", "--lost", "--reason", "kwijt in de tuin").status == 0)
        let lost = try pasjes("sale", "charge", "1001", "--card", "04A22B1C", "--counter", "restaurant", "--item", "KOF",
                              "--reason", "test")
        #expect(lost.status == 1 && lost.stderr.contains("card_lost"), "\(lost.all)")
        #expect(try pasjes("card", "get", "04A22B1C").stdout.contains("kwijt in de tuin"))
        #expect(try pasjes("card", "unblock", "04A22B1C", "--reason", "teruggevonden").status == 0)
        #expect(try pasjes("sale", "charge", "1001", "--card", "04A22B1C", "--counter", "restaurant", "--item", "KOF",
                           "--reason", "pas bij de balie gevonden").status == 0)
        let otherCard = try pasjes("sale", "charge", "1001", "--card", "04B7C2D9E1F380", "--counter", "restaurant",
                                   "--item", "KOF", "--reason", "test")
        #expect(otherCard.status == 1 && otherCard.stderr.contains("card_other_client"), "\(otherCard.all)")

        // Next month early: announced, not spendable now; it can be taken back.
        let months = AllocationsEndToEndTests.months()
        let early = try pasjes("budget", "allocate", "1002", "--month", months.next, "--amount", "100")
        #expect(early.status == 0, "\(early.all)")
        let wallet = try pasjes("wallet", "1002", "--json")
        #expect(wallet.stdout.contains("\"announced\" : 10000"), "\(wallet.stdout)")
        #expect(try pasjes("budget", "reverse", "1002", "--month", months.next, "--reden", "te vroeg").status == 0)

        // History with sale ids and reasons; the ledger is clean.
        let history = try pasjes("wallet", "history", "1001")
        #expect(history.stdout.contains("pas thuis vergeten") && history.stdout.contains("verkeerd aangeslagen"), "\(history.stdout)")
        #expect(history.stdout.contains(saleID))
        let json = try pasjes("wallet", "history", "1001", "--json")
        #expect(json.stdout.contains("\"reason\" : \"pas thuis vergeten\""))
        #expect(try pasjes("verify").status == 0)
        for run in [tooMuch, far, lost, otherCard, ambiguous] { #expect(!english(run.all), "\(run.all)") }
    }
}
