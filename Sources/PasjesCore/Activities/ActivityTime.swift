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

    /// The moment a local day and time stand for.
    static func date(day: DateComponents, hour: Int, minute: Int) -> Date? {
        var components = day
        components.hour = hour
        components.minute = minute
        return Month.calendar.date(from: components)
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

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
