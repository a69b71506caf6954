import Foundation
import GRDB
import PasjesMoney

/// One column value, typed as SQLite stores it, so a snapshot restores byte-identical rows.
enum SnapshotValue: Codable, Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(String)

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .integer(number)
        case .double(let number): self = .real(number)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob(Hex.encode(data))
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .integer(let number): return number.databaseValue
        case .real(let number): return number.databaseValue
        case .text(let text): return text.databaseValue
        case .blob(let hex): return Data(Hex.decode(hex) ?? []).databaseValue
        }
    }
}

/// The rows of one table: column names and values, in primary-key order.
struct TableSnapshot: Codable, Hashable, Sendable {
    var table: String
    var columns: [String]
    var rows: [[SnapshotValue]]

    /// Every derived table of `db`, plus SQLite's AUTOINCREMENT counters.
    static func all(in db: Database) throws -> [TableSnapshot] {
        try TableComparison.derivedTables(in: db).map { table in
            let order = try TableComparison.orderColumns(table, in: db)
            let statement = try db.makeStatement(sql: "SELECT * FROM \(table.quotedDatabaseIdentifier) ORDER BY \(order)")
            let rows = try Row.fetchAll(statement).map { row in Array(row.databaseValues.map(SnapshotValue.init)) }
            return TableSnapshot(table: table, columns: statement.columnNames, rows: rows)
        }
    }

    /// Inserts the rows into the same table of `db` (which must have it, empty).
    func restore(in db: Database) throws {
        guard !columns.isEmpty else { return }
        let names = columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let statement = try db.makeStatement(sql: "INSERT INTO \(table.quotedDatabaseIdentifier) (\(names)) VALUES (\(marks))")
        for row in rows {
            try statement.execute(arguments: StatementArguments(row.map(\.databaseValue)))
        }
    }
}
