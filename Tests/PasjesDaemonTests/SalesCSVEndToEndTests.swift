import Foundation
import PasjesCore
import PasjesMoney
import PasjesTestSupport
import Synchronization
import Testing

/// Issue 20 item 2: the sales CSV adds up to the month report. October as `MonthEndToEndTests`
/// books it, plus an own-money sale reversed, an arrangement and an attended activity; the CSV
/// from the built `pasjes` is summed as a spreadsheet sums it (decimal comma) and compared with
/// the report, in total and per counter.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct SalesCSVEndToEndTests {
    /// October with every kind of sale: card sales with own money, reversals (one with own
    /// money), an arrangement booked at once and a checked-in activity.
    static func octoberWithEverything(in folder: URL) throws {
        try MonthEndToEndTests.october(in: folder)
        let now = Mutex(TestSupportDates.utc("2026-10-15T10:00:00Z"))
        let ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path, clock: { now.withLock { $0 } })
        defer { try? ledger.close() }
        let admin = Operator(uid: 0, name: "root")
        let ownSale = try ledger.charge(ChargeRequest(counterID: "atelier", payer: .card(uid: "04A22B1C"),
                                                      items: [ChargeItem(productCode: "SCHILD", quantity: 1)]),
                                        operator: admin, idempotencyKey: "own-sale")
        #expect(ownSale.fromOwn.minorUnits > 0, "the wallet of 1001 is spent: own money pays")
        _ = try ledger.reverse(saleID: ownSale.saleID, operator: admin, reason: "vergissing", idempotencyKey: "own-rev")
        _ = try ledger.addArrangement(clientNumber: "1002", productCode: "KOF", quantity: 1, per: .week,
                                      from: CalendarDay("2026-10-15")!, through: nil, operator: admin, idempotencyKey: "arr")
        _ = try ledger.createActivity(Activity(code: "KOOR", name: "Koor", category: .dagbesteding, price: Amount(500),
                                               capacity: 5, counterID: "atelier"), operator: admin)
        let session = try ledger.schedule(SessionPlan(activityCode: "KOOR", firstDay: "2026-10-20", startTime: "10:00"),
                                          operator: admin)[0].id
        _ = try ledger.book(BookingRequest(sessionID: session, payer: .client(number: "1002")), operator: admin,
                            idempotencyKey: "book")
        now.withLock { $0 = TestSupportDates.utc("2026-10-20T07:55:00Z") }
        _ = try ledger.checkIn(BookingRequest(sessionID: session, payer: .card(uid: "04B7C2D9")), operator: admin,
                               idempotencyKey: "in")
    }

    @Test func theSalesCSVSumsToTheReportsNetSalesPerCounter() throws {
        let folder = try TestSupport.temporaryFolder("salescsv")
        try Self.octoberWithEverything(in: folder)
        let daemon = try InProcessDaemon(folder: folder, demo: false)
        defer { daemon.stop() }
        func pasjes(_ arguments: String...) throws -> CLIRun { try TestSupport.pasjes(arguments, socket: daemon.socketPath) }

        let json = try pasjes("month", "report", "2026-10", "--json").json
        let totals = try #require(json["totals"] as? [String: Any])
        let counters = try #require(json["counters"] as? [[String: Any]])
        let netPerCounter = Dictionary(uniqueKeysWithValues: counters.map {
            ($0["key"] as! String, ($0["net"] as! NSNumber).int64Value)
        })
        #expect(netPerCounter.keys.contains(ArrangementCounter.id), "the arrangement is a sale of the month: \(netPerCounter)")
        let export = try pasjes("export", "csv", "--month", "2026-10", "--kind", "sales", "--out", folder.path)
        #expect(export.status == 0, "\(export.all)")
        let rows = try DutchCSVReader.rows(folder.appendingPathComponent("verkopen-2026-10.csv"))
        let header = try #require(rows.first)
        let amount = try #require(header.firstIndex(of: "Bedrag"))
        let own = try #require(header.firstIndex(of: "Eigen bijdrage"), "\(header)")
        let counter = try #require(header.firstIndex(of: "Kassa"))
        let reference = try #require(header.firstIndex(of: "Terugdraaiing van"), "\(header)")
        let lines = rows.dropFirst()
        let sum = lines.compactMap { DutchCSVReader.cents($0[amount]) }.reduce(0, +)
        #expect(sum == (totals["netSales"] as? NSNumber)?.int64Value, "Σ Bedrag \(sum) against \(totals)")
        var perCounter: [String: Int64] = [:]
        for line in lines { perCounter[line[counter], default: 0] += DutchCSVReader.cents(line[amount]) ?? 0 }
        #expect(perCounter == netPerCounter)
        let reversals = lines.filter { !$0[reference].isEmpty }
        #expect(reversals.count == 2 && reversals.allSatisfy { (DutchCSVReader.cents($0[amount]) ?? 0) < 0 }, "\(reversals)")
        let ownSold = lines.filter { $0[reference].isEmpty }.compactMap { DutchCSVReader.cents($0[own]) }.reduce(0, +)
        #expect(ownSold > 0 && ownSold == (totals["ownMoney"] as? NSNumber)?.int64Value, "\(ownSold) against \(totals)")
    }
}
