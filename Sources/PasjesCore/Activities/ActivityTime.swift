import Foundation

/// Days and clock times of sessions, in Europe/Amsterdam.
enum ActivityTime {
    /// `yyyy-MM-dd` as calendar parts; nil for anything else (or a date that does not exist).
    static func day(_ text: String) -> DateComponents? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (2000...2999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = Month.calendar.date(from: components),
              Month.calendar.dateComponents([.day], from: date).day == day else { return nil }
        return components
    }

    /// `HH:mm` as hour and minute.
    static func time(_ text: String) -> (hour: Int, minute: Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]),
              let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return (hour, minute)
    }

    /// The moment a local day and time stand for; nil when that time does not exist that day.
    ///
    /// The night the clocks go forward 02:00–02:59 does not exist: Foundation would give 03:30
    /// for 02:30, a session nobody planned. The night they go back 02:00–02:59 happens twice:
    /// it is the first of the two, so a time names one session, never two.
    static func date(day: DateComponents, hour: Int, minute: Int) -> Date? {
        var components = day
        components.hour = hour
        components.minute = minute
        guard let date = Month.calendar.date(from: components) else { return nil }
        let named = Month.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard named.year == day.year, named.month == day.month, named.day == day.day,
              named.hour == hour, named.minute == minute else { return nil }
        let hourEarlier = date.addingTimeInterval(-3_600)
        let earlier = Month.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: hourEarlier)
        return earlier == named ? hourEarlier : date
    }

    /// The day `weeks` weeks after `day`, as calendar parts (no time: a week is 7 calendar days,
    /// 167 or 169 hours across a clock change).
    static func day(_ day: DateComponents, plusWeeks weeks: Int) -> DateComponents? {
        guard let year = day.year, let month = day.month, let dayOfMonth = day.day,
              let start = CalendarDay(year: year, month: month, day: dayOfMonth) else { return nil }
        let noon = Month.calendar.date(from: DateComponents(year: start.year, month: start.month, day: start.day, hour: 12))
        guard let noon, let later = Month.calendar.date(byAdding: .day, value: 7 * weeks, to: noon) else { return nil }
        let parts = Month.calendar.dateComponents([.year, .month, .day], from: later)
        return DateComponents(year: parts.year, month: parts.month, day: parts.day)
    }

    /// `yyyy-MM-dd` of a moment in Europe/Amsterdam.
    static func dayText(_ date: Date) -> String {
        let parts = Month.calendar.dateComponents([.year, .month, .day], from: date)
        return "\(parts.year ?? 0)-\(pad(parts.month ?? 0))-\(pad(parts.day ?? 0))"
    }

    /// `HH:mm` of a moment in Europe/Amsterdam.
    static func timeText(_ date: Date) -> String {
        let parts = Month.calendar.dateComponents([.hour, .minute], from: date)
        return "\(pad(parts.hour ?? 0)):\(pad(parts.minute ?? 0))"
    }

    /// `28-03-2027`: how a day reads in a Dutch message.
    static func dutchDay(_ day: DateComponents) -> String {
        "\(pad(day.day ?? 0))-\(pad(day.month ?? 0))-\(day.year ?? 0)"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
