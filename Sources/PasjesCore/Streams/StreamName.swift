/// The name of one stream: a part of the ledger whose version a command reads or bumps.
///
/// Names are stable text (`client:1001`, `month:2026-11`): the organisation's log will store
/// them, so a kind or its spelling never changes once shipped. What a stream holds is said per
/// constructor; a row of the ledger belongs to the stream(s) of its owner (a sale to its
/// client and month, an arrangement to its client).
public struct StreamName: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// The full name, e.g. `card:04A22B1C`.
    public let rawValue: String

    /// A name as stored; `kind` is what comes before the first colon.
    public init(rawValue: String) { self.rawValue = rawValue }

    private init(_ kind: Kind, _ key: String) { rawValue = "\(kind.rawValue):\(key)" }

    /// The kinds of stream; the text before the colon.
    public enum Kind: String, CaseIterable, Sendable {
        /// A client: its row, wallet and own money, cards' link, allocations, sales,
        /// arrangements, absences, contacts, activity bookings.
        case client
        /// The register of residents: who exists under which number and name. Creating,
        /// importing or renaming a client writes it; the duplicate check reads it. A booking
        /// does not, so a new resident never conflicts with a coffee.
        case residents
        /// A card: its state and which client it pays for.
        case card
        /// A product: price, availability, funnel answers.
        case product
        /// The menu's order (a new product goes to the end of it).
        case catalogue
        /// A point of sale: the categories it may sell and its location.
        case counter
        /// An activity session: its state, capacity and queue of bookings.
        case session
        /// An activity: its rules, price and counter.
        case activity
        /// Bookings into a month (the month's transfers).
        case month
        /// Whether a month is open or closed.
        case monthStatus = "month-status"
        /// The solidarity buffer: its policy and its balance.
        case solidarity
        /// The tariff table.
        case tariffs
        /// The organisation's activity rules (cutoff, late policy, grace).
        case activityRules = "activity-rules"
        /// The ledger's unit and budget policy, fixed at creation.
        case policy
    }

    /// `client:<number>`.
    public static func client(_ number: String) -> StreamName { StreamName(.client, number) }
    /// `card:<UID>` (normalised upper-case hex).
    public static func card(_ uid: String) -> StreamName { StreamName(.card, uid) }
    /// `product:<code>`.
    public static func product(_ code: String) -> StreamName { StreamName(.product, code) }
    /// `counter:<id>`.
    public static func counter(_ id: String) -> StreamName { StreamName(.counter, id) }
    /// `session:<id>`.
    public static func session(_ id: String) -> StreamName { StreamName(.session, id) }
    /// `activity:<code>`.
    public static func activity(_ code: String) -> StreamName { StreamName(.activity, code) }
    /// `month:<yyyy-MM>`: bookings into that month.
    public static func month(_ month: Month) -> StreamName { StreamName(.month, month.description) }
    /// `month-status:<yyyy-MM>`: whether that month is closed.
    public static func monthStatus(_ month: Month) -> StreamName { StreamName(.monthStatus, month.description) }
    /// `catalogue`.
    public static let catalogue = StreamName(rawValue: Kind.catalogue.rawValue)
    /// `residents`.
    public static let residents = StreamName(rawValue: Kind.residents.rawValue)
    /// `solidarity`.
    public static let solidarity = StreamName(rawValue: Kind.solidarity.rawValue)
    /// `tariffs`.
    public static let tariffs = StreamName(rawValue: Kind.tariffs.rawValue)
    /// `activity-rules`.
    public static let activityRules = StreamName(rawValue: Kind.activityRules.rawValue)
    /// `policy`.
    public static let policy = StreamName(rawValue: Kind.policy.rawValue)

    /// The kind: the text before the first colon (the whole name for a ledger-wide stream).
    public var kind: Kind? {
        Kind(rawValue: rawValue.split(separator: ":", maxSplits: 1).first.map(String.init) ?? rawValue)
    }

    /// The full name.
    public var description: String { rawValue }

    /// By name: a stable order for lists and logs.
    public static func < (lhs: StreamName, rhs: StreamName) -> Bool { lhs.rawValue < rhs.rawValue }

    /// A name is stored as its text alone.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// As its text alone.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
