import Foundation

extension TestSupport {
    /// The local day and time (Europe/Amsterdam) that name `start` as the daemon reads them.
    ///
    /// The night the clocks go back 02:00–02:59 happens twice and a local time names the first;
    /// a start in the second is moved an hour on, past the repeated hour, so the daemon does not
    /// find it already past.
    public static func sessionSlot(startingAt start: Date) -> (day: String, time: String, start: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        var start = start
        var parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: start)
        if let named = calendar.date(from: parts), abs(named.timeIntervalSince(start)) >= 60 {
            start = start.addingTimeInterval(3_600)
            parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: start)
        }
        return (String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!),
                String(format: "%02d:%02d", parts.hour!, parts.minute!), start)
    }
}
