import Foundation
@testable import PasjesCore
import PasjesMoney
import PasjesTestSupport
import Testing

/// Issue 19, finding 6: counter ids became hledger account names as they were, so a no-break
/// space broke `hledger check` and `restaurant:bar` became a sub-account of `restaurant`.
@Suite struct IdentifierRuleTests {
    /// Counters from before the id rule: two no-break spaces (hledger reads them as the double
    /// space that ends an account name), a colon, capitals and a space.
    static let legacyCounters = ["bar\u{A0}\u{A0}2", "restaurant:bar", "Grand Café"]

    @Test func legacyCounterIdsMakeAJournalHledgerAccepts() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client()
        for id in Self.legacyCounters {
            _ = try t.ledger.execute(CounterCreate(counter: Counter(id: id, name: "Oud \(id)", categories: [.facilitair])))
            try t.charge([("KOF", 1)], counter: id)
        }
        try t.charge([("KOF", 2)], counter: "restaurant")
        #expect(try t.ledger.verify().isClean)
        let folder = try TestSupport.temporaryFolder("hledger")
        let month = folder.appendingPathComponent("maand.journal")
        let year = folder.appendingPathComponent("jaar.journal")
        try t.ledger.monthExport(Month(year: 2026, month: 11), kind: .hledger).write(to: month, atomically: false, encoding: .utf8)
        try t.ledger.yearHledger(2026).write(to: year, atomically: false, encoding: .utf8)
        for journal in [month, year] {
            let check = try Shell.runSeparately(["hledger", "-f", journal.path, "check", "-s"])
            #expect(check.status == 0, "hledger check -s \(journal.lastPathComponent): \(check.stderr)")
            // `restaurant:bar` is not a sub-account of `restaurant`: omzet:restaurant is the 2 coffees alone.
            let restaurant = try Shell.runSeparately(["hledger", "-f", journal.path, "balance", "^omzet:restaurant$", "--flat",
                                                      "--no-total", "-O", "csv"])
            #expect(restaurant.stdout.contains("\"omzet:restaurant\"") && restaurant.stdout.contains("2,40"),
                    "\(restaurant.stdout) \(restaurant.stderr)")
            let accounts = try Shell.runSeparately(["hledger", "-f", journal.path, "accounts", "omzet"])
            let revenue = accounts.stdout.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("omzet") }
            #expect(revenue.count == (try t.ledger.counters().count), "one account per counter: \(revenue)")
            #expect(revenue.allSatisfy { $0.filter { $0 == ":" }.count == 1 }, "no sub-accounts: \(revenue)")
        }
    }

    @Test func newIdsOfCountersProductsAndActivitiesFollowTheRule() throws {
        let t = try TestLedger()
        for id in Self.legacyCounters + ["", "Restaurant", "bar.2", "-x\u{200B}"] {
            let error = #expect(throws: LedgerError.self) {
                _ = try t.ledger.createCounter(Counter(id: id, name: "Kassa", categories: [.facilitair]))
            }
            #expect(error?.code == "invalid_input" && error?.message.contains("kassa-id") == true, "\(id): \(String(describing: error))")
        }
        for id in ["bar", "bar-2", "bar_2", "2"] {
            #expect(try t.ledger.createCounter(Counter(id: id, name: "Kassa \(id)", categories: [.facilitair])).id == id)
        }
        for code in ["KOF FIE", "kof:fie", "thé", "KOF.2", "KOF\u{A0}2"] {
            let error = #expect(throws: LedgerError.self) {
                _ = try t.ledger.createProduct(Product(code: code, name: "Koffie", price: Amount(100), category: .facilitair,
                                                       attributable: true, influenceable: true))
            }
            #expect(error?.code == "invalid_input" && error?.message.contains("productcode") == true, "\(code): \(String(describing: error))")
        }
        #expect(try t.ledger.createProduct(Product(code: "kof-2_b", name: "Koffie", price: Amount(100), category: .facilitair,
                                                   attributable: true, influenceable: true)).code == "KOF-2_B")
        for code in ["SCHILDER EN", "schilder:1", "Ä"] {
            let error = #expect(throws: LedgerError.self) {
                _ = try t.ledger.createActivity(Activity(code: code, name: "Schilderen", category: .dagbesteding, price: Amount(0),
                                                         attributable: true, influenceable: true, capacity: 5, place: "",
                                                         durationMinutes: 60, counterID: "bar"),
                                                operator: TestLedger.admin)
            }
            #expect(error?.code == "invalid_input" && error?.message.contains("activiteitcode") == true, "\(code): \(String(describing: error))")
        }
    }
}
