import PasjesModel

/// The arithmetic of arrangements and absence refunds, as pure functions: what the monthly
/// booking, the budget form and the refund all agree on.
enum ArrangementRules {
    /// The days of `month` a line is billed for: its active days in the month, less the days of
    /// the absences known when it is booked (absences never overlap each other).
    ///
    /// Absences and lines come from the file: what a sound ledger never holds (overlapping
    /// absences, a quantity of zero) is `ledger_inconsistent`, not a trap.
    static func billedDays(active: DayRange, month: Month, absences: [DayRange]) throws(LedgerError) -> (range: DayRange?, days: Int) {
        guard let range = active.intersection(DayRange(month: month)) else { return (nil, 0) }
        var days = range.dayCount
        for absence in absences {
            days -= absence.intersection(range)?.dayCount ?? 0
        }
        guard days >= 0 else {
            throw LedgerError.inconsistent("afwezigheden overlappen elkaar", table: "client_absences", key: "\(days) days billed in \(month)")
        }
        return (range, days)
    }

    /// How many of the service the line books for `days` billed days, rounded half up:
    /// 2 per week over 30 days is 9 (8,57), 1 per month over 15 of 30 days is 1 (0,5).
    static func quantity(perPeriod: Int64, per: ArrangementPeriod, days: Int, monthDays: Int) throws(LedgerError) -> Int64 {
        guard perPeriod > 0 && days >= 0 && monthDays > 0 else {
            throw LedgerError.inconsistent("een vaste dienst heeft een ongeldig aantal", table: "arrangements",
                                           key: "quantity \(perPeriod), days \(days) of \(monthDays)")
        }
        let periodDays = Int64(per == .week ? 7 : monthDays)
        return (2 * perPeriod * Int64(days) + periodDays) / (2 * periodDays)
    }

    /// What an absence of `newDays` billed days gives back of a booking: the booking pro rata per
    /// day, rounded down, and the exact rest once every billed day has been refunded, so the
    /// refunds of one booking never add up to more (or, in the end, less) than it cost.
    static func refund(bookedAmount: Int64, bookedDays: Int, refundedDays: Int, refundedAmount: Int64,
                       newDays: Int) throws(LedgerError) -> Int64 {
        guard bookedAmount >= 0 && bookedDays >= 0 && refundedAmount <= bookedAmount else {
            throw LedgerError.inconsistent("een boeking van een vaste dienst klopt niet", table: "arrangement_bookings",
                                           key: "amount \(bookedAmount), days \(bookedDays), refunded \(refundedAmount)")
        }
        let days = min(newDays, bookedDays - refundedDays)
        guard days > 0, bookedAmount > 0 else { return 0 }
        if refundedDays + days == bookedDays { return bookedAmount - refundedAmount }
        // amount × days / bookedDays: amounts are at most 10^13 minor units, days at most 31.
        return min(bookedAmount * Int64(days) / Int64(bookedDays), bookedAmount - refundedAmount)
    }
}
