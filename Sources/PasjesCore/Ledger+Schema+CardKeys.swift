import GRDB

extension Ledger {
    /// Migrations for authenticated cards (names are `v4-card-keys: …`; never edited once shipped).
    static func registerCardKeyMigrations(_ migrator: inout DatabaseMigrator) {
        // Which version of the site's master key a card's AES key was diversified from; NULL for
        // a card known by its UID alone. Never the key itself: keys live in the key file only.
        // `key_issued_at`: when that key was written to the card (issue or re-key).
        migrator.registerMigration("v4-card-keys: key version on the card record") { db in
            try db.execute(sql: """
                ALTER TABLE cards ADD COLUMN key_version INTEGER
                    CHECK (key_version IS NULL OR key_version BETWEEN 1 AND 255);
                ALTER TABLE cards ADD COLUMN key_issued_at TEXT;
                """)
        }
    }
}
