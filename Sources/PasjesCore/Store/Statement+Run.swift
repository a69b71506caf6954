import CSQLite
import GRDB

/// The ledger's hot statements, bound and stepped through SQLite's C API.
///
/// Why: GRDB's `execute(arguments:)` first builds `StatementArguments` (an array of
/// `DatabaseValue`s), validates it, then binds every string through a nest of closures; that
/// cost about 11 k instructions a statement, more than many of the statements themselves, and a
/// charge runs a dozen. These bind each value straight into the statement (`HotBinding`: GRDB's
/// own conversions, a `Bool` is 0 or 1, a `Data` a blob, nil NULL; text as its UTF-8 bytes).
///
/// Only for what GRDB's bookkeeping does not need to see: INSERT, UPDATE and SELECT inside an
/// open transaction. Never BEGIN, COMMIT, ROLLBACK, SAVEPOINT or schema changes: GRDB follows
/// those through its own execution (its transaction state, its schema cache).
extension Statement {
    /// Binds `values` to the statement's parameters in order and steps it to its end: an
    /// INSERT or UPDATE of the open transaction.
    ///
    /// Refused (SQLITE_ABORT) when no transaction is open: SQLite rolls a transaction back on
    /// its own after some errors (a full disk, an I/O error), and a statement run after that
    /// would commit by itself, outside the booking it belongs to. GRDB's transaction block
    /// refuses the same way.
    func run<each Value: HotBinding>(_ values: repeat each Value) throws {
        let statement = sqliteStatement
        guard sqlite3_get_autocommit(sqlite3_db_handle(statement)) == 0 else {
            throw DatabaseError(resultCode: .SQLITE_ABORT, message: "Transaction was aborted", sql: sql)
        }
        try bindValues(repeat each values)
        while try stepRow() {}
    }

    /// Resets the statement and binds `values` to its parameters in order; there must be one
    /// value for each parameter (a mismatch is a programming error, thrown as SQLITE_MISUSE).
    func bindValues<each Value: HotBinding>(_ values: repeat each Value) throws {
        let statement = sqliteStatement
        var count: CInt = 0
        for _ in repeat each values { count += 1 }
        guard count == sqlite3_bind_parameter_count(statement) else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE,
                                message: "\(count) values for \(sqlite3_bind_parameter_count(statement)) parameters", sql: sql)
        }
        // Its code is the last step's: a failed step was thrown then, and reset right away.
        sqlite3_reset(statement)
        var index: CInt = 0
        for value in repeat each values {
            index += 1
            let code = value.bind(hot: statement, at: index)
            guard code == SQLITE_OK else { throw failure(code) }
        }
    }

    /// Resets the statement and binds each value to the parameter of its name (`:wallet`);
    /// every parameter must get exactly one (a name missing, unknown or given twice is thrown as
    /// SQLITE_MISUSE: a parameter left unbound would read as NULL).
    func bindValues<each Value: HotBinding>(named pairs: repeat (String, each Value)) throws {
        let statement = sqliteStatement
        let parameterCount = sqlite3_bind_parameter_count(statement)
        // One bit per parameter: the hot statements have a handful.
        guard parameterCount <= 64 else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(parameterCount) named parameters, at most 64", sql: sql)
        }
        sqlite3_reset(statement)
        var bound: UInt64 = 0
        for (name, value) in repeat each pairs {
            let index = sqlite3_bind_parameter_index(statement, name)
            guard index > 0, bound & (1 << UInt64(index - 1)) == 0 else {
                throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "parameter \(name) unknown or given twice", sql: sql)
            }
            bound |= 1 << UInt64(index - 1)
            let code = value.bind(hot: statement, at: index)
            guard code == SQLITE_OK else { throw failure(code) }
        }
        guard bound.nonzeroBitCount == parameterCount else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE,
                                message: "\(bound.nonzeroBitCount) values for \(parameterCount) parameters", sql: sql)
        }
    }

    /// One step: true when it produced a row (read it before the next step), false when the
    /// statement is done (and reset, so it holds no lock). A failure is thrown as GRDB throws
    /// it (`DatabaseError` with SQLite's extended code and message), after a reset that leaves
    /// the statement usable again.
    func stepRow() throws -> Bool {
        let statement = sqliteStatement
        switch sqlite3_step(statement) {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            sqlite3_reset(statement)
            return false
        case let code:
            let error = failure(code)
            sqlite3_reset(statement)
            throw error
        }
    }

    /// The values of the row the last step produced, copied: they outlive the next step.
    func rowValues() -> [DatabaseValue] {
        let statement = sqliteStatement
        let count = sqlite3_column_count(statement)
        var values: [DatabaseValue] = []
        values.reserveCapacity(Int(count))
        for index in 0..<count { values.append(DatabaseValue(sqliteStatement: statement, index: index)) }
        return values
    }

    /// Resets a query left before its end: one with rows unread keeps its read transaction.
    func resetUnfinished() {
        sqlite3_reset(sqliteStatement)
    }

    /// The error of `code`, with the connection's message (read before any reset clears it).
    private func failure(_ code: CInt) -> DatabaseError {
        let message = sqlite3_errmsg(sqlite3_db_handle(sqliteStatement)).map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}
