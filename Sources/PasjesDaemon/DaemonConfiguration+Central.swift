import Foundation
import PasjesCore

/// `[central]`: this pasjesd is a node of several locations, a replica of the organisation's
/// log in PostgreSQL. Without the section pasjesd is the whole system (embedded, one location).
public struct CentralSettings: Sendable, Equatable {
    /// PostgreSQL URLs, tried in order; a host in recovery (a standby) is skipped.
    public var urls: [String]
    /// This node's name: the origin of its entries; must be the node of `credentialsFile`.
    public var node: String
    /// The node's login, written by `pasjes central node add` (0600).
    public var credentialsFile: String
    /// How long a call to the log may take before its outcome counts as unknown.
    public var deadlineMilliseconds: Int
    /// The head office: stores the organisation-wide settings of its config file in the log
    /// (tariffs, solidarity, activity rules) and lands the month's allocations; other nodes use
    /// the log's.
    public var headOffice: Bool
    /// The location this node serves (a counter location code, upper-cased): its sweep closes
    /// the forgotten sessions of that location's desks. Nil: none (the head office's fallback
    /// closes them after a day).
    public var location: String?

    /// The deadline when the file names none: a round trip on a LAN takes a few milliseconds,
    /// a commit with a synchronous standby a few more; 2 s is an answer that will not come.
    public static let defaultDeadlineMilliseconds = 2_000

    public init(urls: [String], node: String, credentialsFile: String,
                deadlineMilliseconds: Int = CentralSettings.defaultDeadlineMilliseconds, headOffice: Bool = false,
                location: String? = nil) {
        self.urls = urls
        self.node = node
        self.credentialsFile = credentialsFile
        self.deadlineMilliseconds = deadlineMilliseconds
        self.headOffice = headOffice
        self.location = location
    }

    /// Which sessions this node's sweep closes.
    public var sweepScope: SweepScope {
        headOffice ? .headOffice(location: location) : .location(location)
    }

    /// Refuses what cannot work, naming the key.
    func validate() throws {
        guard !urls.isEmpty, urls.count <= 8 else { throw ConfigurationError("[central] url: 1 tot 8 adressen") }
        for url in urls where !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) || url.utf8.count > 1_024 {
            throw ConfigurationError("[central] url: een postgres://-adres, niet '\(url.prefix(80))'")
        }
        guard (1...64).contains(node.utf8.count),
              node.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ConfigurationError("[central] node: 1–64 tekens, letters, cijfers, - en _")
        }
        guard credentialsFile.hasPrefix("/"), credentialsFile.utf8.count <= 1_024 else {
            throw ConfigurationError("[central] credentials_file: een absoluut pad")
        }
        guard (50...60_000).contains(deadlineMilliseconds) else { throw ConfigurationError("[central] deadline_ms: 50–60000") }
        if let location, (try? Ledger.locationCode(location)) != location {
            throw ConfigurationError("[central] location: 1–16 tekens, hoofdletters A-Z, cijfers en -, niet '\(location.prefix(40))'")
        }
    }
}

/// `[central] url = "postgres://…"` or `url = ["postgres://db1…", "postgres://db2…"]`.
struct CentralURLs: Decodable {
    var urls: [String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(String.self) {
            urls = [one]
        } else {
            urls = try container.decode([String].self)
        }
    }
}

/// The `[central]` table as written in the file.
struct CentralSection: Decodable {
    var url: CentralURLs?
    var node: String?
    var credentials_file: String?
    var deadline_ms: Int?
    var head_office: Bool?
    var location: String?

    func settings() throws -> CentralSettings {
        guard let url else { throw ConfigurationError("[central] url ontbreekt") }
        guard let node else { throw ConfigurationError("[central] node ontbreekt") }
        guard let credentials_file else { throw ConfigurationError("[central] credentials_file ontbreekt") }
        // Written as a counter's location is: trimmed and upper-cased, then validated.
        let location = self.location.map { (try? Ledger.locationCode($0)) ?? $0 }
        let settings = CentralSettings(urls: url.urls, node: node, credentialsFile: credentials_file,
                                       deadlineMilliseconds: deadline_ms ?? CentralSettings.defaultDeadlineMilliseconds,
                                       headOffice: head_office ?? false, location: location)
        try settings.validate()
        return settings
    }
}

/// The `[offline]` table as written in the file: minor units and hours, every key required (a
/// limit on the organisation's risk is never a default).
struct OfflineSection: Decodable {
    var max_sale: Int64?
    var max_card_day: Int64?
    var max_total: Int64?
    var max_age_hours: Int64?

    /// The most any limit may be: a node's offline risk is bounded, also by a typo.
    static let maxMinorUnits: Int64 = 100_000_000

    func limits() throws -> OfflineLimits {
        func required(_ value: Int64?, _ key: String, _ range: ClosedRange<Int64>) throws -> Int64 {
            guard let value else { throw ConfigurationError("[offline] \(key) ontbreekt") }
            guard range.contains(value) else {
                throw ConfigurationError("[offline] \(key): \(range.lowerBound)–\(range.upperBound)")
            }
            return value
        }
        let limits = OfflineLimits(
            maxSale: try required(max_sale, "max_sale", 1...Self.maxMinorUnits),
            maxCardDay: try required(max_card_day, "max_card_day", 1...Self.maxMinorUnits),
            maxTotal: try required(max_total, "max_total", 1...Self.maxMinorUnits),
            maxAgeHours: try required(max_age_hours, "max_age_hours", 1...24 * 31))
        guard limits.maxSale <= limits.maxCardDay, limits.maxCardDay <= limits.maxTotal else {
            throw ConfigurationError("[offline]: max_sale ≤ max_card_day ≤ max_total")
        }
        return limits
    }
}
