import Foundation

/// For tests whose expectations are about one calendar month (this month and the next, as the
/// daemon counts them in Europe/Amsterdam).
///
/// Why: `scripts/test-dates` starts the suites 30 s before midnight on a month's last day, and
/// the clock runs on. A test that names "this month" at its start and books a minute later
/// would then expect the old month of a daemon that has moved on. Tests about the turn of the
/// month itself exist and do not wait; these do, so they stay about what they test.
public enum MonthTurn {
    /// Returns at once unless the month in Europe/Amsterdam turns within `seconds`; then sleeps
    /// until a second after it has turned (at most `seconds` + 1).
    public static func waitIfWithin(seconds: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        let now = Date()
        guard let start = calendar.dateInterval(of: .month, for: now) else { return }
        let untilTurn = start.end.timeIntervalSince(now)
        guard untilTurn >= 0, untilTurn < Double(seconds) else { return }
        Thread.sleep(forTimeInterval: untilTurn + 1)
    }
}
