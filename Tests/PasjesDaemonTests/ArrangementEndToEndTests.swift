import Foundation
import PasjesCore
import PasjesMoney
import PasjesTestSupport
import Synchronization
import Testing

/// Arrangements, absence and the solidarity buffer through a real pasjesd and the built
/// `pasjes`, with Debian's `hledger` checking the year's journal against the report.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct ArrangementEndToEndTests {
    /// October 2026 of one resident: showers twice a week, a week in hospital, a grant.
    static func october(in folder: URL) throws {
        let now = Mutex(TestSupportDates.utc("2026-10-01T08:00:00Z"))
        let ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path,
                                setup: Ledger.Setup(unit: .cents, policy: BudgetPolicy(saving: .year)),
                                clock: { now.withLock { $0 } })
        let admin = Operator(uid: 0, name: "root")
        _ = try ledger.createProduct(Product(code: "DOUCHE", name: "Extra douche", price: Amount(1_000), category: .zorg,
                                             attributable: true, influenceable: true))
        _ = try ledger.createClient(NewClient(number: "1001", name: "Daniëlle de Vries", zzp: "VV5",
                                              allowOwnContribution: false, ownContributionCap: .zero), idempotencyKey: "c")
        try ledger.setSolidarity(SolidarityPolicy(basisPoints: 200))
        _ = try ledger.addArrangement(clientNumber: "1001", productCode: "DOUCHE", quantity: 2, per: .week,
                                      from: CalendarDay("2026-10-01")!, through: nil, operator: admin, idempotencyKey: "arr")
        _ = try ledger.allocate(clientNumber: "1001", month: Month(year: 2026, month: 10), amount: Amount(20_000),
                                operator: admin, idempotencyKey: "oct")
        now.withLock { $0 = TestSupportDates.utc("2026-10-12T08:00:00Z") }
        _ = try ledger.recordAbsence(clientNumber: "1001", from: CalendarDay("2026-10-05")!, through: CalendarDay("2026-10-11")!,
                                     reason: .hospital, note: nil, operator: admin, idempotencyKey: "abs")
        _ = try ledger.grant(clientNumber: "1001", amount: Amount(300), reason: "nieuwe bril", operator: admin,
                             idempotencyKey: "grant")
        try ledger.close()
    }

    @Test func anAdministratorsMonthWithArrangementAbsenceAndSolidarity() throws {
        let folder = try TestSupport.temporaryFolder("arrangement")
        try Self.october(in: folder)
        let daemon = try InProcessDaemon(folder: folder, demo: false, config: "[solidarity]\npercent = 2\n")
        defer { daemon.stop() }
        func pasjes(_ arguments: String...) throws -> CLIRun { try TestSupport.pasjes(arguments, socket: daemon.socketPath) }

        let list = try pasjes("arrangement", "list", "1001")
        #expect(list.status == 0 && list.stdout.contains("Extra douche") && list.stdout.contains("week")
                && list.stdout.contains("loopt door"), "\(list.all)")
        let absences = try pasjes("absence", "list", "1001")
        #expect(absences.stdout.contains("2026-10-05") && absences.stdout.contains("ziekenhuis"), "\(absences.all)")
        let buffer = try pasjes("budget", "solidarity")
        #expect(buffer.status == 0 && buffer.stdout.contains("€ 1,00") && buffer.stdout.contains("2 % van elke toekenning"),
                "400 paid in, 300 granted: \(buffer.all)")

        // 20,00 − 9 showers (90,00) + 7 of 31 days back (20,32) + the grant (3,00) = 133,32.
        let report = try pasjes("month", "report", "2026-10", "--json").json
        let client = try #require((report["clients"] as? [[String: Any]])?.first)
        #expect((client["arrangement"] as? NSNumber)?.int64Value == 9_000 && (client["refunds"] as? NSNumber)?.int64Value == 2_032
                && (client["solidarity"] as? NSNumber)?.int64Value == 300 && (client["closing"] as? NSNumber)?.int64Value == 13_332,
                "\(client)")
        #expect(((report["solidarity"] as? [String: Any])?["closing"] as? NSNumber)?.int64Value == 100)
        #expect((report["tieOut"] as? [String: Any])?["balanced"] as? Bool == true, "\(report["tieOut"] ?? "")")
        let table = try pasjes("month", "report", "2026-10")
        #expect(table.stdout.contains("Solidariteitspot") && table.stdout.contains("sluit aan"), "\(table.all)")

        // The year's journal before anything else is booked: hledger accepts it and agrees.
        let export = try pasjes("export", "hledger", "--year", "2026", "--out", folder.path)
        #expect(export.status == 0, "\(export.all)")
        let journal = folder.appendingPathComponent("pasjes-2026.journal").path
        let check = try Shell.runSeparately(["hledger", "-f", journal, "check", "-s"])
        #expect(check.status == 0, "hledger check -s: \(check.stderr)")
        let balance = try Shell.runSeparately(["hledger", "-f", journal, "balance", "--flat", "--no-total", "-O", "csv"])
        #expect(balance.stdout.contains("\"portemonnee:1001\",\"EUR 133,32\"")
                && balance.stdout.contains("\"solidariteit\",\"EUR 1,00\""), "\(balance.stdout)")
        let csvOnly = try pasjes("export", "csv", "--year", "2026", "--kind", "sales")
        #expect(csvOnly.status != 0 && csvOnly.stderr.contains("--year kan alleen bij export hledger"), "\(csvOnly.all)")

        let tooMuch = try pasjes("budget", "grant", "1001", "--amount", "2,00", "--reason", "schoenen")
        #expect(tooMuch.status == 1 && tooMuch.stderr.contains("solidarity_insufficient"), "\(tooMuch.all)")
        let grant = try pasjes("budget", "grant", "1001", "--amount", "0,50", "--reason", "schoenen")
        #expect(grant.status == 0 && grant.stdout.contains("Nog in de pot: € 0,50"), "\(grant.all)")

        let overlap = try pasjes("absence", "add", "1001", "--from", "2026-10-11", "--through", "2026-10-13", "--reason", "other")
        #expect(overlap.status == 1 && overlap.stderr.contains("absence_overlaps"), "\(overlap.all)")
        let later = try pasjes("absence", "add", "1001", "--from", "2026-10-20", "--through", "2026-10-21", "--reason",
                               "rehabilitation")
        #expect(later.status == 0 && later.stdout.contains("Terug: Extra douche, 2 dagen in 2026-10: € 5,80"), "\(later.all)")
        let badReason = try pasjes("absence", "add", "1001", "--from", "2026-10-22", "--through", "2026-10-22", "--reason",
                                   "vakantie")
        #expect(badReason.status != 0 && badReason.stderr.contains("ziekenhuis, revalidatie of anders"), "\(badReason.all)")

        let added = try pasjes("arrangement", "add", "1001", "--product", "DOUCHE", "--quantity", "1", "--per", "month",
                               "--from", "2027-03-01")
        #expect(added.status == 0 && added.stdout.contains("1× Extra douche per maand"), "\(added.all)")
        let badDay = try pasjes("arrangement", "add", "1001", "--product", "DOUCHE", "--quantity", "1", "--per", "month",
                                "--from", "1-13-2027")
        #expect(badDay.status != 0 && badDay.stderr.contains("DD-MM-JJJJ of JJJJ-MM-DD"), "\(badDay.all)")

        let verify = try pasjes("verify")
        #expect(verify.status == 0, "\(verify.all)")
    }
}

/// The fullest statement still fits one A4 page: every summary row, refunds and grants, three
/// contacts and far more purchases than fit (the rest summed in one line).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/weasyprint")
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdfinfo")))
struct FullStatementTests {
    @Test func theFullestStatementIsStillOnePage() throws {
        let folder = try TestSupport.temporaryFolder("fullstatement")
        let now = Mutex(TestSupportDates.utc("2026-10-01T08:00:00Z"))
        let ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path,
                                setup: Ledger.Setup(unit: .cents, policy: BudgetPolicy(saving: .none)),
                                clock: { now.withLock { $0 } })
        let admin = Operator(uid: 0, name: "root")
        _ = try ledger.createCounter(Counter(id: "alles", name: "Alles", categories: ProductCategory.allCases))
        for (code, category) in [("DOUCHE", ProductCategory.zorg), ("SCHILD", .dagbesteding), ("KOF", .facilitair),
                                 ("KAPPER", .welzijn)] {
            _ = try ledger.createProduct(Product(code: code, name: "Product \(code)", price: Amount(100), category: category,
                                                 attributable: true, influenceable: true))
        }
        _ = try ledger.createClient(NewClient(number: "1001", name: "Zoë Ğüneş-Ørsted", zzp: "VV5", allowOwnContribution: true,
                                              ownContributionCap: Amount(50_000)), idempotencyKey: "c")
        try ledger.setSolidarity(SolidarityPolicy(basisPoints: 1_000))
        _ = try ledger.addArrangement(clientNumber: "1001", productCode: "DOUCHE", quantity: 3, per: .week,
                                      from: CalendarDay("2026-10-01")!, through: nil, operator: admin, idempotencyKey: "a")
        _ = try ledger.allocate(clientNumber: "1001", month: Month(year: 2026, month: 10), amount: Amount(8_000),
                                operator: admin, idempotencyKey: "oct")
        var sales: [String] = []
        for n in 0..<60 {
            now.withLock { $0 = TestSupportDates.utc("2026-10-02T08:00:00Z").addingTimeInterval(Double(n) * 36_000) }
            let code = n < 8 ? "DOUCHE" : ["SCHILD", "KOF", "KAPPER"][n % 3]
            sales.append(try ledger.charge(ChargeRequest(counterID: "alles", payer: .client(number: "1001"),
                                                         items: [ChargeItem(productCode: code, quantity: 2)], reason: "test"),
                                           operator: admin, idempotencyKey: "s\(n)").saleID)
        }
        _ = try ledger.reverse(saleID: sales[3], operator: admin, reason: "dubbel", idempotencyKey: "r")
        for (index, range) in [("03", "04"), ("10", "11"), ("20", "22")].enumerated() {
            _ = try ledger.recordAbsence(clientNumber: "1001", from: CalendarDay("2026-10-\(range.0)")!,
                                         through: CalendarDay("2026-10-\(range.1)")!, reason: .hospital, note: nil,
                                         operator: admin, idempotencyKey: "abs\(index)")
        }
        for index in 0..<2 {
            _ = try ledger.grant(clientNumber: "1001", amount: Amount(100), reason: "steun \(index)", operator: admin,
                                 idempotencyKey: "g\(index)")
        }
        for (index, role) in ["mentor", "bewindvoerder", "familie"].enumerated() {
            _ = try ledger.addContact(clientNumber: "1001", ClientContact(role: role, name: "Contactpersoon Met Een Lange Naam \(index)",
                                                                          email: "contactpersoon\(index)@voorbeeld-zorginstelling.nl"),
                                      idempotencyKey: "contact\(index)")
        }
        try ledger.close()
        let daemon = try InProcessDaemon(folder: folder, demo: false)
        defer { daemon.stop() }
        let run = try TestSupport.pasjes(["statement", "1001", "--month", "2026-10", "--out", folder.path], socket: daemon.socketPath)
        #expect(run.status == 0, "\(run.all)")
        let pdf = folder.appendingPathComponent("maandoverzicht-2026-10-1001.pdf").path
        let info = try Shell.runSeparately(["pdfinfo", pdf])
        #expect(info.stdout.contains("Pages:           1"), "\(info.stdout)")
        let text = try Shell.runSeparately(["pdftotext", "-layout", pdf, "-"]).stdout
        for expected in ["Zoë Ğüneş-Ørsted", "Vaste diensten (arrangement)", "Terug voor dagen afwezig", "solidariteitspot",
                         "Terug in het budget", "en nog", "Contactpersoon Met Een Lange Naam 2"] {
            #expect(text.contains(expected), "\(expected) missing in: \(text)")
        }
    }
}
