import Foundation
import GRDB
import PasjesMoney

extension Ledger {
    /// Replaces the tariffs (from the daemon config); an empty table falls back to the day
    /// tariffs the database was created with.
    ///
    /// Why in the database and not only in memory: the offline tool and every reader of the
    /// file then see the same tariffs the daemon allocated with.
    public func setTariffs(_ table: TariffTable) throws {
        try table.validate()
        _ = try execute(TariffsSet(table: table))
    }

    /// Stores the table unless it is stored already: pasjesd sets the tariffs at every start,
    /// and an unchanged table must not become a journal entry each time.
    func bookTariffs(_ table: TariffTable, in db: Database) throws {
        let stored = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'tariffs'"))
        if table.tariffs.isEmpty {
            if stored != nil { try db.execute(sql: "DELETE FROM meta WHERE key = 'tariffs'") }
            return
        }
        let json = try CanonicalJSON.encode(table)
        guard json != stored else { return }
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('tariffs', ?)", arguments: [json])
    }

    /// The configured tariffs, or nil when there are none (then the policy's day tariffs hold).
    public func tariffs() throws -> TariffTable? {
        try read { db in try storedTariffs(in: db) }
    }

    /// Clients whose ZZP is not in the configured tariffs (empty without tariffs).
    public func clientsWithUnknownZZP() throws -> [Client] {
        try read { db in
            guard let table = try storedTariffs(in: db) else { return [] }
            return try ClientRow.fetchAll(db.cachedStatement(sql: "SELECT \(ClientRow.columns) FROM clients WHERE zzp <> '' ORDER BY number"))
                .filter { table.tariffs[$0.zzp] == nil }.map(\.client)
        }
    }

    func storedTariffs(in db: Database) throws -> TariffTable? {
        guard let json = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'tariffs'")) else {
            return nil
        }
        return try JSONDecoder().decode(TariffTable.self, from: Data(json.utf8))
    }

    /// A month's allocation by ZZP: from the configured tariffs when there are any, else from
    /// the day tariffs the database was created with.
    func derivedAllocation(zzp: String, month: Month, in db: Database) throws -> Amount {
        guard let table = try storedTariffs(in: db) else {
            return try policy.derivedAllocation(zzp: zzp, month: month)
        }
        guard let tariff = table.tariffs[zzp] else {
            throw LedgerError(code: LedgerError.noTariff.code,
                              message: "Geen tarief voor ZZP '\(zzp)' in de configuratie; geef --amount op of vul [tariffs] aan.",
                              detail: zzp)
        }
        return try tariff.monthlyAllocation(for: month)
    }

    /// Refuses a ZZP code that the configured tariffs do not know; an empty code (no ZZP)
    /// and a ledger without configured tariffs accept anything.
    func checkZZPKnown(_ zzp: String, in db: Database) throws {
        guard !zzp.isEmpty, let table = try storedTariffs(in: db), table.tariffs[zzp] == nil else { return }
        throw LedgerError.zzpUnknown(zzp, known: table.codes)
    }
}
