import Foundation
@testable import PasjesCore
import PasjesMoney
import Testing

/// Months close in order from the ledger's first booked month; closes journaled before that
/// rule still replay as they were booked.
@Suite struct MonthCloseOrderTests {
    private let october = Month(year: 2026, month: 10)
    private let november = Month(year: 2026, month: 11)
    private let december = Month(year: 2026, month: 12)

    private func close(_ t: TestLedger, _ month: Month) throws -> MonthCloseRecord {
        try t.ledger.closeMonth(month, operator: TestLedger.admin, idempotencyKey: "close-\(month)")
    }

    @Test func noMonthBeforeTheFirstBookingAndNoneSkipped() throws {
        let t = try TestLedger()
        t.clock.set(TestLedger.utc("2027-01-02T10:00:00Z"))
        let empty = #expect(throws: LedgerError(code: "month_before_ledger", message: "")) { try close(t, november) }
        #expect(empty?.message.contains("nog niets geboekt") == true, "\(empty?.message ?? "")")
        t.clock.set(TestLedger.midNovember)
        try t.client(amount: 10_000)
        t.clock.set(TestLedger.utc("2027-01-02T10:00:00Z"))
        let early = #expect(throws: LedgerError(code: "month_before_ledger", message: "")) {
            try close(t, Month(year: 2020, month: 1))
        }
        #expect(early?.message.contains("november 2026") == true, "\(early?.message ?? "")")
        #expect(throws: LedgerError(code: "month_before_ledger", message: "")) { try close(t, october) }
        let skipped = #expect(throws: LedgerError(code: "month_earlier_open", message: "")) { try close(t, december) }
        #expect(skipped?.message.contains("2026-11 is nog niet afgesloten") == true, "\(skipped?.message ?? "")")
        #expect(try t.ledger.monthCloseRecord(december) == nil)
        _ = try close(t, november)
        _ = try close(t, december)
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "\(verified.problems)")
    }

    @Test func closesJournaledBeforeTheRuleReplayAsBooked() throws {
        let t = try TestLedger()
        try t.client(amount: 10_000)
        t.clock.set(TestLedger.utc("2027-01-02T10:00:00Z"))
        // As a ledger of before the rule closed them: 2020-01 first, then November, December skipped.
        for month in [Month(year: 2020, month: 1), november] {
            _ = try t.ledger.execute(MonthClose(month: month, operator: TestLedger.admin, key: "old-\(month)"))
        }
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "\(verified.problems)")
        _ = try close(t, december)
        #expect(try t.ledger.verify().isClean)
    }
}

/// A closed month's report holds who was there: a resident who arrives later is no zero row.
@Suite struct ClosedMonthRowsTests {
    @Test func aResidentWhoArrivesAfterTheCloseIsNoRowOfTheClosedMonth() throws {
        let t = try TestLedger()
        try t.client(amount: 10_000)
        _ = try t.ledger.createClient(NewClient(number: "1003", name: "Cliënt 1003", zzp: "VV5"), idempotencyKey: "c-1003")
        t.clock.set(TestLedger.utc("2026-12-02T10:00:00Z"))
        let november = Month(year: 2026, month: 11)
        let record = try t.ledger.closeMonth(november, operator: TestLedger.admin, idempotencyKey: "close")
        try t.client("1002", uid: "04B7C2D9E1F380", amount: 5_000)
        let report = try t.ledger.monthReport(november)
        #expect(report.clients.map(\.number) == ["1001", "1003"], "1003 was there, with nothing; 1002 came later")
        #expect(report.totals == record.totals)
    }
}
