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

    /// The row `statement` returns for `values` (bound in order); nil when it returns none.
    ///
    /// For queries that return at most one row (by a unique key, or aggregates): a second row
    /// is an error. The values are bound straight into the statement (`Statement.bindValues`),
    /// without GRDB's `StatementArguments`: every charge runs five of these reads.
    static func fetchOne<each Value: HotBinding>(_ statement: Statement, _ values: repeat each Value) throws -> ColumnValues? {
        try statement.bindValues(repeat each values)
        return try fetchBound(statement)
    }

    /// `fetchOne` with each value bound to the parameter of its name (`(":wallet", id)`).
    static func fetchOne<each Value: HotBinding>(_ statement: Statement, named pairs: repeat (String, each Value)) throws -> ColumnValues? {
        try statement.bindValues(named: repeat each pairs)
        return try fetchBound(statement)
    }

    /// Every row `statement` returns for `values` (bound in order), in its order. More than
    /// `maximumRows` is `ledger_inconsistent`: a read holds a bounded number of rows in memory.
    static func fetchAll<each Value: HotBinding>(_ statement: Statement, maximumRows: Int,
                                                 _ values: repeat each Value) throws -> [ColumnValues] {
        try statement.bindValues(repeat each values)
        var rows: [ColumnValues] = []
        while try statement.stepRow() {
            guard rows.count < maximumRows else {
                statement.resetUnfinished()
                throw LedgerError.inconsistent("een opvraging gaf meer dan \(maximumRows) rijen",
                                               table: LedgerError.table(readBy: statement.sql) ?? "?",
                                               key: "sql: \(statement.sql.prefix(300))")
            }
            rows.append(ColumnValues(values: statement.rowValues(), statement: statement))
        }
        return rows
    }

    /// The one row of a statement whose values are bound; the statement is left reset.
    private static func fetchBound(_ statement: Statement) throws -> ColumnValues? {
        guard try statement.stepRow() else { return nil }
        let row = ColumnValues(values: statement.rowValues(), statement: statement)
        if try statement.stepRow() {
            statement.resetUnfinished()
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
}
