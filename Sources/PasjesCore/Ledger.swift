import Foundation
import GRDB
import PasjesMoney
import Synchronization

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
    /// This ledger's node id: the origin of the commands it executes.
    public let nodeID: String

    let pool: DatabasePool
    let clock: @Sendable () -> Date
    /// The running command's context; set only inside a booking transaction.
    let execution = Mutex<ExecutionContext?>(nil)
    /// Where writes go when this ledger is a node of several locations (nil: booked here).
    let proposerSlot = Mutex<(any LedgerProposer)?>(nil)
    /// Held from a decision until its entry is applied: a node numbers its entries 1, 2, … in
    /// the order it decides them, so two decisions in flight would claim one number.
    let proposing = Mutex(())
    /// Tests only: told every statement a read runs (the statement-budget tests count them).
    let readTrace = Mutex<(@Sendable (String) -> Void)?>(nil)
    /// Account ids by code, as found (see `accountID(code:in:)`).
    let accountIDs = Mutex<[String: Int64]>([:])
    /// The most account ids kept: a few per client; 100,000 is far more than one home has.
    static let maxCachedAccountIDs = 100_000

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
    public convenience init(path: String, setup: Setup = Setup(),
                            clock: @escaping @Sendable () -> Date = { Date() }, node: String? = nil) throws {
        try self.init(path: path, setup: setup, clock: clock, opening: .live, node: node)
    }

    /// How a ledger file is opened.
    enum Opening {
        /// A node's own ledger: created by its own `ledger.create` when new.
        case live
        /// An empty ledger that `verify` replays a journal into: not durable (it is thrown away),
        /// no node of its own, and nothing created until the journal's first entry says how.
        case rebuilding
        /// A new node's ledger that starts from another node's entries: durable, with a node id
        /// of its own, and created by the first entry it applies.
        case replica
    }

    /// - Parameter node: the node id of a new file (a node of several locations is named by its
    ///   `[central] node`); nil makes a random one. A file keeps the id it has.
    init(path: String, setup: Setup, clock: @escaping @Sendable () -> Date, opening: Opening, node: String? = nil) throws {
        let rebuilding = opening == .rebuilding
        try setup.policy.validate()
        _ = SQLiteMemoryStatistics.turnedOff
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.label = "pasjes.ledger"
        configuration.prepareDatabase { db in
            // FULL: an acknowledged charge must survive power loss, not only a crash.
            try db.execute(sql: rebuilding ? "PRAGMA synchronous = OFF" : "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB's pool sets `synchronous = NORMAL` on its writer after `prepareDatabase` (WAL's
        // usual choice: no fsync at commit), which let a power cut take acknowledged sales and
        // kept a failing fsync from ever reaching a booking. Set again on the one connection
        // that writes; readers never commit.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: rebuilding ? "PRAGMA synchronous = OFF" : "PRAGMA synchronous = FULL")
            // Once, here: its booking statements are kept from the first booking on.
            WriterStatements.register(db)
        }
        try Ledger.migrator.migrate(pool)
        self.path = path
        self.clock = clock
        if rebuilding {
            nodeID = ""
            unit = setup.unit
            policy = setup.policy
            return
        }
        let now = Ledger.milliseconds(clock())
        let stored = try pool.write { db -> (String, AmountUnit, BudgetPolicy) in
            // A replica is whichever node opens it: a snapshot or a backup carries the id of the
            // node it was taken from, and two nodes with one id would number entries alike.
            let node = try opening == .replica && node != nil
                ? Ledger.claimNodeID(db, node!) : Ledger.loadOrCreateNodeID(db, preferring: node)
            if opening == .replica, try Ledger.storedMeta(db) == nil { return (node, setup.unit, setup.policy) }
            let (unit, policy) = try Ledger.loadOrCreateMeta(db, setup: setup, node: node, timeMilliseconds: now)
            return (node, unit, policy)
        }
        nodeID = stored.0
        unit = stored.1
        policy = stored.2
    }

    private static func loadOrCreateMeta(_ db: Database, setup: Setup, node: String,
                                         timeMilliseconds: Int64) throws -> (AmountUnit, BudgetPolicy) {
        if let stored = try storedMeta(db) { return stored }
        // The first command of every new ledger; run without `execute` because `self` is not
        // whole yet, but journaled the same way, so a rebuild starts from it.
        let create = LedgerCreate(unit: setup.unit, policy: setup.policy, ruleset: .current)
        try create.createTables(in: db)
        let first = ExecutionContext(origin: node, originSeq: 1, seq: 1, timeMilliseconds: timeMilliseconds)
        try JournalEntry.chained(create, result: Empty(), context: first, previousHash: nil).insert(in: db)
        return (setup.unit, setup.policy)
    }

    /// The unit and policy in `meta`, if the ledger was created already.
    static func storedMeta(_ db: Database) throws -> (AmountUnit, BudgetPolicy)? {
        let unitText = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'unit'"))
        let policyText = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'policy'"))
        guard let unitText, let policyText else { return nil }
        guard let unit = AmountUnit(rawValue: unitText) else {
            throw LedgerError.databaseError.with("unknown unit \(unitText) in meta")
        }
        let policy = try JSONDecoder().decode(BudgetPolicy.self, from: Data(policyText.utf8))
        return (unit, policy)
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
            throw LedgerError.database(error)
        } catch {
            // A value the file should never hold: a refusal naming where, not a trap or `internal_error`.
            throw LedgerError.inconsistency(error) ?? error
        }
    }

    /// Runs a read in a snapshot of the last committed state.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            guard let observer = readTrace.withLock({ $0 }) else { return try inReadTransaction(body) }
            return try inReadTransaction { db in
                db.trace(options: .statement) { observer("\($0)") }
                defer { db.trace(options: [], nil) }
                return try body(db)
            }
        } catch let error as LedgerError {
            throw error
        } catch let error as DatabaseError {
            throw LedgerError.database(error)
        } catch {
            // A value the file should never hold: a refusal naming where, not a trap or `internal_error`.
            throw LedgerError.inconsistency(error) ?? error
        }
    }

    /// Closes the database; further calls fail.
    ///
    /// The WAL is written back into the file first: a ledger that was stopped cleanly is one
    /// self-contained file, which an operator can copy, check or restore on its own. A checkpoint
    /// that cannot finish (a reader still open) leaves the WAL to SQLite, which loses nothing.
    public func close() throws {
        try? pool.writeWithoutTransaction { db in
            // The writer's own prepared statements go first: SQLite closes no connection that has some.
            WriterStatements.unregister(db)
            _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        try pool.close()
    }

    /// The running command's time, as a date and as stored (UTC, ISO 8601, milliseconds).
    ///
    /// Only inside a command: a booking takes its time from its journal entry, so a replay
    /// books the same times.
    func nowText() -> (Date, String) {
        guard let context = execution.withLock({ $0 }) else {
            preconditionFailure("the booking time is read only while a command runs")
        }
        return (context.date, context.timeText)
    }
}
