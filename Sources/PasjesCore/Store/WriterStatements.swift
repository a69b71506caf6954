import Foundation
import GRDB
import Synchronization

/// A statement of the booking path, found by a number instead of its SQL text.
///
/// Why: GRDB's `cachedStatement(sql:)` finds a prepared statement in a dictionary keyed by the
/// SQL, so every use hashes the whole text again (a few hundred bytes): ~2 500 instructions,
/// ten uses a charge, ~25 k of it. Each `HotSQL` is a `static let`, numbered once when first
/// used, and the writer keeps its statements in an array by that number (`WriterStatements`).
final class HotSQL: Sendable {
    /// The statement's SQL.
    let text: String
    /// Its place in a writer's array: unique in the process, given when the `static let` is
    /// first read.
    let index: Int

    private static let made = Atomic<Int>(0)

    init(_ text: String) {
        self.text = text
        index = HotSQL.made.wrappingAdd(1, ordering: .relaxed).oldValue
    }
}

/// The prepared `HotSQL` statements of each open ledger's writer connection.
///
/// Only writers, and only while they are registered: a `Ledger` registers its writer when it opens
/// (inside its access, on the writer's queue) and `Ledger.close` unregisters it there before the
/// pool closes, since SQLite will not close a connection with statements left (GRDB's `close`
/// would fail). A writer that goes away without `close` (its pool deallocated) is dropped when
/// the next ledger opens: its `Database` is gone, and finalizing its statements then completes the close
/// GRDB left to SQLite (`sqlite3_close_v2`). Any other connection (a reader) gets GRDB's own
/// cache. Statements are only ever used on their writer's queue, as GRDB uses its own.
enum WriterStatements {
    /// A writer connection and its statements by `HotSQL.index`. The statements are used and
    /// changed only on that connection's queue, as the connection itself is.
    private final class Writer {
        weak var database: Database?
        var statements: [Statement?] = []

        init(_ database: Database) { self.database = database }
    }

    /// One entry per open ledger in the process: one in pasjesd, a few in a test run. Guarded by
    /// `lock` (a plain lock: `Database` is not `Sendable`, so it cannot live in a `Mutex`).
    nonisolated(unsafe) private static var writers: [Writer] = []
    private static let lock = NSLock()

    /// `db` is a ledger's writer: its `HotSQL` statements are kept from now on. Writers gone
    /// without `unregister` are dropped here.
    static func register(_ db: Database) {
        lock.lock()
        defer { lock.unlock() }
        writers.removeAll { $0.database == nil }
        guard !writers.contains(where: { $0.database === db }) else { return }
        writers.append(Writer(db))
    }

    /// `db` closes: its statements are finalized now, so that SQLite can close it.
    static func unregister(_ db: Database) {
        lock.lock()
        let index = writers.firstIndex { $0.database === db }
        let writer = index.map { writers.remove(at: $0) }
        lock.unlock()
        // Finalized here, on the writer's queue.
        writer?.statements.removeAll()
    }

    /// The prepared statement of `sql` on `db`: the writer's own when `db` is a registered
    /// writer, else GRDB's cached one.
    static func statement(_ sql: HotSQL, in db: Database) throws -> Statement {
        lock.lock()
        let writer = writers.first { $0.database === db }
        lock.unlock()
        guard let writer else { return try db.cachedStatement(sql: sql.text) }
        if sql.index < writer.statements.count, let statement = writer.statements[sql.index] { return statement }
        let statement = try db.makeStatement(sql: sql.text)
        if writer.statements.count <= sql.index {
            writer.statements += Array(repeating: nil, count: sql.index + 1 - writer.statements.count)
        }
        writer.statements[sql.index] = statement
        return statement
    }
}

extension Database {
    /// `sql` prepared once on this connection (see `WriterStatements`).
    func hotStatement(_ sql: HotSQL) throws -> Statement {
        try WriterStatements.statement(sql, in: self)
    }
}
