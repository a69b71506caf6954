import Foundation
import GRDB
import GRDBSQLite
import Synchronization
@testable import PasjesCore

/// What one command did to a ledger, held against the streams it declared.
struct StreamObservation {
    var declared: CommandStreams
    /// Every statement the writer ran: as written, and with its bound values.
    var statements: [(sql: String, expanded: String)]
    var rowsWritten: [(table: String, rowID: Int64)]
    var problems: [String] = []
}

/// Collects what the writer connection does while one command runs.
///
/// Rows through SQLite's own update hook, not a GRDB `TransactionObserver`: the ledger's hot
/// statements are stepped through SQLite's C API (`Statement+Run.swift`), which GRDB's
/// observers never see; the hook sees every row SQLite writes, whoever stepped the statement.
private final class Recorder: Sendable {
    let statements = Mutex<[(sql: String, expanded: String)]>([])
    let rows = Mutex<[(table: String, rowID: Int64)]>([])

    /// Starts recording the rows `connection` writes (until `stop`).
    func start(on connection: OpaquePointer) {
        sqlite3_update_hook(connection, { context, _, _, table, rowID in
            guard let context, let table else { return }
            let recorder = Unmanaged<Recorder>.fromOpaque(context).takeUnretainedValue()
            let row = (String(cString: table), rowID)
            recorder.rows.withLock { $0.append(row) }
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    func stop(on connection: OpaquePointer) {
        sqlite3_update_hook(connection, nil, nil)
    }
}

extension StreamAuthorizerTests {
    /// Runs `command` through `Ledger.execute` at `time` and checks what it read and wrote.
    static func observe(_ command: some LedgerCommand, on ledger: Ledger, at time: Date) throws -> StreamObservation {
        let declared = try ledger.read { db in try command.streams(in: db, at: time) }
        let before = try ledger.read { db in try StreamMap.rows(in: db) }
        let recorder = Recorder()
        ledger.pool.writeWithoutTransaction { db in
            db.trace(options: .statement) { event in
                guard case .statement(let statement) = event else { return }
                let pair = (statement.sql, statement.expandedSQL)
                recorder.statements.withLock { $0.append(pair) }
            }
            if let connection = db.sqliteConnection { recorder.start(on: connection) }
        }
        defer {
            ledger.pool.writeWithoutTransaction { db in
                db.trace(options: .statement, nil)
                if let connection = db.sqliteConnection { recorder.stop(on: connection) }
            }
        }
        _ = try ledger.execute(command)
        let after = try ledger.read { db in try StreamMap.rows(in: db) }
        var observation = StreamObservation(declared: declared, statements: recorder.statements.withLock { $0 },
                                            rowsWritten: recorder.rows.withLock { $0 })
        try observation.checkReads(path: ledger.path, rows: after)
        observation.checkWrites(before: before, after: after)
        return observation
    }
}

extension StreamObservation {
    // MARK: Reads

    /// Tables no decision reads as a rule of the domain, so they belong to no stream.
    ///
    /// - `journal`: the command log itself (its head links the next entry); the organisation's
    ///   log orders entries, and issue 22 item 1 makes the chain independent of local rows.
    /// - `idempotency`: a retry's first answer, found by the request's key; in the
    ///   organisation's log the key is the entry's (origin, origin sequence), not a stream.
    /// - `node`: this file's own id, never a fact of any client.
    /// - `sqlite_sequence`, `grdb_migrations`, `sqlite_schema`/`sqlite_master`: SQLite's and
    ///   GRDB's bookkeeping.
    static let exemptTables: Set<String> = [
        "journal", "idempotency", "node", "sqlite_sequence", "grdb_migrations", "sqlite_schema", "sqlite_master",
    ]

    /// Statements that read a table for bookkeeping, not for a decision: the transfer chain's
    /// previous hash (a local ordering that issue 22 item 1 replaces with the entry's own).
    /// The command's start reads the same chain head with the journal's head and its key's
    /// row (`CommandStart`): bookkeeping only.
    static let exemptStatements: Set<String> = [
        "SELECT hash FROM transfers ORDER BY seq DESC LIMIT 1",
        CommandStart.sql,
    ]

    /// The stream kinds a row of each table can belong to. A statement that reads a table is
    /// within the declared streams when one of them is of such a kind.
    static let readKinds: [String: Set<StreamName.Kind>] = [
        "clients": [.client, .residents],
        // wallet and own money (client), the buffer (solidarity), a counter's revenue, and the
        // organisation's funding and announced accounts that every booking into a month moves.
        "accounts": [.client, .solidarity, .counter, .month],
        "cards": [.card, .client],
        "card_state_changes": [.card],
        "products": [.product, .catalogue],
        "counters": [.counter],
        "transfers": [.client, .month, .solidarity],
        "sales": [.client, .month],
        "sale_items": [.client, .month],
        "sale_reversals": [.client, .month],
        "sale_risks": [.client, .month],
        "allocations": [.client, .month],
        "allocation_reversals": [.client, .month],
        "month_closes": [.monthStatus],
        "client_contacts": [.client],
        "arrangements": [.client],
        "arrangement_bookings": [.client],
        "client_absences": [.client],
        "absence_refunds": [.client],
        "activities": [.activity],
        "activity_sessions": [.session],
        "activity_bookings": [.session, .client],
        "activity_rules": [.activityRules],
    ]

    /// `meta` holds one ledger-wide stream per key.
    static let metaStreams: [String: StreamName] = [
        "unit": .policy, "policy": .policy, "tariffs": .tariffs, "solidarity": .solidarity, "ruleset": .policy,
    ]

    /// `meta` keys every command that makes a row may read without declaring it: the ruleset
    /// changes only at a `ledger.upgrade` entry, which every node applies at the same place of
    /// the log, so no decision can see it change between deciding and applying.
    static let exemptMetaReads: Set<String> = ["ruleset"]

    /// Lookups by key whose bound value names the very stream read (`FROM cards WHERE uid = ?`).
    static let keyedLookups: [(fragment: String, column: String, stream: @Sendable (String) -> StreamName?)] = [
        ("FROM clients WHERE number = ?", "number", { .client($0) }),
        ("FROM cards WHERE uid = ?", "uid", { .card($0) }),
        ("FROM counters WHERE id = ?", "id", { .counter($0) }),
        ("FROM products WHERE code = ?1", "code", { .product($0) }),
        ("FROM month_closes WHERE month = ?", "month", { Month($0).map(StreamName.monthStatus) }),
        ("FROM activity_sessions WHERE id = ?", "id", { .session($0) }),
        ("FROM activities WHERE code = ?", "code", { .activity($0) }),
    ]

    mutating func checkReads(path: String, rows: StreamMap) throws {
        let tablesRead = try AuthorizerProbe.tablesRead(by: Set(statements.map(\.sql)), path: path)
        let declaredKinds = Set(declared.reads.compactMap(\.kind))
        for (sql, expanded) in statements where !sql.hasPrefix("--") && !Self.exemptStatements.contains(sql) {
            for table in tablesRead[sql, default: []].sorted() where !Self.exemptTables.contains(table) {
                if table == "meta" {
                    let keys = Self.literals(after: "key = ", in: sql)
                    if keys.isEmpty { problems.append("reads meta without naming a key: \(sql)") }
                    for key in keys where !Self.exemptMetaReads.contains(key) {
                        guard let stream = Self.metaStreams[key] else { problems.append("meta key \(key) has no stream"); continue }
                        if !declared.reads.contains(stream) { problems.append("reads \(stream) (meta) undeclared: \(sql)") }
                    }
                    continue
                }
                guard let kinds = Self.readKinds[table] else {
                    problems.append("table \(table) belongs to no stream kind: give it one")
                    continue
                }
                if kinds.isDisjoint(with: declaredKinds) {
                    problems.append("reads \(table) (\(kinds.map(\.rawValue).sorted())) outside its streams: \(sql)")
                }
            }
            for lookup in Self.keyedLookups where sql.contains(lookup.fragment) {
                for value in Self.literals(after: "\(lookup.column) = ", in: expanded) {
                    guard let stream = lookup.stream(value) else { continue }
                    if !declared.reads.contains(stream) { problems.append("reads \(stream) undeclared: \(expanded)") }
                }
            }
            // Rows a statement picks by a bound key: a client's id, a session, an account.
            var keyed: Set<StreamName> = []
            var clientIDs = Self.integers(after: "client_id = ", in: expanded)
            if sql.contains("FROM clients WHERE id = ?") { clientIDs += Self.integers(after: "id = ", in: expanded) }
            keyed.formUnion(clientIDs.compactMap { rows.clientNumbers[$0] }.map(StreamName.client))
            keyed.formUnion(Self.literals(after: "session_id = ", in: expanded).map(StreamName.session))
            if sql.contains("FROM accounts WHERE id = ?") {
                for id in Self.integers(after: "id = ", in: expanded) { keyed.formUnion(rows.streams["accounts"]?[id] ?? []) }
            }
            for stream in keyed.sorted() where !declared.reads.contains(stream) {
                problems.append("reads \(stream) undeclared: \(expanded)")
            }
        }
    }

    /// The quoted values after `prefix` in `sql` (`key = 'tariffs'` gives `tariffs`).
    static func literals(after prefix: String, in sql: String) -> [String] {
        var values: [String] = []
        var rest = Substring(sql)
        while let range = rest.range(of: prefix + "'") {
            rest = rest[range.upperBound...]
            guard let end = rest.firstIndex(of: "'") else { break }
            values.append(String(rest[..<end]))
            rest = rest[end...].dropFirst()
        }
        return values
    }

    /// The integers after `prefix` in `sql`.
    static func integers(after prefix: String, in sql: String) -> [Int64] {
        sql.components(separatedBy: prefix).dropFirst().compactMap { Int64($0.prefix { $0.isNumber }) }
    }

    // MARK: Writes

    /// Rows whose table no stream holds: the journal, the idempotency keys and SQLite's
    /// counters (see `exemptTables`).
    static let exemptWriteTables: Set<String> = ["journal", "idempotency", "node", "sqlite_sequence"]

    mutating func checkWrites(before: StreamMap, after: StreamMap) {
        for (table, rowID) in rowsWritten where !Self.exemptWriteTables.contains(table) {
            guard StreamMap.queries[table] != nil else {
                problems.append("wrote \(table) #\(rowID), a table with no streams: give it some")
                continue
            }
            guard let streams = after.streams[table]?[rowID] ?? before.streams[table]?[rowID] else {
                problems.append("wrote \(table) #\(rowID), a row found neither before nor after")
                continue
            }
            for stream in streams.sorted() where !declared.writes.contains(stream) {
                problems.append("wrote \(table) #\(rowID) of \(stream) undeclared")
            }
        }
    }
}

/// The streams every row of the ledger belongs to, by table and row id.
struct StreamMap {
    var streams: [String: [Int64: Set<StreamName>]] = [:]
    var clientNumbers: [Int64: String] = [:]

    /// Per table: a query of rowid and the keys, and how the keys name the row's streams.
    static let queries: [String: (sql: String, streams: @Sendable (Row) -> Set<StreamName>)] = [
        "meta": ("SELECT rowid, key FROM meta", { row in
            [StreamObservation.metaStreams[row["key"] as String] ?? StreamName(rawValue: "meta:\(row["key"] as String)")]
        }),
        "clients": ("SELECT rowid, number FROM clients", { [.client($0["number"])] }),
        // The organisation's own accounts (funding, announced, each counter's revenue) only sum
        // what bookings move: no decision reads their balance, and applying entries in log order
        // gives the same sum everywhere, so they are nobody's stream. The buffer is read by grants.
        "accounts": ("""
            SELECT a.rowid, a.code, c.number FROM accounts a LEFT JOIN clients c ON c.id = a.client_id
            """, { row in
                if let number = row["number"] as String? { return [.client(number)] }
                return row["code"] as String == Ledger.solidarityAccountCode ? [.solidarity] : []
            }),
        "cards": ("SELECT rowid, uid FROM cards", { [.card($0["uid"])] }),
        "card_state_changes": ("SELECT rowid, uid FROM card_state_changes", { [.card($0["uid"])] }),
        "products": ("SELECT rowid, code FROM products", { [.product($0["code"])] }),
        "counters": ("SELECT rowid, id FROM counters", { [.counter($0["id"])] }),
        "activity_rules": ("SELECT rowid FROM activity_rules", { _ in [.activityRules] }),
        "transfers": ("""
            SELECT t.rowid, t.month, dc.number AS debit, cc.number AS credit,
                (d.code = 'solidarity' OR c.code = 'solidarity') AS buffer
            FROM transfers t JOIN accounts d ON d.id = t.debit_account_id JOIN accounts c ON c.id = t.credit_account_id
                LEFT JOIN clients dc ON dc.id = d.client_id LEFT JOIN clients cc ON cc.id = c.client_id
            """, { row in
                var streams: Set<StreamName> = []
                if let month = Month(row["month"] as String) { streams.insert(.month(month)) }
                if let number = row["debit"] as String? { streams.insert(.client(number)) }
                if let number = row["credit"] as String? { streams.insert(.client(number)) }
                if row["buffer"] as Bool { streams.insert(.solidarity) }
                return streams
            }),
        "sales": ("SELECT s.rowid, c.number, s.month FROM sales s JOIN clients c ON c.id = s.client_id", clientAndMonth),
        "sale_items": ("""
            SELECT i.rowid, c.number, s.month FROM sale_items i JOIN sales s ON s.id = i.sale_id
                JOIN clients c ON c.id = s.client_id
            """, clientAndMonth),
        "sale_reversals": ("""
            SELECT r.rowid, c.number FROM sale_reversals r JOIN sales s ON s.id = r.sale_id
                JOIN clients c ON c.id = s.client_id
            """, clientOnly),
        "sale_risks": ("SELECT r.rowid, c.number FROM sale_risks r JOIN sales s ON s.id = r.sale_id JOIN clients c ON c.id = s.client_id",
                       clientOnly),
        "allocations": ("SELECT a.rowid, c.number, a.month FROM allocations a JOIN clients c ON c.id = a.client_id",
                        clientAndMonth),
        "allocation_reversals": ("""
            SELECT a.rowid, c.number, a.month FROM allocation_reversals a JOIN clients c ON c.id = a.client_id
            """, clientAndMonth),
        "month_closes": ("SELECT rowid, month FROM month_closes", { row in
            Month(row["month"] as String).map { [.monthStatus($0)] } ?? []
        }),
        "client_contacts": ("SELECT k.rowid, c.number FROM client_contacts k JOIN clients c ON c.id = k.client_id",
                            clientOnly),
        "arrangements": ("SELECT a.rowid, c.number FROM arrangements a JOIN clients c ON c.id = a.client_id", clientOnly),
        "arrangement_bookings": ("""
            SELECT b.rowid, c.number, b.month FROM arrangement_bookings b JOIN arrangements a ON a.id = b.arrangement_id
                JOIN clients c ON c.id = a.client_id
            """, clientAndMonth),
        "client_absences": ("SELECT a.rowid, c.number FROM client_absences a JOIN clients c ON c.id = a.client_id",
                            clientOnly),
        "absence_refunds": ("""
            SELECT r.rowid, c.number, r.month FROM absence_refunds r JOIN client_absences a ON a.id = r.absence_id
                JOIN clients c ON c.id = a.client_id
            """, clientAndMonth),
        "activities": ("SELECT rowid, code FROM activities", { [.activity($0["code"])] }),
        "activity_sessions": ("SELECT rowid, id FROM activity_sessions", { [.session($0["id"])] }),
        "activity_bookings": ("""
            SELECT b.rowid, b.session_id, c.number FROM activity_bookings b JOIN clients c ON c.id = b.client_id
            """, { [.session($0["session_id"]), .client($0["number"])] }),
    ]

    @Sendable static func clientOnly(_ row: Row) -> Set<StreamName> { [.client(row["number"])] }

    @Sendable static func clientAndMonth(_ row: Row) -> Set<StreamName> {
        var streams: Set<StreamName> = [.client(row["number"])]
        if let month = Month(row["month"] as String) { streams.insert(.month(month)) }
        return streams
    }

    /// Every row's streams as the ledger stands (a table the ledger does not have yet is empty).
    static func rows(in db: Database) throws -> StreamMap {
        var map = StreamMap()
        for (table, query) in queries where try db.tableExists(table) {
            var rows: [Int64: Set<StreamName>] = [:]
            for row in try Row.fetchAll(db, sql: query.sql) { rows[row[0]] = query.streams(row) }
            map.streams[table] = rows
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, number FROM clients") { map.clientNumbers[row[0]] = row[1] }
        return map
    }
}

/// Compiles statements on a separate read-only connection under `sqlite3_set_authorizer` and
/// reports the tables each reads. (GRDB keeps its own authorizer on its connections, so this
/// one must not be theirs; compiling is enough, the authorizer runs at prepare time.)
enum AuthorizerProbe {
    private final class Tables { var names: Set<String> = [] }

    static func tablesRead(by statements: Set<String>, path: String) throws -> [String: Set<String>] {
        var connection: OpaquePointer?
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let connection else {
            throw LedgerError.databaseError.with("cannot open \(path) read-only")
        }
        defer { sqlite3_close(connection) }
        var result: [String: Set<String>] = [:]
        for sql in statements where !sql.hasPrefix("--") {
            let tables = Tables()
            let context = Unmanaged.passRetained(tables)
            sqlite3_set_authorizer(connection, { context, action, table, _, _, _ in
                if action == SQLITE_READ, let context, let table {
                    Unmanaged<Tables>.fromOpaque(context).takeUnretainedValue().names.insert(String(cString: table))
                }
                return SQLITE_OK
            }, context.toOpaque())
            var statement: OpaquePointer?
            let code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
            sqlite3_finalize(statement)
            sqlite3_set_authorizer(connection, nil, nil)
            context.release()
            // Transaction control and savepoints compile too; a statement that does not compile
            // here (a temporary table of the writer) would hide its reads: fail loudly.
            guard code == SQLITE_OK else {
                throw LedgerError.databaseError.with("cannot compile \(sql): \(String(cString: sqlite3_errmsg(connection)))")
            }
            result[sql] = tables.names
        }
        return result
    }
}
