import GRDB

extension Ledger {
    /// Migrations for month close (names are `v6-months: …`; never edited once shipped).
    static func registerMonthMigrations(_ migrator: inout DatabaseMigrator) {
        // One row per closed month, written by `month.close` and never changed: there is no
        // reopen, corrections are new bookings in an open month. The row keeps the report's
        // totals and the journal's head at the close, so a later `verify --seal` with that seal
        // proves the month's bookings were not rewritten after the administrator signed off.
        migrator.registerMigration("v6-months: month close records") { db in
            try db.execute(sql: """
                CREATE TABLE month_closes (
                    month TEXT PRIMARY KEY NOT NULL CHECK (length(month) = 7),
                    closed_at TEXT NOT NULL,
                    operator_uid INTEGER NOT NULL,
                    operator_name TEXT NOT NULL,
                    journal_seq INTEGER NOT NULL CHECK (journal_seq > 0),
                    journal_hash TEXT NOT NULL CHECK (length(journal_hash) = 64),
                    flowed_back INTEGER NOT NULL CHECK (flowed_back >= 0),
                    totals TEXT NOT NULL
                );
                CREATE TRIGGER month_closes_immutable_update BEFORE UPDATE ON month_closes
                    BEGIN SELECT RAISE(ABORT, 'a closed month is immutable'); END;
                CREATE TRIGGER month_closes_immutable_delete BEFORE DELETE ON month_closes
                    BEGIN SELECT RAISE(ABORT, 'a closed month is immutable'); END;
                -- The report reads one month of transfers and sales: without these, a full scan.
                CREATE INDEX transfers_month ON transfers(month);
                CREATE INDEX sales_month ON sales(month);
                """)
        }
    }
}
