import Foundation

/// A calendar month in Europe/Amsterdam, written `YYYY-MM`.
///
/// Timestamps are stored in UTC; which month a sale belongs to is decided in the home's own
/// time zone, so a coffee at 00:30 on the 1st counts for the new month.
public struct Month: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    /// The time zone of the homes: months and statements follow it.
    public static let timeZone = TimeZone(identifier: "Europe/Amsterdam")!

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Month.timeZone
        return calendar
    }()

    public init(year: Int, month: Int) {
        precondition((1...12).contains(month), "month out of range")
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]),
              (2000...2999).contains(year), (1...12).contains(month) else { return nil }
        self.init(year: year, month: month)
    }

    /// The month that `date` falls in, in Europe/Amsterdam.
    public init(containing date: Date) {
        let components = Month.calendar.dateComponents([.year, .month], from: date)
        self.init(year: components.year!, month: components.month!)
    }

    public var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)"
    }

    /// The number of days in this month (28–31).
    public var dayCount: Int {
        let start = Month.calendar.date(from: DateComponents(year: year, month: month, day: 1))!
        return Month.calendar.range(of: .day, in: .month, for: start)!.count
    }

    /// The month before this one.
    public var previous: Month {
        month == 1 ? Month(year: year - 1, month: 12) : Month(year: year, month: month - 1)
    }

    /// The month after this one.
    public var next: Month {
        month == 12 ? Month(year: year + 1, month: 1) : Month(year: year, month: month + 1)
    }

    /// The first moment of this month in Europe/Amsterdam (00:00 on the 1st).
    public var start: Date {
        Month.calendar.date(from: DateComponents(year: year, month: month, day: 1))!
    }

    public static func < (lhs: Month, rhs: Month) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let month = Month(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not YYYY-MM"))
        }
        self = month
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
