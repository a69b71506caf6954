import GRDB

extension Ledger {
    /// Migrations for cards and charges after v1 (names are `v2-cards: …`; never edited once shipped).
    static func registerCardMigrations(_ migrator: inout DatabaseMigrator) {
        // Why a card is in its state (an admin must see why a card was blocked before
        // unblocking it), and every change of state kept for the monthly reconciliation.
        migrator.registerMigration("v2-cards: state reason, blocked at, state changes") { db in
            try db.execute(sql: """
                ALTER TABLE cards ADD COLUMN state_reason TEXT;
                ALTER TABLE cards ADD COLUMN blocked_at TEXT;
                CREATE TABLE card_state_changes (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    uid TEXT NOT NULL REFERENCES cards(uid),
                    state TEXT NOT NULL CHECK (state IN ('active', 'blocked', 'lost')),
                    reason TEXT,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX card_state_changes_uid ON card_state_changes(uid);
                CREATE TRIGGER card_state_changes_immutable_update BEFORE UPDATE ON card_state_changes
                    BEGIN SELECT RAISE(ABORT, 'card state changes are immutable'); END;
                CREATE TRIGGER card_state_changes_immutable_delete BEFORE DELETE ON card_state_changes
                    BEGIN SELECT RAISE(ABORT, 'card state changes are immutable'); END;
                """)
        }
    }
}
