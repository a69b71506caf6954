import Foundation
import GRDB

/// What a command finds when it starts, read in one statement with its place in the journal:
/// the transfer chain's head and what its idempotency key booked before (bookkeeping, no
/// stream's facts: the stream tests exempt this statement). A charge needs both; one round
/// trip instead of three. Whether its month is closed comes with the wallet's facts.
///
/// Each part describes the state before the command wrote anything, so each serves only until
/// the command could have changed it: the transfer head the first append, the month the
/// appends until a close is written, the key's row the first lookup of that key.
struct CommandStart: Sendable {
    /// The hash of the newest transfer before the command (nil: not read, or already used).
    var transferHead: TransferHead?
    /// A month (`2026-11`) the command has read the status of, and whether it was closed.
    var month: (text: String, closed: Bool)?
    /// The idempotency key the command carries and the row it found (nil row: never used).
    var key: (key: String, row: StoredOnce?)?
    /// The result its idempotency row stored, and its canonical JSON: the journal takes the
    /// text when it journals that same result, instead of encoding it a second time.
    var encodedResult: EncodedResult?

    /// The transfer chain's head; `genesis` when there is no transfer yet.
    enum TransferHead: Sendable, Equatable {
        case genesis
        case hash(String)
    }
}

/// A command's result and its canonical JSON.
///
/// `@unchecked`: `AnyHashable` is not `Sendable`, but this value lives only in the running
/// command's context, written and read on the one thread that runs the command.
struct EncodedResult: @unchecked Sendable {
    var result: AnyHashable
    var json: String
}

/// An idempotency row: what a key booked the first time.
struct StoredOnce: Sendable {
    var operation: String
    var requestHash: String
    var result: Data
}

extension CommandStart {
    /// The SQL of `read`, as the stream tests exempt it. The head is joined by its key (MAX of
    /// the primary key is one seek), not as an `ORDER BY … LIMIT 1` subquery, which SQLite
    /// materialises into a temporary b-tree on every command.
    static let sql = """
        SELECT head.seq, head.hash,
            (SELECT MAX(origin_seq) FROM journal WHERE origin = ?1) AS lastOriginSeq,
            (SELECT hash FROM transfers ORDER BY seq DESC LIMIT 1) AS transferHead,
            once.operation, once.request_hash AS requestHash, once.result
        FROM (SELECT 1) AS one
        LEFT JOIN journal AS head ON head.seq = (SELECT MAX(seq) FROM journal)
        LEFT JOIN idempotency AS once ON once.key = ?2
        """

    /// The journal's head, the origin's last sequence and the rest of the start, in one statement.
    ///
    /// Why one statement: a charge is a handful of rows; its reads were most of its statements.
    static func read(origin: String, key: String?, in db: Database) throws
        -> (head: (seq: Int64, hash: String)?, lastOriginSeq: Int64, start: CommandStart) {
        let row = try ColumnValues.fetchOne(db.hotStatement(CommandStart.statement), origin, key)
        guard let row else { throw LedgerError.databaseError.with("the command's start read no row") }
        // By position (the columns of `sql`, in order): a lookup by name costs more than the read.
        var start = CommandStart()
        let transferHash: String? = try row.decode(atIndex: 3)
        start.transferHead = transferHash.map { .hash($0) } ?? .genesis
        if let key {
            let operation: String? = try row.decode(atIndex: 4)
            start.key = (key, try operation.map { StoredOnce(
                operation: $0, requestHash: try row.decode(atIndex: 5), result: try row.decode(atIndex: 6)) })
        }
        let seq: Int64? = try row.decode(atIndex: 0)
        let head = try seq.map { ($0, try row.decode(String.self, atIndex: 1)) }
        return (head, try row.decode(Int64?.self, atIndex: 2) ?? 0, start)
    }
}

extension CommandStart {
    static let statement = HotSQL(sql)
}
