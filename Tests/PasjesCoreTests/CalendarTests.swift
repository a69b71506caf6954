import Foundation
@testable import PasjesCore
import PasjesMoney
import Testing

/// The ledger at the moments a calendar is hard: the last second of a month, months of 28 to 31
/// days, a leap day, the nights the clocks change, and the turn of the year. Months and days are
/// Europe/Amsterdam's; the clock is the test's, so these run the same on any day.
@Suite struct CalendarTests {
    static let admin = TestLedger.admin

    /// A sale at 23:59:59 local on the last day of a month is that month's; one at 00:00:00 is
    /// the next month's, whatever UTC says (an hour off in winter, two in summer).
    @Test(arguments: [
        ("2027-01-31T22:59:59Z", "2027-01", "31-01-2027", "2027-02-01T00:00:00+01:00"),
        ("2027-06-30T21:59:59Z", "2027-06", "30-06-2027", "2027-07-01T00:00:00+02:00"),
        ("2028-02-29T22:59:59Z", "2028-02", "29-02-2028", "2028-03-01T00:00:00+01:00"),
        ("2026-12-31T22:59:59Z", "2026-12", "31-12-2026", "2027-01-01T00:00:00+01:00"),
    ])
    func theLastSecondOfAMonthBelongsToIt(lastSecond: String, monthText: String, lastDay: String, midnight: String) throws {
        let month = try #require(Month(monthText))
        let t = try TestLedger(at: month.start.addingTimeInterval(3_600 * 24 * 10))
        try t.seedCatalogue()
        try t.client("1001", amount: 10_000)
        _ = try t.ledger.allocate(clientNumber: "1001", month: month.next, amount: Amount(10_000),
                                  operator: Self.admin, idempotencyKey: "next")
        t.clock.set(TestLedger.utc(lastSecond))
        try t.charge([("KOF", 1)])
        #expect(try t.ledger.wallet(clientNumber: "1001").month == month)
        #expect(try t.ledger.wallet(clientNumber: "1001").spentThisMonth == Amount(120))
        t.clock.set(try Date(midnight, strategy: .iso8601))
        try t.charge([("MAALT", 1)])
        let wallet = try t.ledger.wallet(clientNumber: "1001")
        #expect(wallet.month == month.next && wallet.spentThisMonth == Amount(750), "midnight is the new month")

        let report = try t.ledger.monthReport(month)
        #expect(report.counters.first { $0.key == "restaurant" }?.gross == Amount(120))
        #expect(report.clients.first?.purchases == Amount(120))
        #expect(report.tieOut.balanced, "\(report.tieOut.checks)")
        let next = try t.ledger.monthReport(month.next)
        #expect(next.counters.first { $0.key == "restaurant" }?.gross == Amount(750))
        let sales = try t.ledger.monthExport(month, kind: .sales)
        #expect(sales.contains(lastDay) && !sales.contains("Maaltijd"), "\(sales)")
        let nextSales = try t.ledger.monthExport(month.next, kind: .sales)
        #expect(nextSales.contains("01-\(Self.two(month.next.month))-\(month.next.year)") && !nextSales.contains("Koffie"))
        let journal = try t.ledger.monthExport(month, kind: .hledger)
        #expect(journal.contains("\(month)-\(lastDay.prefix(2))"), "the hledger day is the local day")
    }

    /// An allocation from the tariffs counts the month's real days: 28, 29, 30 or 31.
    @Test(arguments: [("2027-02", 28), ("2028-02", 29), ("2027-04", 30), ("2027-01", 31), ("2027-03", 31), ("2027-10", 31)])
    func anAllocationCountsTheRealDaysOfItsMonth(monthText: String, days: Int64) throws {
        let month = try #require(Month(monthText))
        #expect(month.dayCount == Int(days))
        let t = try TestLedger(at: month.start.addingTimeInterval(3_600))
        try t.client("1001", amount: 0)
        let result = try t.ledger.allocate(clientNumber: "1001", month: month, operator: Self.admin, idempotencyKey: "a")
        // VV5: € 263,92 a day, 3 % personal share, € 20,00 fixed contributions; rounded down.
        #expect(result.amount == Amount(26_392 * days * 300 / 10_000 - 2_000))
        let form = try t.ledger.budgetForm(clientNumber: "1001", month: month)
        #expect(form.lines.contains { $0.label.contains("× \(days) dagen") }, "\(form.lines.map(\.label))")
    }

    /// An absence over the night the clocks go forward (a day of 23 hours) is three days, and
    /// its refund is three days of the month's arrangement, pro rata over March's 31 days.
    @Test func anAbsenceOverTheClockChangeCountsItsDays() throws {
        let march = Month(year: 2027, month: 3)
        let t = try TestLedger(at: TestLedger.utc("2027-02-20T11:00:00Z"))
        try t.seedCatalogue()
        try t.client("1001", amount: 0)
        _ = try t.ledger.addArrangement(clientNumber: "1001", productCode: "DOUCHE", quantity: 7, per: .week,
                                        from: CalendarDay("2027-03-01")!, through: nil, operator: Self.admin,
                                        idempotencyKey: "arr")
        _ = try t.ledger.allocate(clientNumber: "1001", month: march, amount: Amount(40_000), operator: Self.admin,
                                  idempotencyKey: "march")
        t.clock.set(TestLedger.utc("2027-03-01T08:00:00Z"))
        #expect(try t.ledger.landDueAllocations() == 1)
        // 7 a week over 31 days: 31 showers of € 10,00.
        #expect(try t.balance() == 40_000 - 31_000)
        t.clock.set(TestLedger.utc("2027-03-30T08:00:00Z"))
        let absence = try t.ledger.recordAbsence(clientNumber: "1001", from: CalendarDay("2027-03-27")!,
                                                 through: CalendarDay("2027-03-29")!, reason: .hospital, note: nil,
                                                 operator: Self.admin, idempotencyKey: "abs")
        #expect(absence.refunds.map(\.days) == [3], "27, 28 (23 hours) and 29 March: three days")
        #expect(absence.refunds.map(\.amount) == [Amount(3 * 1_000)])
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "\(verified.problems)")
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}

/// Sessions on the nights the clocks change: a local time that does not exist is never booked
/// silently an hour later, one that happens twice is one session, and the cutoff counts real hours.
@Suite struct ActivityClockChangeTests {
    private func ledger(at text: String) throws -> TestLedger {
        let t = try TestLedger(at: TestLedger.utc(text))
        try t.seedCatalogue()
        try t.activity("KOOR", price: 500, capacity: 5)
        return t
    }

    @Test func aSessionAtATimeThatDoesNotExistIsRefusedInDutch() throws {
        let t = try ledger(at: "2027-03-01T10:00:00Z")
        let error = try #require(throws: LedgerError.self) {
            try t.ledger.schedule(SessionPlan(activityCode: "KOOR", firstDay: "2027-03-28", startTime: "02:30"),
                                  operator: TestLedger.admin)
        }
        #expect(error.code == LedgerError.invalidInput.code)
        #expect(error.detail?.contains("bestaat niet") == true, "\(error.detail ?? "")")
        #expect(try t.ledger.sessions(fromDay: "2027-03-28", throughDay: "2027-03-28").isEmpty)
    }

    @Test func aWeeklySeriesSkipsTheNightTheClocksGoForwardAndSaysSo() throws {
        let t = try ledger(at: "2027-03-01T10:00:00Z")
        let sessions = try t.ledger.schedule(
            SessionPlan(activityCode: "KOOR", firstDay: "2027-03-21", startTime: "02:30", untilDay: "2027-04-04"),
            operator: TestLedger.admin)
        #expect(sessions.map(\.day) == ["2027-03-21", "2027-04-04"], "28 March has no 02:30")
        #expect(sessions.allSatisfy { $0.startTime == "02:30" }, "never moved to 03:30 silently")
        #expect(try t.ledger.sessions(fromDay: "2027-03-28", throughDay: "2027-03-28").isEmpty)
        let plan = SessionPlan(activityCode: "KOOR", firstDay: "2027-03-21", startTime: "02:30", untilDay: "2027-04-04")
        #expect(plan.skippedDays() == ["2027-03-28"])
    }

    @Test func theHourThatHappensTwiceIsOneSession() throws {
        let t = try ledger(at: "2027-10-01T10:00:00Z")
        let single = try t.ledger.schedule(SessionPlan(activityCode: "KOOR", firstDay: "2027-10-31", startTime: "02:30"),
                                           operator: TestLedger.admin)
        #expect(single.count == 1)
        // The first 02:30 (summer time, 00:30 UTC), not the second (01:30 UTC).
        #expect(single.first?.startsAt == "2027-10-31T00:30:00.000Z")
        #expect(throws: LedgerError.self) {
            try t.ledger.schedule(SessionPlan(activityCode: "KOOR", firstDay: "2027-10-31", startTime: "02:30"),
                                  operator: TestLedger.admin)
        }
        let series = try t.ledger.schedule(
            SessionPlan(activityCode: "KOOR", firstDay: "2027-10-24", startTime: "03:30", untilDay: "2027-11-07"),
            operator: TestLedger.admin)
        #expect(series.map(\.day) == ["2027-10-24", "2027-10-31", "2027-11-07"])
        #expect(series.allSatisfy { $0.startTime == "03:30" })
        #expect(series.map(\.startsAt) == ["2027-10-24T01:30:00.000Z", "2027-10-31T02:30:00.000Z", "2027-11-07T02:30:00.000Z"])
    }

    /// 24 hours before a session at 10:00 on the day the clocks go forward is 09:00 the day
    /// before on the wall clock: a cancellation at 09:30 is late.
    @Test func theCutoffCountsRealHoursAcrossTheChange() throws {
        let t = try ledger(at: "2027-03-20T10:00:00Z")
        try t.client("1001", amount: 10_000)
        let session = try t.session("KOOR", day: "2027-03-28", time: "10:00")
        try t.book(session, "1001")
        t.clock.set(TestLedger.utc("2027-03-27T08:30:00Z"))  // 09:30 CET, 23.5 real hours before
        let late = try t.ledger.cancelBooking(BookingRequest(sessionID: session, payer: .client(number: "1001")),
                                              rules: ActivityRules(cutoffMinutes: 1_440, latePolicy: .charge),
                                              operator: TestLedger.admin, idempotencyKey: "c")
        #expect(late.late, "23.5 real hours before the start is inside a 24-hour cutoff")
    }
}

/// Saving per year: what is left carries over month to month and flows back exactly once, at the
/// first allocation of the new year, whether December is closed before or after it lands.
@Suite struct YearSavingTests {
    static let december = Month(year: 2026, month: 12)
    static let january = Month(year: 2027, month: 1)

    private func decemberSpent(_ cents: Int64) throws -> TestLedger {
        var policy = TestLedger.policy
        policy.saving = .year
        let t = try TestLedger(policy: policy, at: TestLedger.utc("2026-11-20T10:00:00Z"))
        try t.seedCatalogue()
        try t.client("1001", amount: 5_000)  // November's money carries over into December
        _ = try t.ledger.allocate(clientNumber: "1001", month: Self.december, amount: Amount(10_000),
                                  operator: TestLedger.admin, idempotencyKey: "dec")
        t.clock.set(TestLedger.utc("2026-12-10T10:00:00Z"))
        if cents > 0 { try t.charge([("MAALT", cents / 750)]) }
        #expect(try t.balance() == 15_000 - cents, "November's 50,00 was saved into December")
        return t
    }

    /// Months close in order: November (its money carried into December) first.
    private func closeNovember(_ t: TestLedger) throws {
        let november = try t.ledger.closeMonth(Month(year: 2026, month: 11), operator: TestLedger.admin,
                                               idempotencyKey: "close-nov")
        #expect(november.flowedBack == .zero, "December's money landed: the policy was applied then")
    }

    private func flowBacks(_ t: TestLedger) throws -> Int64 {
        let months = [Self.december, Self.january]
        return try months.map { try t.ledger.monthReport($0).clients.first?.flowedBack.minorUnits ?? 0 }.reduce(0, +)
    }

    @Test func januarysMoneyLandsFirstThenDecemberClosesOnTheSecond() throws {
        let t = try decemberSpent(1_500)
        _ = try t.ledger.allocate(clientNumber: "1001", month: Self.january, amount: Amount(10_000),
                                  operator: TestLedger.admin, idempotencyKey: "jan")
        t.clock.set(TestLedger.utc("2026-12-31T23:00:30Z"))  // 00:00:30 on 1 January in Amsterdam
        try t.charge([("KOF", 1)])
        #expect(try t.balance() == 10_000 - 120, "13,50 flowed back as January's money landed")
        t.clock.set(TestLedger.utc("2027-01-02T08:00:00Z"))
        try closeNovember(t)
        let closed = try t.ledger.closeMonth(Self.december, operator: TestLedger.admin, idempotencyKey: "close")
        #expect(closed.flowedBack == .zero, "nothing flows back twice")
        #expect(try t.balance() == 10_000 - 120)
        #expect(try flowBacks(t) == 13_500)
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "\(verified.problems)")
    }

    @Test func decemberClosesOnTheSecondBeforeJanuaryIsAllocated() throws {
        let t = try decemberSpent(1_500)
        t.clock.set(TestLedger.utc("2027-01-02T08:00:00Z"))
        try closeNovember(t)
        let closed = try t.ledger.closeMonth(Self.december, operator: TestLedger.admin, idempotencyKey: "close")
        #expect(closed.flowedBack == Amount(13_500), "the year is over: what is left goes back once")
        t.clock.set(TestLedger.utc("2027-01-03T08:00:00Z"))
        let allocated = try t.ledger.allocate(clientNumber: "1001", month: Self.january, amount: Amount(10_000),
                                              operator: TestLedger.admin, idempotencyKey: "jan")
        #expect(allocated.flowedBack == .zero)
        #expect(try t.balance() == 10_000)
        #expect(try flowBacks(t) == 13_500)
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "\(verified.problems)")
    }
}
