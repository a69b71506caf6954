import Foundation

/// A calendar day in Europe/Amsterdam, written `YYYY-MM-DD`: arrangements and absences run per day.
public struct CalendarDay: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (2000...2999).contains(year), (1...12).contains(month),
              (1...Month(year: year, month: month).dayCount).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil for anything else (31 February included).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day `date` falls on in Europe/Amsterdam.
    public init(containing date: Date) {
        let parts = Month.calendar.dateComponents([.year, .month, .day], from: date)
        year = parts.year!
        month = parts.month!
        day = parts.day!
    }

    /// The first day of `month`.
    public static func first(of month: Month) -> CalendarDay {
        CalendarDay(year: month.year, month: month.month, day: 1)!
    }

    /// The last day of `month`.
    public static func last(of month: Month) -> CalendarDay {
        CalendarDay(year: month.year, month: month.month, day: month.dayCount)!
    }

    /// The month the day is in.
    public var calendarMonth: Month { Month(year: year, month: month) }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil): integer arithmetic, no calendar.
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `30-11-2026`, as Dutch letters and Excel write it.
    public var dutch: String {
        "\(day < 10 ? "0" : "")\(day)-\(month < 10 ? "0" : "")\(month)-\(year)"
    }

    public var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not YYYY-MM-DD"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The days `from` through `through`, both included.
public struct DayRange: Hashable, Codable, Sendable {
    public var from: CalendarDay
    public var through: CalendarDay

    public init?(from: CalendarDay, through: CalendarDay) {
        guard from <= through else { return nil }
        self.from = from
        self.through = through
    }

    /// The whole of `month`.
    public init(month: Month) {
        from = .first(of: month)
        through = .last(of: month)
    }

    /// How many days, both ends included.
    public var dayCount: Int { through.ordinal - from.ordinal + 1 }

    /// The days both ranges cover, or nil when they do not meet.
    public func intersection(_ other: DayRange) -> DayRange? {
        DayRange(from: max(from, other.from), through: min(through, other.through))
    }
}
