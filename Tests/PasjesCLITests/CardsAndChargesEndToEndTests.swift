import Foundation
import PasjesCLI
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Issue 9, charges and cards: the built `pasjes` against a real pasjesd on the demo home
/// (1001 Daniëlle 04A22B1C, 1002 Mehmet 04B7C2D9E1F380, 1003 Jan 04C3D4E5, 1004 Anna 04D5E6F7 lost).
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjesd"))
                            && FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct CardsAndChargesEndToEndTests {
    typealias Run = CLIRun

    func pasjes(_ arguments: [String], _ daemon: DaemonProcess) throws -> Run {
        try TestSupport.pasjes(arguments, socket: daemon.socketPath)
    }

    func history(_ number: String, _ daemon: DaemonProcess) throws -> [[String: Any]] {
        let run = try pasjes(["wallet", "history", number, "--json"], daemon)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return object?["lines"] as? [[String: Any]] ?? []
    }

    func charges(_ number: String, _ daemon: DaemonProcess) throws -> Int {
        try history(number, daemon).filter { $0["kind"] as? String == "charge" }.count
    }

    @Test func aBlockedOrLostCardNamedWithItsClientIsRefusedForAnAdminToo() throws {
        let daemon = try DaemonProcess(demo: true)
        defer { daemon.stop() }
        #expect(try pasjes(["card", "block", "04A22B1C", "--reason", "kapot"], daemon).status == 0)
        let blocked = try pasjes(["sale", "charge", "1001", "--card", "04A22B1C", "--counter", "restaurant", "--item", "KOF",
                                  "--reason", "pas vergeten"], daemon)
        #expect(blocked.status == 1, "\(blocked.stdout)")
        #expect(blocked.stderr.contains("(card_blocked)"), "\(blocked.stderr)")
        let lost = try pasjes(["sale", "charge", "1004", "--card", "04D5E6F7", "--counter", "restaurant", "--item", "KOF",
                               "--reason", "pas vergeten"], daemon)
        #expect(lost.status == 1, "\(lost.stdout)")
        #expect(lost.stderr.contains("(card_lost)"), "\(lost.stderr)")
        #expect(try charges("1001", daemon) == 0)
        #expect(try charges("1004", daemon) == 0)
    }

    @Test func anotherClientsCardIsRefused() throws {
        let daemon = try DaemonProcess(demo: true)
        defer { daemon.stop() }
        let jansCharges = try charges("1003", daemon)  // the demo's extra showers
        let other = try pasjes(["sale", "charge", "1001", "--card", "04C3D4E5", "--counter", "restaurant", "--item", "KOF",
                                "--reason", "pas vergeten"], daemon)
        #expect(other.status == 1, "\(other.stdout)")
        #expect(other.stderr.contains("(card_other_client)"), "\(other.stderr)")
        #expect(try charges("1001", daemon) == 0)
        #expect(try charges("1003", daemon) == jansCharges)
        // The client's own active card pays.
        let own = try pasjes(["sale", "charge", "1001", "--card", "04:a2:2b:1c", "--counter", "restaurant", "--item", "KOF",
                              "--reason", "pas vergeten"], daemon)
        #expect(own.status == 0, "\(own.stderr)")
        #expect(try charges("1001", daemon) == 1)
    }

    @Test func theReasonAndSaleIdAreInHistoryAndTheReasonInTheLog() throws {
        let daemon = try DaemonProcess(demo: true)
        defer { daemon.stop() }
        let sale = try pasjes(["sale", "charge", "1001", "--counter", "restaurant", "--item", "KOF",
                               "--reason", "pas thuis vergeten", "--json"], daemon)
        #expect(sale.status == 0, "\(sale.stderr)")
        let saleObject = try JSONSerialization.jsonObject(with: Data(sale.stdout.utf8)) as? [String: Any]
        let saleId = try #require(saleObject?["saleId"] as? String)

        let table = try pasjes(["wallet", "history", "1001"], daemon)
        #expect(table.status == 0, "\(table.stderr)")
        let header = try #require(table.stdout.split(separator: "\n").first.map(String.init))
        #expect(header.contains("Reden") && header.contains("Verkoop"), "\(header)")
        let row = try #require(table.stdout.split(separator: "\n").first { $0.contains("aankoop") }.map(String.init),
                               "\(table.stdout)")
        #expect(row.contains("pas thuis vergeten"), "\(row)")
        #expect(row.contains(saleId), "the whole sale id, for sale reverse: \(row)")

        let line = try #require(try history("1001", daemon).first { $0["kind"] as? String == "charge" })
        #expect(line["reason"] as? String == "pas thuis vergeten")
        #expect(line["saleId"] as? String == saleId)

        let logged = daemon.log.split(separator: "\n").first { $0.contains(" sale ") && $0.contains(saleId) }
        #expect(logged?.contains("reason=\"pas thuis vergeten\"") == true, "\(daemon.log)")

        // The reversal's reason is on its line too.
        #expect(try pasjes(["sale", "reverse", saleId, "--reason", "dubbel"], daemon).status == 0)
        let reversal = try history("1001", daemon).first { $0["kind"] as? String == "reversal" }
        #expect(reversal?["reason"] as? String == "dubbel")
    }

    @Test func aLostCardThatTurnsUpIsUnblockedButAReplacedOneIsNot() throws {
        let daemon = try DaemonProcess(demo: true)
        defer { daemon.stop() }
        #expect(try pasjes(["card", "block", "04D5E6F7", "--lost", "--reason", "kwijt in de tuin"], daemon).status == 0)
        let lost = try pasjes(["card", "get", "04D5E6F7"], daemon)
        #expect(lost.stdout.contains("verloren") && lost.stdout.contains("kwijt in de tuin"), "\(lost.stdout)")
        #expect(lost.stdout.contains("Geblokkeerd sinds"), "\(lost.stdout)")
        let lostJSON = try pasjes(["card", "get", "04D5E6F7", "--json"], daemon)
        #expect(lostJSON.stdout.contains("\"blockedAt\""), "\(lostJSON.stdout)")

        #expect(try pasjes(["card", "unblock", "04D5E6F7"], daemon).status == 2, "a reason is required")
        let found = try pasjes(["card", "unblock", "04D5E6F7", "--reden", "teruggevonden in de huiskamer"], daemon)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("actief"), "\(found.stdout)")
        let card = try pasjes(["card", "get", "04D5E6F7"], daemon)
        #expect(card.stdout.contains("teruggevonden in de huiskamer"), "\(card.stdout)")
        let pays = try pasjes(["sale", "charge", "1004", "--card", "04D5E6F7", "--counter", "restaurant", "--item", "KOF",
                               "--reason", "test na terugvinden"], daemon)
        #expect(pays.status == 0, "\(pays.stderr)")
        #expect(daemon.log.contains("card unblocked"), "\(daemon.log)")

        // Jan's card is lost and replaced: the old one never comes back.
        #expect(try pasjes(["card", "block", "04C3D4E5", "--lost", "--reason", "kwijt"], daemon).status == 0)
        #expect(try pasjes(["card", "replace", "04C3D4E5", "04C3D4E6"], daemon).status == 0)
        let replaced = try pasjes(["card", "unblock", "04C3D4E5", "--reason", "toch gevonden"], daemon)
        #expect(replaced.status == 1)
        #expect(replaced.stderr.contains("(card_replaced)"), "\(replaced.stderr)")
        #expect(try pasjes(["card", "get", "04C3D4E5"], daemon).stdout.contains("verloren"))

        // The protocol: card.block with state active and no reason is refused.
        let client = try daemon.client()
        defer { client.close() }
        #expect(throws: RPCError.self) {
            _ = try client.callRaw("card.block", CardBlockParams(uid: "04A22B1C", state: .blocked))
            _ = try client.callRaw("card.block", CardBlockParams(uid: "04A22B1C", state: .active))
        }
    }

    @Test func cardsAreListedByClientAndState() throws {
        let daemon = try DaemonProcess(demo: true)
        defer { daemon.stop() }
        let all = try pasjes(["card", "list"], daemon)
        #expect(all.status == 0, "\(all.stderr)")
        for uid in ["04A22B1C", "04B7C2D9E1F380", "04C3D4E5", "04D5E6F7"] { #expect(all.stdout.contains(uid), "\(all.stdout)") }
        for state in ["verloren", "lost", "Verloren"] {
            let lost = try pasjes(["card", "list", "--state", state], daemon)
            #expect(lost.status == 0, "\(lost.stderr)")
            #expect(lost.stdout.contains("04D5E6F7") && !lost.stdout.contains("04A22B1C"), "\(lost.stdout)")
        }
        let mehmet = try pasjes(["card", "list", "--client", "1002", "--json"], daemon)
        let object = try JSONSerialization.jsonObject(with: Data(mehmet.stdout.utf8)) as? [String: Any]
        let cards = object?["cards"] as? [[String: Any]] ?? []
        #expect(cards.map { $0["uid"] as? String } == ["04B7C2D9E1F380"], "\(mehmet.stdout)")
        let none = try pasjes(["card", "list", "--client", "1002", "--state", "geblokkeerd"], daemon)
        #expect(none.status == 0)
        #expect(none.stdout.contains("Geen passen"), "\(none.stdout)")
        let wrong = try pasjes(["card", "list", "--state", "kapot"], daemon)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("actief/active"), "\(wrong.stderr)")
    }

    @Test func aSecondActiveCardNeedsExtra() throws {
        let daemon = try DaemonProcess(demo: true)
        defer { daemon.stop() }
        let refused = try pasjes(["card", "link", "04AABBCC", "1001"], daemon)
        #expect(refused.status == 1, "\(refused.stdout)")
        #expect(refused.stderr.contains("04A22B1C"), "names the active card: \(refused.stderr)")
        #expect(refused.stderr.contains("(active_card_exists)"), "\(refused.stderr)")
        #expect(try pasjes(["card", "get", "04AABBCC"], daemon).status == 1)
        let extra = try pasjes(["card", "link", "04AABBCC", "1001", "--extra"], daemon)
        #expect(extra.status == 0, "\(extra.stderr)")
        let active = try pasjes(["card", "list", "--client", "1001", "--state", "actief"], daemon)
        #expect(active.stdout.contains("04AABBCC") && active.stdout.contains("04A22B1C"), "\(active.stdout)")
        // Anna's only card is lost: her new card needs no --extra.
        #expect(try pasjes(["card", "link", "04DDEEFF", "1004"], daemon).status == 0)
    }

    @Test func walletWithoutArgumentSaysWhatToGive() throws {
        let daemon = try DaemonProcess(demo: true)
        defer { daemon.stop() }
        let run = try pasjes(["wallet"], daemon)
        #expect(run.status == 2)
        #expect(run.stderr.contains("Geef een cliëntnummer") && run.stderr.contains("--card"), "\(run.stderr)")
        #expect(!run.stderr.contains("niet allebei"), "\(run.stderr)")
    }

    @Test func walletShowsAnnouncedMoneyApart() throws {
        let daemon = try DaemonProcess(demo: true)
        defer { daemon.stop() }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        let next = calendar.dateComponents([.year, .month], from: calendar.date(byAdding: .month, value: 1, to: Date())!)
        let month = String(format: "%04d-%02d", next.year!, next.month!)
        let allocated = try pasjes(["budget", "allocate", "1002", "--month", month, "--amount", "500,00"], daemon)
        #expect(allocated.status == 0, "\(allocated.stderr)")
        let wallet = try pasjes(["wallet", "1002"], daemon)
        #expect(wallet.stdout.contains("Aangekondigd"), "\(wallet.stdout)")
        #expect(wallet.stdout.contains("€ 500,00 voor \(month)"), "\(wallet.stdout)")
    }

    @Test(arguments: [("actief", "active"), ("ACTIVE", "active"), ("geblokkeerd", "blocked"), ("blocked", "blocked"),
                      ("verloren", "lost"), ("lost", "lost")])
    func cardStatesAreReadInDutchAndEnglish(text: String, state: String) {
        #expect(CardStateText.parse(text)?.rawValue == state)
    }

    @Test func otherStatesAreNotCardStates() {
        #expect(CardStateText.parse("kapot") == nil)
        #expect(CardStateText.parse("") == nil)
    }
}
