import Foundation
import GRDB
import PasjesMoney

/// The double-entry ledger of one location, in one SQLite file.
///
/// Every booking runs in one `BEGIN IMMEDIATE` transaction that checks the budget rules,
/// appends immutable transfers, updates cached balances and stores the idempotency result,
/// so a booking is either wholly there or wholly absent, even after `kill -9`.
public final class Ledger: Sendable {
    /// The unit of payment of this database, fixed when it was created.
    public let unit: AmountUnit
    /// The organisation's budget rules, fixed when the database was created.
    public let policy: BudgetPolicy
    /// The path of the SQLite file.
    public let path: String

    let pool: DatabasePool
    let clock: @Sendable () -> Date

    /// What a new database is created with.
    public struct Setup: Sendable {
        public var unit: AmountUnit
        public var policy: BudgetPolicy
        public init(unit: AmountUnit = .cents, policy: BudgetPolicy = BudgetPolicy()) {
            self.unit = unit
            self.policy = policy
        }
    }

    /// Opens the ledger at `path`, creating it with `setup` when the file is new.
    ///
    /// - Parameter clock: the time source; tests pass a fixed one to cross month boundaries.
    public init(path: String, setup: Setup = Setup(),
                clock: @escaping @Sendable () -> Date = { Date() }) throws {
        try setup.policy.validate()
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.label = "pasjes.ledger"
        configuration.prepareDatabase { db in
            // FULL: an acknowledged charge must survive power loss, not only a crash.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Ledger.migrator.migrate(pool)
        self.path = path
        self.clock = clock
        let stored = try pool.write { db -> (AmountUnit, BudgetPolicy) in
            try Ledger.loadOrStoreMeta(db, setup: setup)
        }
        unit = stored.0
        policy = stored.1
    }

    private static func loadOrStoreMeta(_ db: Database, setup: Setup) throws -> (AmountUnit, BudgetPolicy) {
        let unitText = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'unit'"))
        let policyText = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'policy'"))
        if let unitText, let policyText {
            guard let unit = AmountUnit(rawValue: unitText) else {
                throw LedgerError.databaseError.with("unknown unit \(unitText) in meta")
            }
            let policy = try JSONDecoder().decode(BudgetPolicy.self, from: Data(policyText.utf8))
            return (unit, policy)
        }
        let policyJSON = String(decoding: try JSONEncoder().encode(setup.policy), as: UTF8.self)
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('unit', ?), ('policy', ?)",
                       arguments: [setup.unit.rawValue, policyJSON])
        try db.execute(sql: "INSERT INTO accounts (code, kind) VALUES ('funding', 'funding')")
        return (setup.unit, setup.policy)
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so
    /// the balance read and the booking can never interleave with another writer.
    func book<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let error as LedgerError {
            throw error
        } catch let error as DatabaseError {
            throw LedgerError.databaseError.with("\(error.resultCode): \(error.message ?? "")")
        }
    }

    /// Runs a read in a snapshot of the last committed state.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as LedgerError {
            throw error
        } catch let error as DatabaseError {
            throw LedgerError.databaseError.with("\(error.resultCode): \(error.message ?? "")")
        }
    }

    /// Closes the database; further calls fail.
    public func close() throws {
        try pool.close()
    }

    /// The current time as stored: UTC, ISO 8601 with milliseconds.
    func nowText() -> (Date, String) {
        let now = clock()
        return (now, Ledger.timestamp(now))
    }

    /// `2026-11-24T09:15:02.123Z`. Hand-formatted with `gmtime_r`: Foundation's ISO 8601
    /// formatter costs more than the rest of a booking on Linux.
    /// The timestamp format of the ledger and the wire: UTC, milliseconds, `Z`.
    public static func wireTimestamp(_ date: Date) -> String { timestamp(date) }

    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds % 1000), 3))Z"
    }
}
