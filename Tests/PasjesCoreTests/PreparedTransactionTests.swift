import Foundation
import GRDB
import Testing
@testable import PasjesCore

/// The read transaction and the group's savepoints with their statements prepared once per
/// connection (issue 25): they must isolate and undo exactly what GRDB's blocks did.
@Suite struct PreparedTransactionTests {
    private static func salesCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sales") ?? -1
    }

    @Test func aReadSeesOneStateWhileAChargeCommitsBesideIt() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client()
        try t.charge([("KOF", 1)])
        let (before, after) = try t.ledger.read { db in
            let before = try Self.salesCount(db)
            // Committed by the writer while this read is open: not in its snapshot.
            try t.charge([("KOF", 1)])
            return (before, try Self.salesCount(db))
        }
        #expect(before == 1)
        #expect(after == 1, "a read's second statement saw a charge committed after its first")
        #expect(try t.ledger.read(Self.salesCount) == 2)
    }

    @Test func aFailedReadLeavesNoTransactionOnItsConnection() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client()
        // More failed reads than the pool has connections: each one's snapshot must end with it.
        for _ in 0..<12 {
            #expect(throws: Refused.self) {
                try t.ledger.read { db -> Int in
                    _ = try Self.salesCount(db)
                    throw Refused()
                }
            }
        }
        try t.charge([("KOF", 1)])
        for _ in 0..<12 { #expect(try t.ledger.read(Self.salesCount) == 1) }
    }

    @Test func aFailedSavepointUndoesItsRowsAndLeavesTheOthers() throws {
        let queue = try Self.scratchQueue()
        try queue.inTransaction { db in
            try Self.charge(1, in: db)
            #expect(throws: Refused.self) {
                try db.inPreparedSavepoint {
                    try db.execute(sql: "INSERT INTO t (n) VALUES (2)")
                    throw Refused()
                }
            }
            #expect(db.isInsideTransaction, "a failed charge of a group must not end the group's transaction")
            try Self.charge(3, in: db)
            return .commit
        }
        #expect(try queue.read { db in try Int.fetchAll(db, sql: "SELECT n FROM t ORDER BY n") } == [1, 3])
    }

    @Test func aStatementSQLiteRefusesInsideASavepointLeavesTheNextChargeItsOwn() throws {
        let queue = try Self.scratchQueue()
        try queue.inTransaction { db in
            try Self.charge(1, in: db)
            #expect(throws: DatabaseError.self) {
                try db.inPreparedSavepoint {
                    try db.execute(sql: "INSERT INTO t (n) VALUES (2)")
                    try db.execute(sql: "INSERT INTO t (n) VALUES (NULL)")
                }
            }
            try Self.charge(3, in: db)
            try Self.charge(4, in: db)
            return .commit
        }
        #expect(try queue.read { db in try Int.fetchAll(db, sql: "SELECT n FROM t ORDER BY n") } == [1, 3, 4])
    }

    @Test func aFailedSavepointIsReleasedNotLeftToNestTheNextCharge() throws {
        let queue = try Self.scratchQueue()
        try queue.inTransaction { db in
            #expect(throws: Refused.self) {
                try db.inPreparedSavepoint {
                    try db.execute(sql: "INSERT INTO t (n) VALUES (2)")
                    throw Refused()
                }
            }
            // Left open, the next charge's savepoint would nest in it, and its own rollback would
            // then undo no more than the inner one.
            #expect(throws: DatabaseError.self) { try db.execute(sql: "RELEASE SAVEPOINT pasjes_charge") }
            return .rollback
        }
    }

    private struct Refused: Error {}

    /// A charge of the scratch group: one row `n` in its own savepoint.
    private static func charge(_ n: Int, in db: Database) throws {
        try db.inPreparedSavepoint { try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [n]) }
    }

    /// A database of its own, in a fresh folder under the temporary directory, with one table `t (n)`.
    private static func scratchQueue() throws -> DatabaseQueue {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pasjes-savepoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: folder.appendingPathComponent("t.sqlite").path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE t (n INTEGER NOT NULL)") }
        return queue
    }
}
