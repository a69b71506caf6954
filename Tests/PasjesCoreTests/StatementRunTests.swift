import Foundation
import GRDB
import Testing
@testable import PasjesCore

/// The hot statements bound and stepped through SQLite's C API (`Statement+Run.swift`, issue 25)
/// must store what GRDB stored, fail as GRDB failed, and never leave a statement or a
/// transaction behind them in a state GRDB does not expect.
@Suite struct StatementRunTests {
    /// A database of its own, in a fresh folder under the temporary directory.
    private static func scratchQueue() throws -> DatabaseQueue {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pasjes-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: folder.appendingPathComponent("t.sqlite").path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT, flag INTEGER, data BLOB, n INTEGER NOT NULL)")
        }
        return queue
    }

    /// `scratchQueue` with rows 1 ("a") and 2 ("b"), both with n = 5.
    private static func scratchQueueWithTwoRows() throws -> DatabaseQueue {
        let queue = try scratchQueue()
        try queue.inTransaction { db in
            try db.cachedStatement(sql: insert).run(Int64(1), "a", true, Data(), 5)
            try db.cachedStatement(sql: insert).run(Int64(2), "b", true, Data(), 5)
            return .commit
        }
        return queue
    }

    private static let insert = "INSERT INTO t (id, text, flag, data, n) VALUES (?, ?, ?, ?, ?)"

    /// Each value as GRDB would store it: the ledger's tables are compared value for value with a
    /// replay (verify), so a text stored where GRDB stored a blob would be a difference.
    @Test func aRunStoresEachValueAsGRDBDoes() throws {
        let queue = try Self.scratchQueue()
        let text = "Kroket met \u{E9}\u{301}n \u{1F950}, 100% \"echt\""
        let data = Data([0, 1, 2, 255])
        try queue.inTransaction { db in
            try db.cachedStatement(sql: Self.insert).run(Int64(1), text, true, data, 7)
            try db.execute(sql: Self.insert, arguments: [Int64(2), text, true, data, 7])
            let nothing: String? = nil
            try db.cachedStatement(sql: Self.insert).run(Int64(3), nothing, false, Data?.none, Int64.min)
            try db.execute(sql: Self.insert, arguments: [Int64(4), nothing, false, Data?.none, Int64.min])
            return .commit
        }
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, typeof(text), text, typeof(flag), flag, typeof(data), data, typeof(n), n FROM t ORDER BY id")
        }
        #expect(rows.count == 4)
        for (ours, grdbs) in [(rows[0], rows[1]), (rows[2], rows[3])] {
            for column in 1..<9 {
                #expect(ours[column] as DatabaseValue == grdbs[column] as DatabaseValue, "column \(column): \(ours) ≠ \(grdbs)")
            }
        }
        #expect(rows[0][1] as String == "text" && rows[0][2] as String == text)
        #expect(rows[0][3] as String == "integer" && rows[0][4] as Int64 == 1)
        #expect(rows[0][5] as String == "blob" && rows[0][6] as Data == data)
        #expect(rows[2][1] as String == "null" && rows[2][5] as String == "null" && rows[2][8] as Int64 == Int64.min)
    }

    /// Text goes to SQLite as its UTF-8 bytes and their length (`HotBinding`), where GRDB passes
    /// a C string: the same text must be stored for every kind of string, an empty one stays
    /// empty text (not NULL), and one with a NUL byte ends there, as GRDB's C string does.
    @Test func textIsStoredAsGRDBStoresIt() throws {
        let queue = try Self.scratchQueue()
        let long = String(repeating: "Kroket \u{1F950} ", count: 300)
        let texts: [String] = ["", "a", "vijftien tekens", "zestien tekens!!", long, String(long.dropFirst(3).prefix(40)),
                               "voor\u{0}na", "\u{0}", "e\u{301}"]
        try queue.inTransaction { db in
            for (index, text) in texts.enumerated() {
                try db.cachedStatement(sql: Self.insert).run(Int64(2 * index + 1), text, true, Data(), 1)
                try db.execute(sql: Self.insert, arguments: [Int64(2 * index + 2), text, true, Data(), 1])
                let maybe: String? = text
                try db.cachedStatement(sql: "UPDATE t SET n = length(?) WHERE id = ?").run(maybe, Int64(2 * index + 1))
                try db.execute(sql: "UPDATE t SET n = length(?) WHERE id = ?", arguments: [maybe, Int64(2 * index + 2)])
            }
            return .commit
        }
        let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT typeof(text), hex(text), n FROM t ORDER BY id") }
        #expect(rows.count == 2 * texts.count)
        for index in texts.indices {
            let (ours, grdbs) = (rows[2 * index], rows[2 * index + 1])
            #expect(ours[0] as String == "text", "\(texts[index].debugDescription) stored as \(ours[0] as String)")
            #expect(ours[1] as String == grdbs[1] as String, "\(texts[index].debugDescription): \(ours[1] as String) ≠ \(grdbs[1] as String)")
            #expect(ours[2] as Int64 == grdbs[2] as Int64, "length of \(texts[index].debugDescription)")
        }
        #expect(rows[0][1] as String == "", "the empty string is empty text")
        #expect(rows[12][1] as String == "766F6F72", "text ends at its first NUL byte: \(rows[12][1] as String)")
    }

    /// SQLite ends a transaction by itself after some errors (a full disk); a statement run
    /// after that would commit on its own, outside the booking. Refused, as GRDB refuses.
    @Test func aRunOutsideATransactionIsRefusedAndWritesNothing() throws {
        let queue = try Self.scratchQueue()
        queue.writeWithoutTransaction { db in
            let error = #expect(throws: DatabaseError.self) {
                try db.cachedStatement(sql: Self.insert).run(Int64(1), "a", true, Data(), 1)
            }
            #expect(error?.resultCode == .SQLITE_ABORT)
        }
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") } == 0)
    }

    /// A statement that fails (NOT NULL) throws SQLite's extended code and message, and the very
    /// same cached statement works on its next use: GRDB would have dropped it from its cache.
    @Test func aFailedRunThrowsSQLitesErrorAndLeavesTheStatementUsable() throws {
        let queue = try Self.scratchQueue()
        try queue.inTransaction { db in
            let statement = try db.cachedStatement(sql: Self.insert)
            let error = #expect(throws: DatabaseError.self) {
                try statement.run(Int64(1), "a", true, Data(), Int64?.none)
            }
            #expect(error?.extendedResultCode == .SQLITE_CONSTRAINT_NOTNULL)
            #expect(error?.message?.contains("t.n") == true)
            #expect(db.isInsideTransaction, "a failed statement must not end the transaction")
            try db.cachedStatement(sql: Self.insert).run(Int64(1), "b", false, Data(), 2)
            #expect(try db.cachedStatement(sql: Self.insert) === statement)
            // GRDB's own execution of that statement finds it reset too.
            try db.cachedStatement(sql: Self.insert).execute(arguments: [Int64(2), "c", false, Data(), 3])
            return .commit
        }
        #expect(try queue.read { db in try String.fetchAll(db, sql: "SELECT text FROM t ORDER BY id") } == ["b", "c"])
    }

    /// Too few or too many values, or a name the statement does not have: a programming error,
    /// thrown (SQLITE_MISUSE) before anything is stepped, never a silent NULL.
    @Test func valuesThatDoNotFitTheParametersAreRefused() throws {
        let queue = try Self.scratchQueue()
        try queue.inTransaction { db in
            let tooFew = #expect(throws: DatabaseError.self) { try db.cachedStatement(sql: Self.insert).run(Int64(1), "a") }
            #expect(tooFew?.resultCode == .SQLITE_MISUSE)
            let tooMany = #expect(throws: DatabaseError.self) {
                try db.cachedStatement(sql: Self.insert).run(Int64(1), "a", true, Data(), 1, 2)
            }
            #expect(tooMany?.resultCode == .SQLITE_MISUSE)
            let statement = try db.cachedStatement(sql: "SELECT COUNT(*) FROM t WHERE n = :n AND text = :text")
            let unknownName = #expect(throws: DatabaseError.self) {
                _ = try ColumnValues.fetchOne(statement, named: (":n", 1), (":txt", "a"))
            }
            #expect(unknownName?.resultCode == .SQLITE_MISUSE)
            let missingName = #expect(throws: DatabaseError.self) { _ = try ColumnValues.fetchOne(statement, named: (":n", 1)) }
            #expect(missingName?.resultCode == .SQLITE_MISUSE)
            // As many values as parameters, but one name twice: `:text` would read as NULL.
            let twice = #expect(throws: DatabaseError.self) { _ = try ColumnValues.fetchOne(statement, named: (":n", 1), (":n", 2)) }
            #expect(twice?.resultCode == .SQLITE_MISUSE)
            return .commit
        }
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") } == 0)
    }

    /// Named values go to their parameters whatever order they come in.
    @Test func namedValuesBindByName() throws {
        let queue = try Self.scratchQueueWithTwoRows()
        try queue.read { db in
            let statement = try db.cachedStatement(sql: "SELECT id FROM t WHERE n = :n AND text = :text")
            #expect(try ColumnValues.fetchOne(statement, named: (":text", "b"), (":n", 5))?.decode(Int64.self, atIndex: 0) == 2)
            #expect(try ColumnValues.fetchOne(statement, named: (":n", 5), (":text", "a"))?.decode(Int64.self, atIndex: 0) == 1)
            #expect(try ColumnValues.fetchOne(statement, named: (":n", 6), (":text", "a")) == nil)
        }
    }

    /// A lookup that finds two rows is `ledger_inconsistent`, and leaves its statement reset:
    /// a query left mid-way would hold its snapshot, and the WAL could never be checkpointed
    /// past it.
    @Test func aSecondRowIsAnInconsistencyAndTheQueryIsLeftReset() throws {
        let queue = try Self.scratchQueueWithTwoRows()
        try queue.inDatabase { db in
            let statement = try db.cachedStatement(sql: "SELECT id FROM t WHERE n = ?")
            #expect(throws: LedgerError.ledgerInconsistent) { _ = try ColumnValues.fetchOne(statement, 5) }
            #expect(!db.isInsideTransaction, "the failed lookup left its read open")
            #expect(try ColumnValues.fetchOne(statement, 6) == nil)
            #expect(!db.isInsideTransaction)
        }
    }

    /// Every row in the query's order, each by position; more than the bound is
    /// `ledger_inconsistent`, and the query is left reset either way.
    @Test func allRowsComeInOrderUpToTheirBound() throws {
        let queue = try Self.scratchQueueWithTwoRows()
        try queue.inDatabase { db in
            let statement = try db.cachedStatement(sql: "SELECT id, text FROM t WHERE n = ?1 ORDER BY id DESC")
            let rows = try ColumnValues.fetchAll(statement, maximumRows: 2, 5)
            #expect(try rows.map { try $0.decode(Int64.self, atIndex: 0) } == [2, 1])
            #expect(try rows.map { try $0.decode(String.self, atIndex: 1) } == ["b", "a"])
            #expect(try ColumnValues.fetchAll(statement, maximumRows: 2, 6).isEmpty)
            #expect(throws: LedgerError.ledgerInconsistent) { _ = try ColumnValues.fetchAll(statement, maximumRows: 1, 5) }
            #expect(!db.isInsideTransaction, "the refused read left its query open")
            #expect(try ColumnValues.fetchAll(statement, maximumRows: 2, 5).count == 2)
        }
    }
}
