import PasjesModel

/// The arithmetic of arrangements and absence refunds, as pure functions: what the monthly
/// booking, the budget form and the refund all agree on.
enum ArrangementRules {
    /// The days of `month` a line is billed for: its active days in the month, less the days of
    /// the absences known when it is booked (absences never overlap each other).
    static func billedDays(active: DayRange, month: Month, absences: [DayRange]) -> (range: DayRange?, days: Int) {
        guard let range = active.intersection(DayRange(month: month)) else { return (nil, 0) }
        var days = range.dayCount
        for absence in absences {
            days -= absence.intersection(range)?.dayCount ?? 0
        }
        precondition(days >= 0, "absences do not overlap, so they never remove more days than there are")
        return (range, days)
    }

    /// How many of the service the line books for `days` billed days, rounded half up:
    /// 2 per week over 30 days is 9 (8,57), 1 per month over 15 of 30 days is 1 (0,5).
    static func quantity(perPeriod: Int64, per: ArrangementPeriod, days: Int, monthDays: Int) -> Int64 {
        precondition(perPeriod > 0 && days >= 0 && monthDays > 0, "a quantity, billed days and a month")
        let periodDays = Int64(per == .week ? 7 : monthDays)
        return (2 * perPeriod * Int64(days) + periodDays) / (2 * periodDays)
    }

    /// What an absence of `newDays` billed days gives back of a booking: the booking pro rata per
    /// day, rounded down, and the exact rest once every billed day has been refunded, so the
    /// refunds of one booking never add up to more (or, in the end, less) than it cost.
    static func refund(bookedAmount: Int64, bookedDays: Int, refundedDays: Int, refundedAmount: Int64,
                       newDays: Int) -> Int64 {
        precondition(bookedAmount >= 0 && bookedDays >= 0 && refundedAmount <= bookedAmount, "a sane booking")
        let days = min(newDays, bookedDays - refundedDays)
        guard days > 0, bookedAmount > 0 else { return 0 }
        if refundedDays + days == bookedDays { return bookedAmount - refundedAmount }
        // amount × days / bookedDays: amounts are at most 10^13 minor units, days at most 31.
        return min(bookedAmount * Int64(days) / Int64(bookedDays), bookedAmount - refundedAmount)
    }
}
