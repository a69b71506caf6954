import Foundation
import PasjesCore
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Synchronization
import Testing

/// Counters at locations (issue 23, item 5) through a real pasjesd on its Unix socket and the
/// built `pasjes`: two locations, sales at both, the month report "Per locatie en kassa", the
/// sales and counters CSV with their `Locatie` column adding up to the report, hledger's
/// `omzet:LOC:COUNTER` checked by the real `hledger`, and the statement grouped by location.
///
/// October 2026 is booked with a clock set in October, so nothing depends on today's date; the
/// locations are given afterwards over the socket: a sale counts where its counter stands now.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjesd"))
                && FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct LocationEndToEndTests {
    static let month = "2026-10"

    /// Counters `restaurant` and `atelier` (and `bar`, which will get no location), two residents,
    /// sales at all three in October 2026 and one reversal at the restaurant.
    static func october(in folder: URL) throws {
        let now = Mutex(TestSupportDates.utc("2026-10-01T08:00:00Z"))
        let ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path,
                                setup: Ledger.Setup(unit: .cents, policy: BudgetPolicy(saving: .none)),
                                clock: { now.withLock { $0 } })
        defer { try? ledger.close() }
        let admin = Operator(uid: 0, name: "root")
        let cashier = Operator(uid: 1001, name: "marieke")
        _ = try ledger.createCounter(Counter(id: "restaurant", name: "Restaurant De Linde", categories: [.facilitair]))
        _ = try ledger.createCounter(Counter(id: "atelier", name: "Atelier Het Veld", categories: [.dagbesteding]))
        _ = try ledger.createCounter(Counter(id: "bar", name: "Bar", categories: [.facilitair]))
        _ = try ledger.createProduct(Product(code: "KOF", name: "Koffie", price: Amount(120), category: .facilitair,
                                             attributable: true, influenceable: true))
        _ = try ledger.createProduct(Product(code: "SCHILD", name: "Schilderen", price: Amount(1_250), category: .dagbesteding,
                                             attributable: true, influenceable: true))
        for (number, uid) in [("1001", "04A22B1C"), ("1002", "04B7C2D9")] {
            _ = try ledger.createClient(NewClient(number: number, name: "Bewoner \(number)", zzp: "VV5"), idempotencyKey: "c\(number)")
            _ = try ledger.linkCard(uid: uid, clientNumber: number, idempotencyKey: "k\(number)")
            _ = try ledger.allocate(clientNumber: number, month: Month(year: 2026, month: 10), amount: Amount(10_000),
                                    operator: admin, idempotencyKey: "a\(number)")
        }
        let sales: [(String, String, String, Int64)] = [
            ("04A22B1C", "restaurant", "KOF", 3), ("04A22B1C", "atelier", "SCHILD", 2), ("04B7C2D9", "restaurant", "KOF", 2),
            ("04B7C2D9", "atelier", "SCHILD", 1), ("04A22B1C", "bar", "KOF", 1), ("04A22B1C", "restaurant", "KOF", 1),
        ]
        var ids: [String] = []
        for (index, (uid, counter, product, quantity)) in sales.enumerated() {
            now.withLock { $0 = TestSupportDates.utc("2026-10-1\(index)T10:00:00Z") }
            ids.append(try ledger.charge(ChargeRequest(counterID: counter, payer: .card(uid: uid),
                                                       items: [ChargeItem(productCode: product, quantity: quantity)]),
                                         operator: cashier, idempotencyKey: "s\(index)").saleID)
        }
        _ = try ledger.reverse(saleID: ids[2], operator: admin, reason: "dubbel", idempotencyKey: "r2")
    }

    /// What October's sales come to per counter, net of the reversal (in cents).
    static let netPerCounter: [String: Int64] = ["restaurant": 3 * 120 + 1 * 120, "atelier": 3 * 1_250, "bar": 120]

    @Test func twoLocationsInTheReportTheCSVsHledgerAndTheStatement() throws {
        let folder = try TestSupport.temporaryFolder("locations")
        try Self.october(in: folder)
        let daemon = try DaemonProcess(folder: folder, demo: false)
        defer { daemon.stop() }
        func pasjes(_ arguments: String...) throws -> CLIRun { try TestSupport.pasjes(arguments, socket: daemon.socketPath) }

        // Where the counters stand: two of them at two locations, the bar at none; a new one made at a location.
        for (counter, location) in [("restaurant", "ehv-noord"), ("atelier", "VELD"), ("bar", "VELD")] {
            let set = try pasjes("counter", "location", counter, location)
            #expect(set.status == 0 && set.stdout.contains(location.uppercased()), "\(set.all)")
        }
        let cleared = try pasjes("counter", "location", "bar", "--none")
        #expect(cleared.status == 0, "\(cleared.all)")
        let made = try pasjes("counter", "create", "kiosk", "--name", "Kiosk", "--category", "facilitair", "--location", "EHV-NOORD")
        #expect(made.status == 0 && made.stdout.contains("EHV-NOORD"), "\(made.all)")
        let invalid = try pasjes("counter", "location", "restaurant", "EHV NOORD")
        #expect(invalid.status == 1 && invalid.stderr.contains("invalid_input") && invalid.stderr.contains("locatiecode"),
                "\(invalid.all)")
        let neither = try pasjes("counter", "location", "restaurant")
        #expect(neither.status == 2 && neither.stderr.contains("--none"), "\(neither.all)")

        let list = try pasjes("counter", "list")
        #expect(list.status == 0 && list.stdout.contains("Locatie"), "\(list.all)")
        let listed = try #require(try pasjes("counter", "list", "--json").json["counters"] as? [[String: Any]])
        let locations = Dictionary(uniqueKeysWithValues: listed.map { ($0["id"] as! String, $0["location"] as? String ?? "") })
        #expect(locations == ["restaurant": "EHV-NOORD", "atelier": "VELD", "bar": "", "kiosk": "EHV-NOORD"])

        let report = try reportPerLocation(pasjes)
        try checkSalesCSV(pasjes, folder: folder, report: report)
        try checkCountersCSV(pasjes, folder: folder)
        try checkHledger(pasjes, folder: folder)
        try checkStatement(daemon)
        let verify = try pasjes("verify")
        #expect(verify.status == 0, "the locations replay from the journal: \(verify.all)")
    }

    /// The report's net sales per location and its total, from `month report --json`; the
    /// text report has the section.
    private func reportPerLocation(_ pasjes: (String...) throws -> CLIRun) throws -> (perLocation: [String: Int64], net: Int64) {
        let text = try pasjes("month", "report", Self.month)
        #expect(text.status == 0 && text.stdout.contains("Per locatie en kassa"), "\(text.all)")
        #expect(text.stdout.contains("(geen locatie)"), "the bar stands nowhere: \(text.stdout)")
        let json = try pasjes("month", "report", Self.month, "--json").json
        let lines = try #require(json["locations"] as? [[String: Any]], "\(json.keys)")
        var perLocation: [String: Int64] = [:]
        var perCounter: [String: Int64] = [:]
        for line in lines {
            let net = (line["net"] as! NSNumber).int64Value
            perLocation[line["location"] as? String ?? "", default: 0] += net
            perCounter[line["counter"] as! String] = net
        }
        #expect(perCounter == Self.netPerCounter, "\(lines)")
        #expect(perLocation == ["EHV-NOORD": 480, "VELD": 3_750, "": 120], "\(lines)")
        #expect(lines.map { $0["location"] as? String ?? "-" } == ["EHV-NOORD", "VELD", "-"], "locations in order, none last")
        let net = try #require(((json["totals"] as? [String: Any])?["netSales"] as? NSNumber)?.int64Value)
        #expect(perLocation.values.reduce(0, +) == net, "the locations add up to the month's net sales")
        return (perLocation, net)
    }

    private func checkSalesCSV(_ pasjes: (String...) throws -> CLIRun, folder: URL,
                               report: (perLocation: [String: Int64], net: Int64)) throws {
        let export = try pasjes("export", "csv", "--month", Self.month, "--kind", "sales", "--out", folder.path)
        #expect(export.status == 0, "\(export.all)")
        let rows = try DutchCSVReader.rows(folder.appendingPathComponent("verkopen-\(Self.month).csv"))
        let header = try #require(rows.first)
        let amount = try #require(header.firstIndex(of: "Bedrag"))
        let location = try #require(header.firstIndex(of: "Locatie"), "\(header)")
        let counter = try #require(header.firstIndex(of: "Kassa"))
        #expect(header[10] == "Bedrag", "a column is added at the end: imports by position keep working")
        var perLocation: [String: Int64] = [:]
        for row in rows.dropFirst() {
            perLocation[row[location], default: 0] += DutchCSVReader.cents(row[amount]) ?? 0
            let expected = ["restaurant": "EHV-NOORD", "atelier": "VELD", "bar": ""][row[counter]]
            #expect(row[location] == expected, "\(row)")
        }
        #expect(perLocation == report.perLocation, "\(rows)")
        #expect(perLocation.values.reduce(0, +) == report.net)
    }

    private func checkCountersCSV(_ pasjes: (String...) throws -> CLIRun, folder: URL) throws {
        let export = try pasjes("export", "csv", "--month", Self.month, "--kind", "counters", "--out", folder.path)
        #expect(export.status == 0, "\(export.all)")
        let rows = try DutchCSVReader.rows(folder.appendingPathComponent("kassas-\(Self.month).csv"))
        #expect(rows.first == ["Kassa", "Naam", "Bruto", "Teruggedraaid", "Netto", "Aantal verkopen", "Locatie"])
        #expect(rows.dropFirst().map { [$0[0], $0[6]] } == [["restaurant", "EHV-NOORD"], ["atelier", "VELD"], ["bar", ""]])
        let net = rows.dropFirst().compactMap { DutchCSVReader.cents($0[4]) }.reduce(0, +)
        #expect(net == Self.netPerCounter.values.reduce(0, +))
    }

    /// Revenue under `omzet:LOCATION:COUNTER`, the bar's as before, and `hledger check -s` passes.
    private func checkHledger(_ pasjes: (String...) throws -> CLIRun, folder: URL) throws {
        let export = try pasjes("export", "hledger", "--month", Self.month, "--out", folder.path)
        #expect(export.status == 0, "\(export.all)")
        let journal = folder.appendingPathComponent("pasjes-\(Self.month).journal").path
        let check = try Shell.runSeparately(["hledger", "-f", journal, "check", "-s"])
        #expect(check.status == 0, "hledger check -s: \(check.stderr)")
        let balance = try Shell.runSeparately(["hledger", "-f", journal, "balance", "--flat", "--no-total", "-O", "csv", "omzet"])
        #expect(balance.status == 0, "\(balance.stderr)")
        var balances: [String: Int64] = [:]
        for line in balance.stdout.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            balances[fields[0]] = DutchCSVReader.cents(fields[1])
        }
        #expect(balances == ["omzet:EHV-NOORD:restaurant": 480, "omzet:VELD:atelier": 3_750, "omzet:bar": 120],
                "\(balance.stdout)")
        let byLocation = try Shell.runSeparately(["hledger", "-f", journal, "balance", "--depth", "2", "--no-total", "-O", "csv",
                                                  "omzet:EHV-NOORD"])
        #expect(byLocation.stdout.contains("omzet:EHV-NOORD") && byLocation.stdout.contains("4,80"), "\(byLocation.stdout)")
    }

    /// A resident who bought at both locations sees each location's purchases together.
    private func checkStatement(_ daemon: DaemonProcess) throws {
        let statement = try daemon.client().call("month.statement", MonthStatementParams(month: Self.month, clientNumber: "1001"),
                                                 as: MonthStatementResult.self)
        let places = statement.purchases.map { $0.location ?? "-" }
        #expect(places == ["EHV-NOORD", "EHV-NOORD", "VELD", "-"], "bought at the restaurant, atelier, bar, restaurant: \(places)")
    }
}
