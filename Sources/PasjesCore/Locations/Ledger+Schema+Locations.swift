import GRDB

extension Ledger {
    /// Migrations for counters at locations (names are `v10-locations: …`; never edited once shipped).
    static func registerLocationMigrations(_ migrator: inout DatabaseMigrator) {
        // A column of its own, not a prefix of the id: ids are in account codes, journal entries
        // and sales already, and a counter that moves keeps its id. NULL: no location given,
        // which every counter made before this migration has (a replay of the journal agrees).
        migrator.registerMigration("v10-locations: a counter's location") { db in
            try db.execute(sql: """
                ALTER TABLE counters ADD COLUMN location TEXT
                    CHECK (location IS NULL OR length(location) BETWEEN 1 AND 16);
                """)
        }
    }
}
