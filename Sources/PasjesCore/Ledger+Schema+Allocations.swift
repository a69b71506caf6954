import GRDB

extension Ledger {
    /// Migrations for allocations after v1 (names are `v3-allocations: …`; never edited once shipped).
    static func registerAllocationMigrations(_ migrator: inout DatabaseMigrator) {
        // An allocation for next month is booked to the shared `announced` account at once and
        // lands in the wallet when its month starts (`landed_transfer_id`), so next month's money
        // is never spendable this month. Allocations booked before this migration had landed.
        //
        // A reversed allocation leaves `allocations` (so the month can be allocated again) and is
        // kept, with who reversed it and why, in `allocation_reversals`, which is append-only.
        migrator.registerMigration("v3-allocations: announced allocations, reversals") { db in
            try db.execute(sql: """
                ALTER TABLE allocations ADD COLUMN landed_transfer_id TEXT REFERENCES transfers(id);
                UPDATE allocations SET landed_transfer_id = transfer_id;
                CREATE TABLE allocation_reversals (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    client_id INTEGER NOT NULL REFERENCES clients(id),
                    month TEXT NOT NULL,
                    amount INTEGER NOT NULL CHECK (amount > 0),
                    transfer_id TEXT NOT NULL UNIQUE REFERENCES transfers(id),
                    reversal_transfer_id TEXT NOT NULL UNIQUE REFERENCES transfers(id),
                    operator_uid INTEGER NOT NULL,
                    operator_name TEXT NOT NULL,
                    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
                    created_at TEXT NOT NULL
                );
                CREATE INDEX allocation_reversals_client ON allocation_reversals(client_id, month);
                CREATE TRIGGER allocation_reversals_immutable_update BEFORE UPDATE ON allocation_reversals
                    BEGIN SELECT RAISE(ABORT, 'allocation reversals are immutable'); END;
                CREATE TRIGGER allocation_reversals_immutable_delete BEFORE DELETE ON allocation_reversals
                    BEGIN SELECT RAISE(ABORT, 'allocation reversals are immutable'); END;
                """)
        }
    }
}
