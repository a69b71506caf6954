import Foundation
import GRDB
import PasjesMoney

/// The result of a command that answers nothing but success.
struct Empty: Codable, Hashable, Sendable {}

/// The first entry of a new ledger: its unit and budget policy.
struct LedgerCreate: LedgerCommand {
    static let kind = "ledger.create"
    var unit: AmountUnit
    var policy: BudgetPolicy
    /// The rules of identity the ledger books under; absent in ledgers created before there
    /// were rulesets (they book under the first until their `ledger.upgrade` entry).
    var ruleset: Ruleset?

    func apply(to ledger: Ledger, in db: Database) throws -> Empty {
        try createTables(in: db)
        return Empty()
    }

    /// The rows every ledger starts with.
    func createTables(in db: Database) throws {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('unit', ?), ('policy', ?)",
                       arguments: [unit.rawValue, try CanonicalJSON.encode(policy)])
        try ruleset?.store(in: db)
        try Ledger.insertAccount(code: "funding", kind: "funding", in: db)
    }
}

/// The first entry of a ledger made before the journal: every row it had, as it had them.
struct LedgerImport: LedgerCommand {
    static let kind = "ledger.import"
    var tables: [TableSnapshot]

    func apply(to ledger: Ledger, in db: Database) throws -> Empty {
        // Rows refer to each other in every direction (transfers to transfers): check the
        // references once all are in.
        try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
        for table in tables where table.table != "sqlite_sequence" { try table.restore(in: db) }
        try db.execute(sql: "DELETE FROM sqlite_sequence")
        for table in tables where table.table == "sqlite_sequence" { try table.restore(in: db) }
        return Empty()
    }

    /// The unit and policy the imported ledger was created with.
    var setup: Ledger.Setup? {
        guard let meta = tables.first(where: { $0.table == "meta" }),
              let keyIndex = meta.columns.firstIndex(of: "key"),
              let valueIndex = meta.columns.firstIndex(of: "value") else { return nil }
        var values: [String: String] = [:]
        for row in meta.rows {
            if case .text(let key) = row[keyIndex], case .text(let value) = row[valueIndex] { values[key] = value }
        }
        guard let unit = values["unit"].flatMap(AmountUnit.init(rawValue:)),
              let policyJSON = values["policy"],
              let policy = try? JSONDecoder().decode(BudgetPolicy.self, from: Data(policyJSON.utf8)) else { return nil }
        return Ledger.Setup(unit: unit, policy: policy)
    }

    /// Journals the rows of a ledger that predates the journal as its entry 1 (a migration).
    static func journalExistingRows(_ db: Database, node: String, timeMilliseconds: Int64) throws {
        let command = LedgerImport(tables: try TableSnapshot.all(in: db))
        let first = ExecutionContext(origin: node, originSeq: 1, seq: 1, timeMilliseconds: timeMilliseconds)
        try JournalEntry.chained(command, result: Empty(), context: first, previousHash: nil).insert(in: db)
    }
}
