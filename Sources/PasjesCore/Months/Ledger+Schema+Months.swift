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
        // Who a resident's statement goes to (mentor, bewindvoerder, curator, family): added,
        // never changed, like every other row.
        migrator.registerMigration("v6-months: client contacts") { db in
            try db.execute(sql: """
                CREATE TABLE client_contacts (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    client_id INTEGER NOT NULL REFERENCES clients(id),
                    role TEXT NOT NULL CHECK (role IN ('mentor', 'bewindvoerder', 'curator', 'familie')),
                    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                    email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
                    created_at TEXT NOT NULL
                );
                CREATE INDEX client_contacts_client ON client_contacts(client_id);
                CREATE TRIGGER client_contacts_immutable_update BEFORE UPDATE ON client_contacts
                    BEGIN SELECT RAISE(ABORT, 'contacts are added, not changed'); END;
                """)
        }
    }
}
