import GRDB

extension Database {
    /// Runs `body` in a savepoint of the open transaction: released when it returns, rolled back
    /// to when it throws, so one refused charge of a group books nothing and the others stay.
    ///
    /// What GRDB's `inSavepoint` does, with `SAVEPOINT` and `RELEASE` prepared once per
    /// connection instead of parsed again for every charge of a group. The transaction around it
    /// stays GRDB's (`Ledger.book`): its block still makes every statement that follows an abort
    /// by SQLite fail, rather than commit on its own.
    func inPreparedSavepoint<T>(_ body: () throws -> T) throws -> T {
        precondition(isInsideTransaction, "a savepoint of a group runs inside its transaction")
        try cachedStatement(sql: "SAVEPOINT pasjes_charge").execute()
        do {
            let result = try body()
            try cachedStatement(sql: "RELEASE SAVEPOINT pasjes_charge").execute()
            return result
        } catch {
            // SQLite may have rolled the whole transaction back (disk full, an I/O error): then
            // there is no savepoint left to undo, and the caller fails the group.
            if isInsideTransaction {
                // Rolling back to a savepoint keeps it on SQLite's stack; the release pops it.
                try? cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT pasjes_charge").execute()
                try? cachedStatement(sql: "RELEASE SAVEPOINT pasjes_charge").execute()
            }
            throw error
        }
    }
}
