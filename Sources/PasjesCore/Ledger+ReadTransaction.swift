import GRDB

extension Ledger {
    /// Runs `body` in one read transaction on a reader connection: every statement of it sees the
    /// same committed state.
    ///
    /// Why not GRDB's `read`: it parses `BEGIN` and `COMMIT` again for every read, about 25 k of
    /// the 184 k instructions of an in-process `wallet.get`; here both are prepared once per
    /// connection. What GRDB's transaction block adds beyond that, refusing statements after
    /// SQLite aborted a transaction so that they do not commit one by one, guards writes; a reader
    /// connection cannot write, and `book` keeps GRDB's block for every write.
    func inReadTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.unsafeRead { db in
            try db.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute()
            let result: T
            do {
                result = try body(db)
                try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
            } catch {
                // Leave no transaction open on a pooled connection, whatever failed: the next
                // read would otherwise see this one's snapshot.
                if db.isInsideTransaction { try? db.cachedStatement(sql: "ROLLBACK TRANSACTION").execute() }
                throw error
            }
            return result
        }
    }
}
