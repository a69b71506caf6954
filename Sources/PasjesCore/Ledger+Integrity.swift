import Foundation
import GRDB

extension Ledger {
    /// The most problems SQLite is asked for: enough to name the damage, bounded for the log.
    static let maxIntegrityProblems = 20

    /// What `PRAGMA quick_check` finds in the file at `path`, opened read-only; empty when it is
    /// sound. Fast (no index is compared with its table): pasjesd runs it at every start.
    public static func quickCheck(path: String) -> [String] {
        readOnly(path: path) { db in try integrityProblems(db, quick: true) }
    }

    /// What SQLite finds in its own structures of an open ledger (`integrity_check`: every page,
    /// every index against its table). Damage inside a record's bytes is for the journal to find.
    static func integrityProblems(_ db: Database, quick: Bool) throws -> [String] {
        let pragma = quick ? "quick_check" : "integrity_check"
        let lines = try String.fetchAll(db, sql: "PRAGMA \(pragma)(\(maxIntegrityProblems))")
        return lines == ["ok"] ? [] : lines
    }

    /// `verify` of the file at `path` opened read-only: never migrated, never written, so a
    /// damaged or old file is looked at as it is. A file of an older version is refused.
    public static func verifyReadOnly(path: String, seal: JournalSeal? = nil) throws -> VerifyReport {
        _ = SQLiteMemoryStatistics.turnedOff
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "pasjes.ledger.readonly"
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            guard try migrator.hasCompletedMigrations(db) else {
                throw LedgerError.databaseError.with(
                    "dit grootboek is van een oudere versie; verify past het niet aan: start pasjesd er één keer op, of controleer een kopie")
            }
            return try verify(db, seal: seal)
        }
    }

    private static func readOnly(path: String, _ body: (Database) throws -> [String]) -> [String] {
        _ = SQLiteMemoryStatistics.turnedOff
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.label = "pasjes.ledger.check"
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read(body)
        } catch {
            // A file SQLite cannot read at all ("file is not a database") is damaged too.
            return ["\(error)"]
        }
    }
}
