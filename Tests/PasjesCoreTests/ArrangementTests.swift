import Foundation
@testable import PasjesCore
import PasjesMoney
import Testing

/// Arrangements (standing services), absence refunds and the solidarity buffer, against a real
/// ledger file with a clock the test moves; every test ends with a clean `verify` (the journal
/// rebuilds every row these features wrote).
@Suite struct ArrangementTests {
    static let december = Month(year: 2026, month: 12)
    /// 1 December 2026, 00:30 in Amsterdam.
    static let firstOfDecember = TestLedger.utc("2026-11-30T23:30:00Z")
    static let admin = TestLedger.admin

    private func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    /// Client 1001 with two showers a week from 1 December and December's money announced.
    private func decemberWithShowers(allocation: Int64 = 20_000) throws -> TestLedger {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client("1001", amount: 0)
        _ = try t.ledger.addArrangement(clientNumber: "1001", productCode: "DOUCHE", quantity: 2, per: .week,
                                        from: day("2026-12-01"), through: nil, operator: Self.admin, idempotencyKey: "arr-1")
        _ = try t.ledger.allocate(clientNumber: "1001", month: Self.december, amount: Amount(allocation),
                                  operator: Self.admin, idempotencyKey: "dec")
        t.clock.set(Self.firstOfDecember)
        return t
    }

    @Test func theArrangementIsBookedWhenTheMonthsMoneyLands() throws {
        let t = try decemberWithShowers()
        #expect(try t.ledger.budgetForm(clientNumber: "1001", month: Self.december).arrangement == Amount(9_000),
                "planned before it lands: 2 a week over 31 days is 9 (8,86 rounded)")
        #expect(try t.ledger.landDueAllocations() == 1)
        // 20,00 landed, 9 × 10,00 booked as a sale at the arrangement counter.
        #expect(try t.balance() == 11_000)
        let report = try t.ledger.monthReport(Self.december)
        let line = try #require(report.clients.first)
        #expect(line.arrangement == Amount(9_000) && line.purchases == .zero && line.closing == Amount(11_000))
        #expect(report.counters.first { $0.key == ArrangementCounter.id }?.gross == Amount(9_000))
        #expect(report.tieOut.balanced, "\(report.tieOut.checks)")
        let form = try t.ledger.budgetForm(clientNumber: "1001", month: Self.december)
        #expect(form.arrangement == Amount(9_000) && form.leftForCard == Amount(11_000) && form.light == .green)
        #expect(form.lines.contains { $0.label.contains("9× geboekt") })
        // Landing again books nothing twice.
        #expect(try t.ledger.landDueAllocations() == 0)
        #expect(try t.balance() == 11_000)
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "\(verified.problems)")
    }

    @Test func anArrangementAddedMidMonthIsBookedAtOnceForTheRestOfTheMonth() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client("1001", amount: 10_000)
        let result = try t.ledger.addArrangement(clientNumber: "1001", productCode: "SCHILD", quantity: 1, per: .week,
                                                 from: day("2026-11-15"), through: nil, operator: Self.admin,
                                                 idempotencyKey: "arr")
        // 15–30 November: 16 days, 1 a week → 2 (2,29), 2 × 5,00.
        let booking = try #require(result.booking)
        #expect(booking.days == 16 && booking.quantity == 2 && booking.amount == Amount(1_000) && booking.refusal == nil)
        #expect(try t.balance() == 9_000)
        let again = try t.ledger.addArrangement(clientNumber: "1001", productCode: "SCHILD", quantity: 1, per: .week,
                                                from: day("2026-11-15"), through: nil, operator: Self.admin,
                                                idempotencyKey: "arr")
        #expect(again.replayed && again.arrangement.id == result.arrangement.id)
        #expect(try t.ledger.arrangements(clientNumber: "1001").count == 1)
        #expect(try t.balance() == 9_000)
    }

    @Test func anArrangementThatDoesNotFitBooksNothingAndTheFormIsRed() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client("1001", amount: 0)
        // 4 meals a week over December: 18 × 7,50 = 135,00, far more than the 50,00 allocated.
        _ = try t.ledger.addArrangement(clientNumber: "1001", productCode: "MAALT", quantity: 4, per: .week,
                                        from: day("2026-12-01"), through: nil, operator: Self.admin, idempotencyKey: "arr")
        _ = try t.ledger.allocate(clientNumber: "1001", month: Self.december, amount: Amount(5_000),
                                  operator: Self.admin, idempotencyKey: "dec")
        #expect(try t.ledger.budgetForm(clientNumber: "1001", month: Self.december).light == .red)
        t.clock.set(Self.firstOfDecember)
        _ = try t.ledger.landDueAllocations()
        #expect(try t.balance() == 5_000, "nothing booked")
        let form = try t.ledger.budgetForm(clientNumber: "1001", month: Self.december)
        #expect(form.light == .red)
        #expect(form.lines.contains { $0.label.contains("niet geboekt") })
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "\(verified.problems)")
    }

    @Test func absenceRefundsTheBookedDaysProRataAndNeverMoreThanTheyCost() throws {
        let t = try decemberWithShowers()
        _ = try t.ledger.landDueAllocations()
        t.clock.set(TestLedger.utc("2026-12-10T10:00:00Z"))
        let first = try t.ledger.recordAbsence(clientNumber: "1001", from: day("2026-12-03"), through: day("2026-12-09"),
                                               reason: .hospital, note: nil, operator: Self.admin, idempotencyKey: "abs-1")
        // 7 of 31 billed days of 90,00: 20,32 (rounded down).
        #expect(first.refunds.map(\.amount) == [Amount(2_032)] && first.refunds.first?.days == 7)
        #expect(try t.balance() == 13_032)
        #expect(throws: LedgerError(code: "absence_overlaps", message: "")) {
            _ = try t.ledger.recordAbsence(clientNumber: "1001", from: day("2026-12-09"), through: day("2026-12-12"),
                                           reason: .other, note: nil, operator: Self.admin, idempotencyKey: "abs-x")
        }
        let replay = try t.ledger.recordAbsence(clientNumber: "1001", from: day("2026-12-03"), through: day("2026-12-09"),
                                                reason: .hospital, note: nil, operator: Self.admin, idempotencyKey: "abs-1")
        #expect(replay.replayed)
        #expect(try t.balance() == 13_032)
        _ = try t.ledger.recordAbsence(clientNumber: "1001", from: day("2026-12-10"), through: day("2026-12-31"),
                                       reason: .rehabilitation, note: "revalidatiecentrum", operator: Self.admin,
                                       idempotencyKey: "abs-2")
        let last = try t.ledger.recordAbsence(clientNumber: "1001", from: day("2026-12-01"), through: day("2026-12-02"),
                                              reason: .hospital, note: nil, operator: Self.admin, idempotencyKey: "abs-3")
        // The last days get the exact rest: the refunds add up to what the showers cost, to the cent.
        #expect(try t.balance() == 20_000, "last refund \(last.refunds)")
        let report = try t.ledger.monthReport(Self.december)
        #expect(report.clients.first?.refunds == Amount(9_000) && report.clients.first?.arrangement == Amount(9_000))
        #expect(report.tieOut.balanced, "\(report.tieOut.checks)")
        let statement = try t.ledger.statement(clientNumber: "1001", month: Self.december)
        #expect(statement.credits.count == 3 && statement.credits.allSatisfy { $0.kind == "absence_refund" })
        #expect(statement.credits.first?.memo.contains("ziekenhuis") == true)
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "\(verified.problems)")
    }

    @Test func aKnownAbsenceLeavesItsDaysOutOfTheNextBooking() throws {
        let t = try decemberWithShowers()
        _ = try t.ledger.landDueAllocations()
        _ = try t.ledger.recordAbsence(clientNumber: "1001", from: day("2027-01-05"), through: day("2027-01-18"),
                                       reason: .hospital, note: nil, operator: Self.admin, idempotencyKey: "abs")
        _ = try t.ledger.allocate(clientNumber: "1001", month: Month(year: 2027, month: 1), amount: Amount(20_000),
                                  operator: Self.admin, idempotencyKey: "jan")
        t.clock.set(TestLedger.utc("2027-01-01T08:00:00Z"))
        _ = try t.ledger.landDueAllocations()
        // 31 − 14 absent days = 17 billed days, 2 a week → 5 (4,86) × 10,00.
        let january = try t.ledger.monthReport(Month(year: 2027, month: 1))
        #expect(january.clients.first?.arrangement == Amount(5_000))
        #expect(january.tieOut.balanced, "\(january.tieOut.checks)")
    }

    @Test func endingAnArrangementStopsLaterMonths() throws {
        let t = try decemberWithShowers()
        _ = try t.ledger.landDueAllocations()
        let id = try #require(try t.ledger.arrangements(clientNumber: "1001").first?.id)
        let ended = try t.ledger.endArrangement(id: id, through: day("2026-12-31"), operator: Self.admin,
                                                idempotencyKey: "end")
        #expect(ended.arrangement.through == day("2026-12-31"))
        #expect(throws: LedgerError(code: "arrangement_ended", message: "")) {
            _ = try t.ledger.endArrangement(id: id, through: day("2027-02-01"), operator: Self.admin, idempotencyKey: "end-2")
        }
        #expect(throws: LedgerError(code: "arrangement_unknown", message: "")) {
            _ = try t.ledger.endArrangement(id: "nope", through: day("2027-02-01"), operator: Self.admin, idempotencyKey: "end-3")
        }
        _ = try t.ledger.allocate(clientNumber: "1001", month: Month(year: 2027, month: 1), amount: Amount(20_000),
                                  operator: Self.admin, idempotencyKey: "jan")
        t.clock.set(TestLedger.utc("2027-01-01T08:00:00Z"))
        _ = try t.ledger.landDueAllocations()
        #expect(try t.ledger.monthReport(Month(year: 2027, month: 1)).clients.first?.arrangement == .zero)
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "\(verified.problems)")
    }

    @Test func theSolidarityBufferIsFundedByAllocationsAndNeverGrantsBelowZero() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.ledger.setSolidarity(SolidarityPolicy(basisPoints: 200, fixed: Amount(50)))
        try t.client("1001", amount: 10_000)          // pays 2,00 + 0,50 into the buffer
        try t.client("1002", uid: "04B7C2D9E1F380", amount: 0)
        #expect(try t.ledger.solidarityBalance() == Amount(250))
        #expect(try t.balance() == 10_000, "the contribution is the organisation's money, not the wallet's")
        let grant = try t.ledger.grant(clientNumber: "1002", amount: Amount(200), reason: "bril kapot",
                                       operator: Self.admin, idempotencyKey: "g-1")
        #expect(grant.balance == Amount(200) && grant.solidarityBalance == Amount(50) && !grant.replayed)
        #expect(throws: LedgerError(code: "solidarity_insufficient", message: "")) {
            _ = try t.ledger.grant(clientNumber: "1002", amount: Amount(51), reason: "nog meer", operator: Self.admin,
                                   idempotencyKey: "g-2")
        }
        #expect(try t.ledger.grant(clientNumber: "1002", amount: Amount(200), reason: "bril kapot", operator: Self.admin,
                                   idempotencyKey: "g-1").replayed)
        let report = try t.ledger.monthReport(Month(year: 2026, month: 11))
        #expect(report.solidarity == SolidarityBufferLine(opening: .zero, contributions: Amount(250), grants: Amount(200),
                                                          closing: Amount(50)))
        #expect(report.clients.first { $0.number == "1002" }?.solidarity == Amount(200))
        #expect(report.tieOut.balanced, "\(report.tieOut.checks)")
        // Setting the same policy again books nothing.
        let entries = try t.ledger.verify().journalCount
        try t.ledger.setSolidarity(SolidarityPolicy(basisPoints: 200, fixed: Amount(50)))
        let verified = try t.ledger.verify()
        #expect(verified.isClean && verified.journalCount == entries, "\(verified.problems)")
    }

    @Test func theRulesRoundAsTheFormSays() throws {
        #expect(try ArrangementRules.quantity(perPeriod: 2, per: .week, days: 31, monthDays: 31) == 9)
        #expect(try ArrangementRules.quantity(perPeriod: 2, per: .week, days: 30, monthDays: 30) == 9)
        #expect(try ArrangementRules.quantity(perPeriod: 1, per: .month, days: 15, monthDays: 30) == 1)
        #expect(try ArrangementRules.quantity(perPeriod: 1, per: .month, days: 14, monthDays: 30) == 0)
        #expect(try ArrangementRules.quantity(perPeriod: 3, per: .week, days: 0, monthDays: 28) == 0)
        #expect(try ArrangementRules.refund(bookedAmount: 9_000, bookedDays: 31, refundedDays: 0, refundedAmount: 0,
                                            newDays: 7) == 2_032)
        #expect(try ArrangementRules.refund(bookedAmount: 9_000, bookedDays: 31, refundedDays: 29, refundedAmount: 8_419,
                                            newDays: 5) == 581, "never more days than were billed, and the exact rest")
        let range = DayRange(from: CalendarDay("2026-12-01")!, through: CalendarDay("2026-12-31")!)!
        let billed = try ArrangementRules.billedDays(
            active: range, month: Self.december,
            absences: [DayRange(from: CalendarDay("2026-11-28")!, through: CalendarDay("2026-12-03")!)!])
        #expect(billed.days == 28)
        #expect(CalendarDay("2026-02-29") == nil && CalendarDay("2028-02-29") != nil)
        #expect(CalendarDay("2027-01-01")!.ordinal - CalendarDay("2026-12-01")!.ordinal == 31)
    }
}
