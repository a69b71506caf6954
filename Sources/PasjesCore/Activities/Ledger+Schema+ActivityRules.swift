import GRDB

extension Ledger {
    /// Migrations for the organisation's activity rules (names are `v11-activity-rules: …`;
    /// never edited once shipped).
    static func registerActivityRuleMigrations(_ migrator: inout DatabaseMigrator) {
        // One row at most: the rules the head office stored in the log (`activityRules.set`).
        // No row: none stored, and pasjesd goes by its config file (the embedded default).
        migrator.registerMigration("v11-activity-rules: the organisation's activity rules") { db in
            try db.execute(sql: """
                CREATE TABLE activity_rules (
                    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
                    cutoff_minutes INTEGER NOT NULL CHECK (cutoff_minutes BETWEEN 0 AND 20160),
                    late_policy TEXT NOT NULL CHECK (late_policy IN ('release', 'charge')),
                    grace_minutes INTEGER NOT NULL CHECK (grace_minutes BETWEEN 0 AND 1440)
                );
                """)
        }
    }
}
