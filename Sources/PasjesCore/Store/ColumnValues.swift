import GRDB

/// One row's values by position, copied out of its statement: what a hot path decodes from.
///
/// Why not GRDB's `Row`: every fetched `Row` builds a dictionary of its lower-cased column names
/// (for lookups by name), about 11 k instructions a row; a charge reads five rows, all by
/// position, and never asks a name. The values are copied (a `DatabaseValue` each) so the row
/// outlives the statement's next step.
struct ColumnValues {
    let values: [DatabaseValue]
    /// For an error only: the query, to name the table and column of a value that does not decode.
    let statement: Statement

    /// The row `statement` returns for `arguments`; nil when it returns none. For queries that
    /// return at most one row (by a unique key, or aggregates): a second row is an error, so
    /// the statement is always stepped to its end and left reset-ready.
    static func fetchOne(_ statement: Statement, arguments: StatementArguments) throws -> ColumnValues? {
        let cursor = try ValuesCursor(statement: statement, arguments: arguments)
        guard let row = try cursor.next() else { return nil }
        if try cursor.next() != nil {
            throw LedgerError.inconsistent("een opvraging gaf meer dan één rij", table: LedgerError.table(readBy: statement.sql) ?? "?",
                                           key: "sql: \(statement.sql.prefix(300))")
        }
        return row
    }

    /// Whether the value at `index` is NULL.
    func hasNull(atIndex index: Int) -> Bool { values[index].isNull }

    /// The value at `index` as `T` (an optional `T` takes NULL as nil). A NULL where a value
    /// belongs, or a value of another type, is `ledger_inconsistent` naming the table and
    /// column, as GRDB's throwing decoders are (`LedgerError.inconsistent(RowDecodingError)`).
    func decode<T: DatabaseValueConvertible>(_ type: T.Type = T.self, atIndex index: Int) throws -> T {
        if let value = T.fromDatabaseValue(values[index]) { return value }
        let name = index < statement.columnCount ? statement.columnNames[index] : "#\(index)"
        let found = values[index].isNull ? "NULL" : "a value of another type"
        let table = LedgerError.table(readBy: statement.sql)
        throw LedgerError.undecodable(table: table, detail: "table \(table ?? "?"): column \(name) (index \(index)) is \(found), "
                                          + "expected \(T.self); sql: `\(statement.sql.prefix(300))`")
    }

    /// GRDB's cursor protocol over the statement, with copied values as its element.
    private final class ValuesCursor: DatabaseCursor {
        typealias Element = ColumnValues
        let _statement: Statement
        var _isDone = false

        init(statement: Statement, arguments: StatementArguments) throws {
            _statement = statement
            // Resets the statement, binds and checks the arguments, as GRDB's own cursors do.
            try statement.setArguments(arguments)
        }

        func _element(sqliteStatement: SQLiteStatement) throws -> ColumnValues {
            let count = _statement.columnCount
            var values: [DatabaseValue] = []
            values.reserveCapacity(count)
            for index in 0..<count { values.append(DatabaseValue(sqliteStatement: sqliteStatement, index: CInt(index))) }
            return ColumnValues(values: values, statement: _statement)
        }
    }
}
