import Foundation
import GRDB

extension Ledger {
    /// Migrations for the journal (names are `v5-journal: …`; never edited once shipped).
    static func registerJournalMigrations(_ migrator: inout DatabaseMigrator) {
        // Why one table of commands: every other table is derived from it and `verify` rebuilds
        // them all from it. A ledger made before the journal moves over by one `ledger.import`
        // entry holding all its rows, so the chain covers them from then on.
        migrator.registerMigration("v5-journal: command journal, node id, import of earlier rows") { db in
            try db.execute(sql: """
                CREATE TABLE node (
                    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64)
                );
                CREATE TABLE journal (
                    seq INTEGER PRIMARY KEY CHECK (seq > 0),
                    origin TEXT NOT NULL,
                    origin_seq INTEGER NOT NULL CHECK (origin_seq > 0),
                    created_at TEXT NOT NULL,
                    operator_uid INTEGER,
                    operator_name TEXT,
                    counter_id TEXT,
                    kind TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    idempotency_key TEXT,
                    command TEXT NOT NULL,
                    result TEXT NOT NULL,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL UNIQUE,
                    UNIQUE (origin, origin_seq)
                );
                CREATE TRIGGER journal_immutable_update BEFORE UPDATE ON journal
                    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                CREATE TRIGGER journal_immutable_delete BEFORE DELETE ON journal
                    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                """)
            if try storedMeta(db) != nil {
                try LedgerImport.journalExistingRows(db, node: try loadOrCreateNodeID(db),
                                                     timeMilliseconds: milliseconds(Date()))
            }
        }
    }

    /// Migrations for one replay everywhere (names are `v9-replay: …`; never edited once shipped).
    static func registerReplayMigrations(_ migrator: inout DatabaseMigrator) {
        // Why an entry and not only a schema change: the rows already booked keep the ids SQLite
        // counted, and a replay of the journal on any node must count them the same way, then
        // switch to ids from numbers and codes at exactly the same place. The chain goes on from
        // the old head, so a seal printed before this migration still verifies after it.
        migrator.registerMigration("v9-replay: ids from numbers and codes from a journaled upgrade on") { db in
            guard try storedMeta(db) != nil, try Ruleset.stored(in: db) < .current else { return }
            try LedgerUpgrade.journal(to: .current, in: db, node: try loadOrCreateNodeID(db),
                                      timeMilliseconds: milliseconds(Date()))
        }
    }

    /// Makes `node` this file's node id, whatever it was.
    static func claimNodeID(_ db: Database, _ node: String) throws -> String {
        guard try String.fetchOne(db, sql: "SELECT id FROM node") != node else { return node }
        try db.execute(sql: "DELETE FROM node")
        try db.execute(sql: "INSERT INTO node (id) VALUES (?)", arguments: [node])
        return node
    }

    /// This file's node id, made once (a random UUID) and kept for the life of the ledger.
    static func loadOrCreateNodeID(_ db: Database, preferring preferred: String? = nil) throws -> String {
        if let id = try String.fetchOne(db, sql: "SELECT id FROM node") { return id }
        let id = preferred ?? UUID().uuidString.lowercased()
        try db.execute(sql: "INSERT INTO node (id) VALUES (?)", arguments: [id])
        return id
    }

    /// Tables that are not derived from the journal: the journal itself, the node's own id, its
    /// outbox (entries booked offline, not yet in the organisation's log), and bookkeeping of
    /// SQLite and GRDB.
    static let underivedTables: Set<String> = ["journal", "node", "outbox", "grdb_migrations", "sqlite_stat1", "sqlite_stat4"]
}
