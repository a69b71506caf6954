import Foundation
import GRDB

/// Compares every derived table of the live ledger with the same table rebuilt from the
/// journal, row by row in primary-key order, and names each difference.
enum TableComparison {
    /// The most differences reported per table; the rest are counted.
    static let maxProblemsPerTable = 20

    /// Every table derived from the journal, by name (SQLite's AUTOINCREMENT counters included:
    /// deleting the newest rows and fixing those counters must not go unnoticed).
    static func derivedTables(in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .filter { !Ledger.underivedTables.contains($0) }
    }

    /// The ORDER BY list of a table: its primary key, or every column when it has none.
    static func orderColumns(_ table: String, in db: Database) throws -> String {
        let columns = try keyColumns(table, in: db)
        return columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
    }

    static func keyColumns(_ table: String, in db: Database) throws -> [String] {
        let info = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table.quotedDatabaseIdentifier))")
        let key = info.filter { ($0["pk"] as Int) > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }
        return (key.isEmpty ? info : key).map { $0["name"] as String }
    }

    /// The differences between `live` and `rebuilt`, table by table.
    static func compare(live: Database, rebuilt: Database) throws -> [VerifyReport.Problem] {
        let liveTables = try derivedTables(in: live)
        let rebuiltTables = try derivedTables(in: rebuilt)
        var problems: [VerifyReport.Problem] = []
        for table in Set(liveTables).union(rebuiltTables).sorted() {
            guard liveTables.contains(table), rebuiltTables.contains(table) else {
                problems.append(.init(kind: "table_missing", table: table,
                                      message: "table \(table) exists only in the \(liveTables.contains(table) ? "ledger" : "journal's rebuild")"))
                continue
            }
            problems += try compare(table: table, live: live, rebuilt: rebuilt)
        }
        return problems
    }

    private static func compare(table: String, live: Database, rebuilt: Database) throws -> [VerifyReport.Problem] {
        let key = try keyColumns(table, in: live)
        let order = try orderColumns(table, in: live)
        let sql = "SELECT * FROM \(table.quotedDatabaseIdentifier) ORDER BY \(order)"
        let liveRows = try Row.fetchCursor(live, sql: sql)
        let rebuiltRows = try Row.fetchCursor(rebuilt, sql: sql)
        var differences = TableDifferences(table: table, key: key)
        var left = try liveRows.next()?.copy()
        var right = try rebuiltRows.next()?.copy()
        while left != nil || right != nil {
            let order = switch (left, right) {
            case (let l?, let r?): SQLiteOrder.compare(key.map { l[$0] as DatabaseValue }, key.map { r[$0] as DatabaseValue })
            case (nil, _): 1
            case (_, nil): -1
            }
            if order < 0 {
                differences.extra(left!)
                left = try liveRows.next()?.copy()
            } else if order > 0 {
                differences.missing(right!)
                right = try rebuiltRows.next()?.copy()
            } else {
                differences.compare(live: left!, rebuilt: right!)
                left = try liveRows.next()?.copy()
                right = try rebuiltRows.next()?.copy()
            }
        }
        return differences.problems()
    }
}

/// The differences found in one table, bounded by `TableComparison.maxProblemsPerTable`.
private struct TableDifferences {
    let table: String
    let key: [String]
    private var found: [VerifyReport.Problem] = []
    private var beyondLimit = 0

    init(table: String, key: [String]) {
        self.table = table
        self.key = key
    }

    private func describeKey(_ row: Row) -> String {
        key.map { "\($0)=\(SQLiteOrder.text(row[$0] as DatabaseValue))" }.joined(separator: ", ")
    }

    private mutating func add(_ kind: String, _ message: String) {
        guard found.count < TableComparison.maxProblemsPerTable else { beyondLimit += 1; return }
        found.append(.init(kind: kind, table: table, message: message))
    }

    mutating func extra(_ row: Row) {
        add("row_extra", "\(table) (\(describeKey(row))): in the ledger, not in the journal")
    }

    mutating func missing(_ row: Row) {
        add("row_missing", "\(table) (\(describeKey(row))): in the journal, not in the ledger")
    }

    mutating func compare(live: Row, rebuilt: Row) {
        var changed: [String] = []
        for column in Set(live.columnNames).union(rebuilt.columnNames).sorted() {
            let mine: DatabaseValue = live.hasColumn(column) ? live[column] : .null
            let theirs: DatabaseValue = rebuilt.hasColumn(column) ? rebuilt[column] : .null
            if mine != theirs || mine.storage.kindRank != theirs.storage.kindRank {
                changed.append("\(column) is \(SQLiteOrder.text(mine)), the journal gives \(SQLiteOrder.text(theirs))")
            }
        }
        if !changed.isEmpty {
            add("row_changed", "\(table) (\(describeKey(live))): \(changed.joined(separator: "; "))")
        }
    }

    func problems() -> [VerifyReport.Problem] {
        guard beyondLimit > 0 else { return found }
        return found + [.init(kind: "row_changed", table: table, message: "\(table): \(beyondLimit) more differences")]
    }
}

/// SQLite's ORDER BY for values of the BINARY collation: NULL, numbers, text, blobs; text and
/// blobs byte by byte. The merge above must walk both tables in exactly SQLite's order.
enum SQLiteOrder {
    static func compare(_ left: [DatabaseValue], _ right: [DatabaseValue]) -> Int {
        for (a, b) in zip(left, right) {
            let order = compare(a, b)
            if order != 0 { return order }
        }
        return 0
    }

    static func compare(_ a: DatabaseValue, _ b: DatabaseValue) -> Int {
        let (rankA, rankB) = (a.storage.kindRank, b.storage.kindRank)
        if rankA != rankB { return rankA < rankB ? -1 : 1 }
        switch (a.storage, b.storage) {
        case (.int64(let x), .int64(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.string(let x), .string(let y)): return bytes(Array(x.utf8), Array(y.utf8))
        case (.blob(let x), .blob(let y)): return bytes(Array(x), Array(y))
        default:
            let x = a.storage.number ?? 0
            let y = b.storage.number ?? 0
            return x == y ? 0 : (x < y ? -1 : 1)
        }
    }

    private static func bytes(_ x: [UInt8], _ y: [UInt8]) -> Int {
        for (p, q) in zip(x, y) where p != q { return p < q ? -1 : 1 }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }

    /// A value as a person reads it in a problem message.
    static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return "'\(text.prefix(80))'"
        case .blob(let data): return "blob of \(data.count) bytes"
        }
    }
}

extension DatabaseValue.Storage {
    /// NULL < numbers < text < blob, as SQLite sorts them.
    fileprivate var kindRank: Int {
        switch self {
        case .null: return 0
        case .int64, .double: return 1
        case .string: return 2
        case .blob: return 3
        }
    }

    fileprivate var number: Double? {
        switch self {
        case .int64(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }
}
