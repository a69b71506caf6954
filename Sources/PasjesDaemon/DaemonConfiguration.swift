import Foundation
import PasjesCore
import PasjesMoney
import PasjesProtocol
import TOMLKit

/// Everything pasjesd can be told, from `/etc/pasjes/pasjesd.toml` and the command line.
///
/// Command-line flags override the file; the file overrides these defaults. See
/// `systemd/pasjesd.toml.example` for a commented example.
public struct DaemonConfiguration: Sendable, Equatable {
    public var databasePath = "/var/lib/pasjes/pasjes.sqlite"
    public var socketPath = "/run/pasjes/pasjesd.sock"
    /// The group that owns the socket (mode 0660), when pasjesd binds it itself.
    public var socketGroup: String?
    /// Unix group names per role.
    public var cashierGroups = ["pasjes-kassa"]
    public var activitiesGroups = ["pasjes-activiteiten"]
    public var adminGroups = ["pasjes-admin"]
    /// Per counter, the Unix groups whose members may work it (`[counter_access]`). Admins may
    /// work every counter; a counter without an entry is for admins only.
    public var counterAccess: [String: [String]] = [:]
    /// Connections beyond this are refused with an error line, so one runaway script cannot
    /// exhaust file descriptors and lock out the counters.
    public var maxConnections = 256
    /// Connections one uid may hold (root excepted): one member of the socket group cannot take
    /// every slot.
    public var maxConnectionsPerUID = 32
    /// Of `maxConnections`, this many are kept for admins, so an administrator can always get in
    /// to see what is going on.
    public var adminReservedConnections = 16
    /// A connection that neither subscribes nor sends a request within this time is closed.
    public var idleTimeoutMilliseconds = 10_000
    /// On shutdown, a connection that has not taken its replies within this time is closed, so
    /// pasjesd stops well inside systemd's TimeoutStopSec.
    public var drainDeadlineMilliseconds = 3_000
    /// How often an open connection's Unix groups are looked up again (also before every write).
    public var membershipRecheckSeconds = 60
    /// After this many forbidden requests a connection is closed.
    public var maxForbiddenPerConnection = 20
    /// The longest request line; replies keep to `ProtocolLimits.maxLineBytes`, the clients' limit.
    public var maxLineBytes = ProtocolLimits.maxLineBytes
    public var requestTimeoutMilliseconds = 10_000
    /// For whole-ledger jobs (`ledger.verify` rebuilds every table from the journal).
    public var slowRequestTimeoutMilliseconds = 600_000
    /// `[backup] dir`: where `ledger.backup` (`pasjes backup`) puts its checked copies.
    public var backupFolder = "/var/lib/pasjes/backups"
    /// `[backup] keep`: how many copies to keep; older ones are removed after a good copy.
    public var backupKeep = 14
    /// `[storage] warn_below_mb`: below this much free space (in MB, 10^6 bytes) on the ledger's
    /// filesystem pasjesd logs a warning, once per crossing: a full disk refuses every booking.
    public var storageWarnBelowMegabytes = 200
    /// `[storage] check_seconds`: how often the free space is measured (and after a full disk).
    public var storageCheckSeconds = 60
    /// How long a cashier may undo their own sale.
    public var reversalGraceSeconds = 10 * 60
    /// How long a tap token stays valid.
    public var tapTokenTTLSeconds = 60
    /// Readers (by exact name or `*` pattern) and the counter each serves.
    public var readers: [ReaderMapping] = []
    /// Whether to watch PC/SC readers at all (off for a back-office ledger).
    public var pcscEnabled = true
    public var logLevel = "info"
    /// The levels `[log] level` accepts (swift-log's).
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
    /// Whether to create a demo organisation in an empty database (the README's demo).
    public var seedDemo = false
    /// Fault injection for tests only: wait this long between committing a charge and answering,
    /// so a test can kill the daemon after the commit and before the reply. From the environment
    /// variable `PASJESD_FAULT_REPLY_DELAY_MS`; never in a config file.
    public var faultReplyDelayMilliseconds = 0
    /// ZZP code → budget form (`[tariffs.VV5]`): what `budget.allocate` without an amount books,
    /// and the ZZP codes a client may have. Nil: the tariffs the database was created with.
    public var tariffs: TariffTable?
    /// `[cards] require_auth`: a card without a key (known by UID alone) no longer pays. Off while
    /// an organisation still replaces its plain cards; a card with a key must prove it either way.
    public var requireCardAuthentication = false
    /// `[cards] key_file`: the root-only file with the site's master keys (read once, at start).
    public var cardKeyFile: String?
    /// The master keys from `cardKeyFile`; nil without one (then no card can be issued).
    public var cardKeys: CardKeyRing?
    /// `[cards] issue_reader`: the admin's reader (name or `*` pattern) `card.issue` uses by default.
    public var issueReader: String?
    /// `[export]`: the journal code and ledger account numbers of the memoriaal export.
    public var exportAccounts = ExportAccountNumbers()
    /// `[solidarity]`: what every allocation pays into the solidarity buffer. Nil: what the
    /// ledger has (nothing, until a config sets it).
    public var solidarity: SolidarityPolicy?
    /// `[solidarity] confirm_above` (minor units): a grant above it needs an explicit confirmation
    /// (`confirmed`, the CLI's `--ja`). Nil: no grant needs one.
    public var grantConfirmAbove: Amount?
    /// `[activities]`: cancellation cutoff, the late/no-show policy and the grace period after a
    /// session's end (`cutoff_hours`, `late_policy`, `grace_minutes`).
    public var activityRules = ActivityRules()
    /// True when the file names one of the rules (`cutoff_hours`, `late_policy`,
    /// `grace_minutes`): only then can a node's file disagree with the organisation's log.
    public var activityRulesInFile = false
    /// `[activities] sweep_seconds`: how often forgotten sessions are settled; 0 turns it off.
    public var activitySweepSeconds: Int? = 60
    /// `[central]`: a node of several locations (nil: embedded, the whole system in one file).
    public var central: CentralSettings?
    /// `[offline]`: what a node may sell while the log is out of reach (nil: nothing).
    public var offline: OfflineLimits?

    /// A reader pattern and its counter.
    public struct ReaderMapping: Sendable, Equatable, Codable {
        public var match: String
        public var counter: String
        public init(match: String, counter: String) {
            self.match = match
            self.counter = counter
        }
    }

    public init() {}

    /// Reads a TOML file on top of the defaults. A missing file at the default path is fine;
    /// a file that does not parse is an error (running with half a configuration is not).
    public static func load(path: String, required: Bool) throws -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw ConfigurationError("configuratiebestand ontbreekt: \(path)") }
            return configuration
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try configuration.apply(toml: text)
        return configuration
    }

    /// Applies the keys present in `toml`.
    public mutating func apply(toml text: String) throws {
        let file: ConfigurationFile
        do {
            file = try TOMLDecoder().decode(ConfigurationFile.self, from: text)
        } catch {
            throw ConfigurationError("configuratie onleesbaar: \(error)")
        }
        if let value = file.database { databasePath = value }
        if let value = file.socket { socketPath = value }
        if let value = file.socket_group { socketGroup = value }
        if let value = file.roles?.cashier { cashierGroups = value }
        if let value = file.roles?.activities { activitiesGroups = value }
        if let value = file.roles?.admin { adminGroups = value }
        if let value = file.counter_access { counterAccess = value }
        if let value = file.limits?.max_connections { maxConnections = value }
        if let value = file.limits?.max_connections_per_uid { maxConnectionsPerUID = value }
        if let value = file.limits?.admin_reserved_connections { adminReservedConnections = value }
        if let value = file.limits?.idle_timeout_ms { idleTimeoutMilliseconds = value }
        if let value = file.limits?.drain_deadline_ms { drainDeadlineMilliseconds = value }
        if let value = file.limits?.membership_recheck_seconds { membershipRecheckSeconds = value }
        if let value = file.limits?.max_forbidden_per_connection { maxForbiddenPerConnection = value }
        if let value = file.limits?.max_line_bytes { maxLineBytes = value }
        if let value = file.limits?.request_timeout_ms { requestTimeoutMilliseconds = value }
        if let value = file.limits?.slow_request_timeout_ms { slowRequestTimeoutMilliseconds = value }
        if let value = file.sales?.reversal_grace_minutes {
            // Checked before multiplying: a huge value must be a message, not an overflow trap.
            guard (0...24 * 60).contains(value) else { throw ConfigurationError("reversal_grace_minutes: 0–1440") }
            reversalGraceSeconds = value * 60
        }
        if let value = file.sales?.tap_token_ttl_seconds { tapTokenTTLSeconds = value }
        if let value = file.backup?.dir { backupFolder = value }
        if let value = file.backup?.keep { backupKeep = value }
        if let value = file.storage?.warn_below_mb { storageWarnBelowMegabytes = value }
        if let value = file.storage?.check_seconds { storageCheckSeconds = value }
        if let value = file.readers { readers = value }
        if let value = file.pcsc?.enabled { pcscEnabled = value }
        if let value = file.log?.level { logLevel = value }
        if let value = file.tariffs { tariffs = try Self.tariffTable(value) }
        if let value = file.export {
            exportAccounts = ExportAccountNumbers(journal: value.dagboek, wallet: value.portemonnee, own: value.eigen_bijdrage,
                                                  funding: value.financiering, announced: value.aangekondigd,
                                                  revenue: value.omzet, solidarity: value.solidariteit,
                                                  defaults: exportAccounts)
        }
        if let value = file.solidarity {
            solidarity = try Self.solidarityPolicy(value)
            if let above = value.confirm_above {
                guard (0...1_000_000_000).contains(above) else {
                    throw ConfigurationError("solidarity.confirm_above: 0–1000000000 (minor units)")
                }
                grantConfirmAbove = Amount(Int64(above))
            }
        }
        try applyActivities(file.activities)
        try applyCards(file.cards)
        if let section = file.central { central = try section.settings() }
        if let section = file.offline {
            guard central != nil else { throw ConfigurationError("[offline] geldt alleen voor een node met [central]") }
            offline = try section.limits()
        }
        try validate()
    }

    /// `[solidarity]` as the ledger's policy; a share outside 0–100 % or a fixed amount outside
    /// 0–10000000 stops the daemon, naming the key.
    fileprivate static func solidarityPolicy(_ entry: ConfigurationFile.Solidarity) throws -> SolidarityPolicy {
        let percent = entry.percent ?? 0
        guard percent.isFinite, (0...100).contains(percent) else { throw ConfigurationError("solidarity.percent: 0–100") }
        let fixed = entry.fixed ?? 0
        guard (0...10_000_000).contains(fixed) else { throw ConfigurationError("solidarity.fixed: 0–10000000 (minor units)") }
        return SolidarityPolicy(basisPoints: Int64((percent * 100).rounded()), fixed: Amount(Int64(fixed)))
    }

    private mutating func applyActivities(_ section: ConfigurationFile.Activities?) throws {
        guard let section else { return }
        if section.cutoff_hours != nil || section.late_policy != nil || section.grace_minutes != nil {
            activityRulesInFile = true
        }
        if let hours = section.cutoff_hours {
            guard (0...14 * 24).contains(hours) else { throw ConfigurationError("[activities] cutoff_hours: 0–336") }
            activityRules.cutoffMinutes = hours * 60
        }
        if let text = section.late_policy {
            guard let policy = LatePolicy(rawValue: text) else {
                throw ConfigurationError("[activities] late_policy: release or charge, not '\(text)'")
            }
            activityRules.latePolicy = policy
        }
        if let minutes = section.grace_minutes {
            guard (0...24 * 60).contains(minutes) else { throw ConfigurationError("[activities] grace_minutes: 0–1440") }
            activityRules.graceMinutes = minutes
        }
        if let seconds = section.sweep_seconds {
            guard (0...3_600).contains(seconds) else { throw ConfigurationError("[activities] sweep_seconds: 0–3600") }
            activitySweepSeconds = seconds == 0 ? nil : seconds
        }
    }

    /// Refuses numbers outside sane bounds: every limit has a limit.
    public func validate() throws {
        guard (1...10_000).contains(maxConnections) else { throw ConfigurationError("max_connections: 1–10000") }
        guard (1_024...16 * 1024 * 1024).contains(maxLineBytes) else { throw ConfigurationError("max_line_bytes: 1 KiB–16 MiB") }
        guard (100...600_000).contains(requestTimeoutMilliseconds) else { throw ConfigurationError("request_timeout_ms: 100–600000") }
        guard (1_000...3_600_000).contains(slowRequestTimeoutMilliseconds) else {
            throw ConfigurationError("slow_request_timeout_ms: 1000–3600000")
        }
        guard (0...24 * 3600).contains(reversalGraceSeconds) else { throw ConfigurationError("reversal_grace_minutes: 0–1440") }
        guard (1...3600).contains(tapTokenTTLSeconds) else { throw ConfigurationError("tap_token_ttl_seconds: 1–3600") }
        guard (1...1_000).contains(backupKeep) else { throw ConfigurationError("[backup] keep: 1–1000") }
        guard backupFolder.hasPrefix("/"), backupFolder.utf8.count <= 1_024 else {
            throw ConfigurationError("[backup] dir: een absoluut pad")
        }
        guard (0...1_000_000).contains(storageWarnBelowMegabytes) else {
            throw ConfigurationError("[storage] warn_below_mb: 0–1000000")
        }
        guard (1...3_600).contains(storageCheckSeconds) else { throw ConfigurationError("[storage] check_seconds: 1–3600") }
        guard readers.count <= 64 else { throw ConfigurationError("at most 64 [[readers]] entries") }
        guard (1...maxConnections).contains(maxConnectionsPerUID) else {
            throw ConfigurationError("max_connections_per_uid: 1–max_connections")
        }
        guard (0..<maxConnections).contains(adminReservedConnections) else {
            throw ConfigurationError("admin_reserved_connections: 0–max_connections−1")
        }
        guard (100...3_600_000).contains(idleTimeoutMilliseconds) else { throw ConfigurationError("idle_timeout_ms: 100–3600000") }
        guard (100...60_000).contains(drainDeadlineMilliseconds) else { throw ConfigurationError("drain_deadline_ms: 100–60000") }
        guard (1...60).contains(membershipRecheckSeconds) else { throw ConfigurationError("membership_recheck_seconds: 1–60") }
        guard (1...10_000).contains(maxForbiddenPerConnection) else {
            throw ConfigurationError("max_forbidden_per_connection: 1–10000")
        }
        guard Self.logLevels.contains(logLevel) else {
            throw ConfigurationError("log level \"\(logLevel)\": one of \(Self.logLevels.joined(separator: ", "))")
        }
        guard counterAccess.count <= 256 else { throw ConfigurationError("at most 256 [counter_access] entries") }
        for (counter, groups) in counterAccess where groups.isEmpty || groups.count > 64 {
            throw ConfigurationError("[counter_access] \(counter): 1–64 groups")
        }
    }

    /// `[cards]`: the policy, the key file (checked and read now: a bad one stops pasjesd with
    /// exit 78 before anything listens) and the admin's reader.
    private mutating func applyCards(_ cards: ConfigurationFile.Cards?) throws {
        guard let cards else { return }
        if let value = cards.require_auth { requireCardAuthentication = value }
        if let value = cards.issue_reader { issueReader = value }
        if let path = cards.key_file {
            cardKeyFile = path
            cardKeys = try CardKeyRing.load(path: path)
        }
        if requireCardAuthentication && cardKeys == nil {
            throw ConfigurationError("[cards] require_auth = true heeft een key_file nodig")
        }
    }

    /// `[tariffs.<ZZP>]` as the ledger's table, refused with a message naming the key when a
    /// number is out of range (a tariff that could book nonsense stops the daemon).
    fileprivate static func tariffTable(_ entries: [String: ConfigurationFile.TariffEntry]) throws -> TariffTable {
        var table = TariffTable()
        for (code, entry) in entries {
            guard (1...10_000_000).contains(entry.day_tariff) else {
                throw ConfigurationError("tariffs.\(code).day_tariff: 1–10000000 (minor units per day)")
            }
            guard (0...100).contains(entry.personal_share_percent) else {
                throw ConfigurationError("tariffs.\(code).personal_share_percent: 0–100")
            }
            var contributions: [String: Amount] = [:]
            for (name, value) in entry.contributions ?? [:] {
                guard (0...10_000_000).contains(value) else {
                    throw ConfigurationError("tariffs.\(code).contributions.\(name): 0–10000000 (minor units per month)")
                }
                contributions[name] = Amount(Int64(value))
            }
            table.tariffs[code] = Tariff(dayTariff: Amount(Int64(entry.day_tariff)),
                                         personalShareBasisPoints: Int64(entry.personal_share_percent) * 100,
                                         contributions: contributions)
        }
        do {
            try table.validate()
        } catch {
            throw ConfigurationError("tariffs: \(error.detail ?? error.message)")
        }
        return table
    }

    /// The two virtual readers of the private pcscd (scripts/pcscd-private) for the demo.
    public static let demoReaders = [
        ReaderMapping(match: "Virtual PCD 00 00", counter: "restaurant"),
        ReaderMapping(match: "Virtual PCD 00 01", counter: "dagbesteding"),
    ]

    /// Whether a member of `groups` may work `counter` (admins are checked by the caller).
    public func mayWork(counter: String, groups: some Sequence<String>) -> Bool {
        guard let allowed = counterAccess[counter] else { return false }
        return groups.contains { allowed.contains($0) }
    }

    /// The counter a reader serves, by the first matching pattern.
    public func counter(forReader reader: String) -> String? {
        readers.first { ReaderPattern.matches($0.match, reader) }?.counter
    }
}

/// A configuration that cannot be used; pasjesd exits with a message instead of guessing.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// `*` matches any run of characters, `?` one; everything else literally.
enum ReaderPattern {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
                pi += 1; ti += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}

// The file's shape; snake_case keys as operators write them.
// swiftlint:disable identifier_name
private struct ConfigurationFile: Decodable {
    struct Roles: Decodable { var cashier: [String]?; var activities: [String]?; var admin: [String]? }
    struct Limits: Decodable {
        var max_connections: Int?
        var max_connections_per_uid: Int?
        var admin_reserved_connections: Int?
        var idle_timeout_ms: Int?
        var drain_deadline_ms: Int?
        var membership_recheck_seconds: Int?
        var max_forbidden_per_connection: Int?
        var max_line_bytes: Int?
        var request_timeout_ms: Int?
        var slow_request_timeout_ms: Int?
    }
    struct Sales: Decodable { var reversal_grace_minutes: Int?; var tap_token_ttl_seconds: Int? }
    struct PCSC: Decodable { var enabled: Bool? }
    struct Log: Decodable { var level: String? }
    /// `[tariffs.VV5] day_tariff = 25063, personal_share_percent = 40` and
    /// `[tariffs.VV5.contributions] receptie = 500`: integers in minor units.
    struct TariffEntry: Decodable {
        var day_tariff: Int
        var personal_share_percent: Int
        var contributions: [String: Int]?
    }
    var database: String?
    var socket: String?
    var socket_group: String?
    var roles: Roles?
    var counter_access: [String: [String]]?
    var limits: Limits?
    var sales: Sales?
    /// `[backup] dir = "/var/lib/pasjes/backups"`, `keep = 14`.
    struct Backup: Decodable { var dir: String?; var keep: Int? }
    var backup: Backup?
    /// `[storage] warn_below_mb = 200`, `check_seconds = 60`.
    struct Storage: Decodable { var warn_below_mb: Int?; var check_seconds: Int? }
    var storage: Storage?
    var readers: [DaemonConfiguration.ReaderMapping]?
    var pcsc: PCSC?
    var log: Log?
    var tariffs: [String: TariffEntry]?
    /// `[cards] require_auth = true`, `key_file = "/etc/pasjes/card-keys"`, `issue_reader = "…"`.
    struct Cards: Decodable { var require_auth: Bool?; var key_file: String?; var issue_reader: String? }
    var cards: Cards?
    /// `[export] dagboek = "MEM"`, `portemonnee = "1450"`, …: the memoriaal's ledger numbers.
    struct Export: Decodable {
        var dagboek, portemonnee, eigen_bijdrage, financiering, aangekondigd, omzet, solidariteit: String?
    }
    var export: Export?
    /// `[solidarity] percent = 2` (of every allocation, up to two decimals) and/or `fixed = 500`
    /// (minor units per allocation); `confirm_above = 10000`: a larger grant needs a confirmation.
    struct Solidarity: Decodable {
        var percent: Double?
        var fixed: Int?
        var confirm_above: Int?

        private enum CodingKeys: String, CodingKey { case percent, fixed, confirm_above }

        /// `percent = 2` and `percent = 2.5` both: TOML keeps integers and floats apart.
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let whole = try? c.decodeIfPresent(Int.self, forKey: .percent) {
                percent = Double(whole)
            } else {
                percent = try c.decodeIfPresent(Double.self, forKey: .percent)
            }
            fixed = try c.decodeIfPresent(Int.self, forKey: .fixed)
            confirm_above = try c.decodeIfPresent(Int.self, forKey: .confirm_above)
        }
    }
    var solidarity: Solidarity?
    /// `[activities] cutoff_hours = 24`, `late_policy = "release"`, `grace_minutes = 60`, `sweep_seconds = 60`.
    struct Activities: Decodable {
        var cutoff_hours: Int?
        var late_policy: String?
        var grace_minutes: Int?
        var sweep_seconds: Int?
    }
    var activities: Activities?
    var central: CentralSection?
    var offline: OfflineSection?
}
