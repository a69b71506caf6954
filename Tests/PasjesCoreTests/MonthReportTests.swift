import Foundation
@testable import PasjesCore
import PasjesMoney
import Testing

/// The report, tie-out and close rules as plain functions over facts made by hand.
@Suite struct MonthReportTests {
    private let november = Month(year: 2026, month: 11)

    private func facts(revenueDuring: Int64 = 990) -> MonthFacts {
        let line = SaleLineFact(saleID: "s1", clientNumber: "1001", counterID: "restaurant", operatorName: "kassa1",
                                productCode: "KOF", productName: "Koffie", category: "facilitair", quantity: 2,
                                unitPrice: 120, createdAt: "2026-11-15T11:00:00.000Z")
        var meal = line
        meal.productCode = "MAALT"
        meal.productName = "Maaltijd"
        meal.quantity = 1
        meal.unitPrice = 750
        return MonthFacts(
            month: november, unit: .cents,
            accounts: [
                AccountFact(code: "funding", kind: "funding", balanceNow: -10_000, before: 0, during: -10_000, after: 0),
                AccountFact(code: "wallet:1001", kind: "wallet", clientNumber: "1001", clientName: "Daniëlle",
                            balanceNow: 9_010, before: 0, during: 9_010, after: 0),
                AccountFact(code: "revenue:restaurant", kind: "revenue", balanceNow: 990, before: 0,
                            during: revenueDuring, after: 990 - revenueDuring),
            ],
            transfers: [
                TransferFact(id: "t1", kind: "allocation", debit: "funding", credit: "wallet:1001", amount: 10_000,
                             operatorName: "root", memo: "budget", createdAt: ""),
                TransferFact(id: "t2", kind: "charge", debit: "wallet:1001", credit: "revenue:restaurant", amount: 990,
                             saleID: "s1", counterID: "restaurant", operatorName: "kassa1", memo: "", createdAt: ""),
            ],
            saleLines: [line, meal], reversedLines: [], counterNames: ["restaurant": "Restaurant"], pending: [])
    }

    @Test func aConsistentMonthTiesOut() throws {
        let report = try MonthReport.compute(facts())
        #expect(report.tieOut.balanced, "\(report.tieOut.checks)")
        let client = try #require(report.clients.first)
        #expect(client.opening == .zero && client.allocated == Amount(10_000) && client.purchases == Amount(990))
        #expect(client.closing == Amount(9_010))
        #expect(report.products.map(\.key) == ["KOF", "MAALT"] && report.products[0].count == 2)
        #expect(report.counters == [SalesLine(key: "restaurant", name: "Restaurant", gross: Amount(990), reversals: .zero,
                                              net: Amount(990), count: 1)])
        #expect(report.operators.first?.count == 1)
    }

    @Test func revenueThatDiffersFromNetSalesIsNamedWithItsDifference() throws {
        let report = try MonthReport.compute(facts(revenueDuring: 900))
        #expect(!report.tieOut.balanced)
        let wrong = report.tieOut.checks.filter { $0.difference.minorUnits != 0 }
        #expect(wrong.map(\.name).contains("omzet kassa's = netto verkopen"))
        #expect(wrong.first { $0.name.hasPrefix("omzet") }?.difference == Amount(-90))
    }

    @Test func aSaleLineWithoutItsTransferNamesTheClient() throws {
        var f = facts()
        f.saleLines.append(f.saleLines[0])
        let report = try MonthReport.compute(f)
        #expect(report.tieOut.checks.contains { $0.name == "eindsaldo cliënt 1001" && $0.difference == Amount(-240) })
    }

    private func closeFacts(now: Date, pending: [String] = [], closed: Bool = false) -> CloseFacts {
        CloseFacts(month: november, now: now, alreadyClosed: closed, laterClosed: nil, pending: pending, wallets: [
            WalletAtClose(clientNumber: "1001", walletCode: "wallet:1001", closing: 5_000, current: 4_000,
                          lastAllocated: november, laterLanded: false),
            WalletAtClose(clientNumber: "1002", walletCode: "wallet:1002", closing: 5_000, current: 6_000,
                          lastAllocated: november, laterLanded: true),
        ])
    }

    @Test func theCloseDecisionRefusesInOrderAndNeverTakesMoreThanIsThere() throws {
        let after = TestLedger.utc("2026-12-01T00:00:00Z")
        #expect(throws: LedgerError(code: "month_not_ended", message: "")) {
            _ = try MonthCloseDecision.decide(closeFacts(now: TestLedger.utc("2026-11-30T22:59:59Z"))) { l, _, _ in l }
        }
        #expect(throws: LedgerError(code: "month_already_closed", message: "")) {
            _ = try MonthCloseDecision.decide(closeFacts(now: after, pending: ["x"], closed: true)) { l, _, _ in l }
        }
        #expect(throws: LedgerError(code: "month_pending", message: "")) {
            _ = try MonthCloseDecision.decide(closeFacts(now: after, pending: ["budget 2026-11 van 1001"])) { l, _, _ in l }
        }
        var asked: [(Month, Month?)] = []
        let effects = try MonthCloseDecision.decide(closeFacts(now: after)) { leftover, next, last in
            asked.append((next, last))
            return leftover
        }
        #expect(effects == [FlowBackEffect(clientNumber: "1001", walletCode: "wallet:1001", amount: Amount(4_000))])
        #expect(asked.count == 1 && asked[0].0 == Month(year: 2026, month: 12))
    }
}
