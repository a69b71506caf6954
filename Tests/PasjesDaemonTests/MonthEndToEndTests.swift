import Foundation
import PasjesCore
import PasjesMoney
import PasjesTestSupport
import Synchronization
import Testing

/// Month close, report and exports end to end: a ledger with an October of activity (booked
/// with a clock set in October), a real pasjesd on it, the built `pasjes`, and Debian's real
/// `hledger` checking and balancing the export against the report.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct MonthEndToEndTests {
    /// A ledger file with October 2026: allocations, sales with own money, a reversal.
    static func october(in folder: URL) throws {
        let now = Mutex(TestSupportDates.utc("2026-10-01T08:00:00Z"))
        let ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path,
                                setup: Ledger.Setup(unit: .cents, policy: BudgetPolicy(saving: .capped(maximum: Amount(1_000)))),
                                clock: { now.withLock { $0 } })
        let admin = Operator(uid: 0, name: "root")
        let cashier = Operator(uid: 1001, name: "marieke")
        _ = try ledger.createCounter(Counter(id: "restaurant", name: "Restaurant", categories: [.facilitair, .welzijn]))
        _ = try ledger.createCounter(Counter(id: "atelier", name: "Atelier", categories: [.dagbesteding]))
        _ = try ledger.createProduct(Product(code: "KOF", name: "Koffie", price: Amount(120), category: .facilitair,
                                             attributable: true, influenceable: true))
        _ = try ledger.createProduct(Product(code: "SCHILD", name: "Schilderen; groep", price: Amount(1_250),
                                             category: .dagbesteding, attributable: true, influenceable: true))
        for (number, name, uid, amount) in [("1001", "Daniëlle de Vries", "04A22B1C", 6_000), ("1002", "Mehmet Çelik", "04B7C2D9", 3_000)] {
            _ = try ledger.createClient(NewClient(number: number, name: name, zzp: "VV5", allowOwnContribution: number == "1001",
                                                  ownContributionCap: Amount(5_000)), idempotencyKey: "c\(number)")
            _ = try ledger.linkCard(uid: uid, clientNumber: number, idempotencyKey: "k\(number)")
            _ = try ledger.allocate(clientNumber: number, month: Month(year: 2026, month: 10), amount: Amount(Int64(amount)),
                                    operator: admin, idempotencyKey: "a\(number)")
        }
        var sales: [String] = []
        for (index, (uid, counter, product, quantity)) in [("04A22B1C", "restaurant", "KOF", 3), ("04A22B1C", "atelier", "SCHILD", 5),
                                                             ("04B7C2D9", "restaurant", "KOF", 2), ("04B7C2D9", "atelier", "SCHILD", 1)].enumerated() {
            now.withLock { $0 = TestSupportDates.utc("2026-10-1\(index)T10:00:00Z") }
            sales.append(try ledger.charge(ChargeRequest(counterID: counter, payer: .card(uid: uid),
                                                         items: [ChargeItem(productCode: product, quantity: Int64(quantity))]),
                                           operator: cashier, idempotencyKey: "s\(index)").saleID)
        }
        _ = try ledger.reverse(saleID: sales[2], operator: admin, reason: "dubbel", idempotencyKey: "r2")
        try ledger.close()
    }

    @Test func closeReportAndExportsTieOutWithHledger() throws {
        let folder = try TestSupport.temporaryFolder("month")
        try Self.october(in: folder)
        let daemon = try InProcessDaemon(folder: folder, demo: false, config: """
            [export]
            dagboek = "PAS"
            portemonnee = "1451"
            """)
        defer { daemon.stop() }
        func pasjes(_ arguments: String...) throws -> CLIRun { try TestSupport.pasjes(arguments, socket: daemon.socketPath) }

        let early = try pasjes("month", "close", "2999-01", "--ja")
        #expect(early.status == 1 && early.stderr.contains("month_not_ended") && early.stderr.contains("nog niet voorbij"), "\(early.all)")
        let close = try pasjes("month", "close", "2026-10", "--ja")
        #expect(close.status == 0 && close.stdout.contains("Zegel"), "\(close.all)")
        let twice = try pasjes("month", "close", "2026-10", "--ja")
        #expect(twice.status == 1 && twice.stderr.contains("month_already_closed"), "\(twice.all)")

        let table = try pasjes("month", "report", "2026-10")
        #expect(table.status == 0 && table.stdout.contains("sluit aan") && table.stdout.contains("Daniëlle de Vries"), "\(table.all)")
        #expect(!table.stdout.contains("Per locatie"), "no counter has a location: the report is as before")
        let json = try pasjes("month", "report", "2026-10", "--json").json
        let clients = try #require(json["clients"] as? [[String: Any]])
        let closings = Dictionary(uniqueKeysWithValues: clients.map { ($0["number"] as! String, ($0["closing"] as! NSNumber).int64Value) })
        #expect(closings == ["1001": 600, "1002": 1_000], "capped saving keeps at most 10,00: \(closings)")
        #expect((json["tieOut"] as? [String: Any])?["balanced"] as? Bool == true)

        try checkHledger(pasjes: pasjes, folder: folder, closings: closings)
        try checkCSV(pasjes: pasjes, folder: folder, totals: try #require(json["totals"] as? [String: Any]))
        let memo = try pasjes("export", "memoriaal", "--month", "2026-10", "--out", folder.path)
        #expect(memo.status == 0, "\(memo.all)")
        let rows = try DutchCSVReader.rows(folder.appendingPathComponent("memoriaal-2026-10.csv"))
        #expect(rows.first == ["Dagboek", "Boekingcode", "Datum", "Omschrijving", "Grootboeknummer", "Debet", "Credit", "Kostenplaats"])
        let debit = rows.dropFirst().compactMap { DutchCSVReader.cents($0[5]) }.reduce(0, +)
        let credit = rows.dropFirst().compactMap { DutchCSVReader.cents($0[6]) }.reduce(0, +)
        #expect(debit == credit && debit > 0 && rows.dropFirst().allSatisfy { $0[0] == "PAS" })
        #expect(rows.contains { $0[4] == "1451" } && rows.contains { $0[4] == "8000" && $0[7] == "atelier" })
    }

    private func checkHledger(pasjes: (String...) throws -> CLIRun, folder: URL, closings: [String: Int64]) throws {
        let export = try pasjes("export", "hledger", "--month", "2026-10", "--out", folder.path)
        #expect(export.status == 0, "\(export.all)")
        let journal = folder.appendingPathComponent("pasjes-2026-10.journal").path
        let check = try Shell.runSeparately(["hledger", "-f", journal, "check", "-s"])
        #expect(check.status == 0, "hledger check -s: \(check.stderr)")
        let balance = try Shell.runSeparately(["hledger", "-f", journal, "balance", "--flat", "--no-total", "-O", "csv"])
        #expect(balance.status == 0, "\(balance.stderr)")
        var balances: [String: Int64] = [:]
        for line in balance.stdout.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            balances[fields[0]] = DutchCSVReader.cents(fields[1])
        }
        for (number, closing) in closings {
            #expect(balances["portemonnee:\(number)"] ?? 0 == closing, "hledger \(number): \(balance.stdout)")
        }
        #expect(balances.values.reduce(0, +) == 0, "every account together is zero in hledger too")
    }

    private func checkCSV(pasjes: (String...) throws -> CLIRun, folder: URL, totals: [String: Any]) throws {
        let export = try pasjes("export", "csv", "--month", "2026-10", "--kind", "sales", "--out", folder.path)
        #expect(export.status == 0, "\(export.all)")
        let file = folder.appendingPathComponent("verkopen-2026-10.csv")
        let bytes = try Data(contentsOf: file)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 with BOM")
        #expect(String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n").count == 7, "CRLF after each of 6 lines")
        let rows = try DutchCSVReader.rows(file)
        #expect(rows[0].first == "Datum" && rows[0][10] == "Bedrag")
        #expect(rows[1][0] == "10-10-2026" && rows[2][6] == "Schilderen; groep", "dd-mm-jjjj, a quoted ;: \(rows)")
        let sum = rows.dropFirst().compactMap { DutchCSVReader.cents($0[10]) }.reduce(0, +)
        #expect(sum == (totals["netSales"] as? NSNumber)?.int64Value, "the reversal has a row of its own")
    }
}

/// Reads back what the exports write: `;`, quotes, decimal comma, BOM and CRLF.
enum DutchCSVReader {
    static func rows(_ file: URL) throws -> [[String]] {
        var text = try String(contentsOf: file, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { field.unicodeScalars.append(c); characters.removeFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == ";" { row.append(field); field = ""
            } else if c == "\r" { continue
            } else if c == "\n" { row.append(field); rows.append(row); row = []; field = ""
            } else { field.unicodeScalars.append(c) }
        }
        return rows
    }

    /// `1234,50`, `-0,05`, `EUR 12,50` as cents; nil for an empty field.
    static func cents(_ text: String) -> Int64? {
        let kept = text.filter { $0.isNumber || $0 == "-" || $0 == "," }
        guard !kept.isEmpty else { return nil }
        let parts = kept.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, let whole = Int64(parts[0].replacingOccurrences(of: "-", with: "")),
              let cents = Int64(parts[1]) else { return nil }
        return (kept.hasPrefix("-") ? -1 : 1) * (whole * 100 + cents)
    }
}

/// Fixed instants for the tests' clocks.
enum TestSupportDates {
    static func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }
}

/// The monthly statement from a real pasjesd through the built `pasjes`, rendered by Debian's
/// WeasyPrint and read back with poppler's `pdfinfo` and `pdftotext`.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/weasyprint")
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdfinfo")))
struct StatementEndToEndTests {
    @Test func aStatementIsOneA4PageWithTheFiguresTheLightAndTheName() throws {
        let folder = try TestSupport.temporaryFolder("statement")
        try MonthEndToEndTests.october(in: folder)
        let daemon = try InProcessDaemon(folder: folder, demo: false)
        defer { daemon.stop() }
        let contact = try TestSupport.pasjes(["contact", "1001", "--name", "Anna de Vries", "--role", "mentor", "--email",
                                              "anna@example.nl"], socket: daemon.socketPath)
        #expect(contact.status == 0, "\(contact.all)")
        let run = try TestSupport.pasjes(["statement", "1001", "--month", "2026-10", "--out", folder.path], socket: daemon.socketPath)
        #expect(run.status == 0, "\(run.all)")
        let pdf = folder.appendingPathComponent("maandoverzicht-2026-10-1001.pdf").path
        let info = try Shell.runSeparately(["pdfinfo", pdf])
        #expect(info.stdout.contains("Pages:           1") && info.stdout.contains("(A4)"), "\(info.stdout)")
        let text = try Shell.runSeparately(["pdftotext", "-layout", pdf, "-"]).stdout
        for expected in ["Daniëlle de Vries", "ORANJE", "Maandoverzicht oktober 2026", "€ 60,00", "€ 62,50", "€ 12,10", "€ 6,00",
                         "Schilderen; groep", "apart voor zorg", "Anna de Vries (mentor"] {
            #expect(text.contains(expected), "\(expected) missing in: \(text)")
        }
        let missing = try TestSupport.pasjes(["statement", "9999", "--month", "2026-10", "--out", folder.path], socket: daemon.socketPath)
        #expect(missing.status == 1 && missing.stderr.contains("client_unknown"), "\(missing.all)")
    }
}

/// `pasjes budget form` against a real pasjesd with `[tariffs]`: its month is what an
/// allocation without an amount books.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct BudgetFormEndToEndTests {
    @Test func theFormsMonthIsWhatTheAllocationBooks() throws {
        // About this month: one that turns halfway would refuse the allocation of the one before.
        MonthTurn.waitIfWithin(seconds: 120)
        let daemon = try InProcessDaemon(demo: false, config: """
            [tariffs.VV5]
            day_tariff = 25063
            personal_share_percent = 40
            [tariffs.VV5.contributions]
            receptie = 500
            nachtzorg = 1200
            """)
        defer { daemon.stop() }
        func pasjes(_ arguments: String...) throws -> CLIRun { try TestSupport.pasjes(arguments, socket: daemon.socketPath) }
        let month = Month(containing: Date()).description
        #expect(try pasjes("client", "create", "1005", "--name", "Fatima El Amrani", "--zzp", "VV5", "--location", "De Linde",
                           "--department", "Noord").status == 0)
        let table = try pasjes("budget", "form", "1005", "--month", month)
        #expect(table.status == 0 && table.stdout.contains("Vaste bijdrage nachtzorg") && table.stdout.contains("GROEN"),
                "\(table.all)")
        let form = try pasjes("budget", "form", "1005", "--month", month, "--json").json
        let allocation = try pasjes("budget", "allocate", "1005", "--month", month, "--json").json
        let formAmount = (form["monthlyAmount"] as? NSNumber)?.int64Value
        #expect(formAmount != nil && formAmount == (allocation["amount"] as? NSNumber)?.int64Value, "\(form) \(allocation)")
        let after = try pasjes("budget", "form", "1005", "--month", month, "--json").json
        #expect((after["allocated"] as? NSNumber)?.int64Value == formAmount)
        let unknown = try pasjes("budget", "form", "9999", "--month", month)
        #expect(unknown.status == 1 && unknown.stderr.contains("client_unknown"), "\(unknown.all)")
    }
}

/// A report with more clients than one reply holds comes in pages that the CLI joins.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct MonthReportPagingTests {
    @Test func aReportOfManyClientsIsJoinedFromPages() throws {
        let folder = try TestSupport.temporaryFolder("pages")
        try MonthEndToEndTests.october(in: folder)
        // Created and allocated in October: lines of October's report, whatever day the test runs.
        let october = TestSupportDates.utc("2026-10-20T10:00:00Z")
        let ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path, clock: { october })
        for index in 1...150 {
            _ = try ledger.createClient(NewClient(number: "P\(index)", name: "Cliënt \(index)", zzp: "VV5"), idempotencyKey: "p\(index)")
            _ = try ledger.allocate(clientNumber: "P\(index)", month: Month(year: 2026, month: 10), amount: Amount(100),
                                    operator: Operator(uid: 0, name: "root"), idempotencyKey: "pa\(index)")
        }
        try ledger.close()
        let daemon = try InProcessDaemon(folder: folder, demo: false)
        defer { daemon.stop() }
        let json = try TestSupport.pasjes(["month", "report", "2026-10", "--json"], socket: daemon.socketPath).json
        let numbers = (json["clients"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? String }
        #expect(numbers.count == 152 && Set(numbers).count == 152, "\(numbers.count) clients")
        #expect(json["clientCount"] as? Int == 152 && json["nextClientOffset"] == nil)
    }
}
