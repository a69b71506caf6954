import GRDB

extension Ledger {
    /// Migrations for arrangements, absence and the solidarity buffer (names are `v7-budget: …`;
    /// never edited once shipped).
    static func registerBudgetMigrations(_ migrator: inout DatabaseMigrator) {
        // SQLite cannot change a CHECK constraint in place, so the transfers table is rebuilt
        // with the three new kinds, the way SQLite's documentation describes (GRDB runs a
        // migration with foreign keys off and checks them all at its end). Rows, sequence
        // numbers and hashes are copied unchanged: the hash chain does not notice the rebuild.
        migrator.registerMigration("v7-budget: transfer kinds for refunds and solidarity") { db in
            try db.execute(sql: """
                CREATE TABLE transfers_v7 (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    debit_account_id INTEGER NOT NULL REFERENCES accounts(id),
                    credit_account_id INTEGER NOT NULL REFERENCES accounts(id),
                    amount INTEGER NOT NULL CHECK (amount > 0),
                    kind TEXT NOT NULL CHECK (kind IN ('allocation', 'charge', 'charge_own', 'flow_back', 'reversal',
                                                       'absence_refund', 'solidarity_contribution', 'solidarity_grant')),
                    sale_id TEXT,
                    reverses_id TEXT UNIQUE REFERENCES transfers(id),
                    month TEXT NOT NULL,
                    operator_uid INTEGER NOT NULL,
                    operator_name TEXT NOT NULL,
                    counter_id TEXT,
                    card_uid TEXT,
                    memo TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    CHECK (debit_account_id <> credit_account_id),
                    CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL))
                );
                INSERT INTO transfers_v7 SELECT * FROM transfers;
                DROP TABLE transfers;
                ALTER TABLE transfers_v7 RENAME TO transfers;
                CREATE INDEX transfers_debit ON transfers(debit_account_id, month);
                CREATE INDEX transfers_credit ON transfers(credit_account_id, month);
                CREATE INDEX transfers_sale ON transfers(sale_id);
                CREATE INDEX transfers_month ON transfers(month);
                CREATE TRIGGER transfers_immutable_update BEFORE UPDATE ON transfers
                    BEGIN SELECT RAISE(ABORT, 'transfers are immutable'); END;
                CREATE TRIGGER transfers_immutable_delete BEFORE DELETE ON transfers
                    BEGIN SELECT RAISE(ABORT, 'transfers are immutable'); END;
                """)
        }
        // The arrangement (*arrangement*, Amsta's *afsprakenkaart*): standing services a client
        // chose with the client supporter. A line is added, and later given an end date; its
        // monthly bookings are sales at the `arrangement` counter, one per line and month, and
        // `arrangement_bookings` says which (or why a line could not be booked).
        migrator.registerMigration("v7-budget: arrangements") { db in
            try db.execute(sql: """
                CREATE TABLE arrangements (
                    id TEXT PRIMARY KEY NOT NULL,
                    client_id INTEGER NOT NULL REFERENCES clients(id),
                    product_code TEXT NOT NULL REFERENCES products(code),
                    quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 100),
                    per TEXT NOT NULL CHECK (per IN ('week', 'month')),
                    from_day TEXT NOT NULL CHECK (length(from_day) = 10),
                    through_day TEXT CHECK (through_day IS NULL OR (length(through_day) = 10 AND through_day >= from_day)),
                    operator_name TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX arrangements_client ON arrangements(client_id);
                CREATE TRIGGER arrangements_no_delete BEFORE DELETE ON arrangements
                    BEGIN SELECT RAISE(ABORT, 'an arrangement is ended, not deleted'); END;

                CREATE TABLE arrangement_bookings (
                    arrangement_id TEXT NOT NULL REFERENCES arrangements(id),
                    month TEXT NOT NULL CHECK (length(month) = 7),
                    -- the days of the month the line was billed for (active, not absent)
                    days INTEGER NOT NULL CHECK (days BETWEEN 0 AND 31),
                    quantity INTEGER NOT NULL CHECK (quantity >= 0),
                    sale_id TEXT REFERENCES sales(id),
                    amount INTEGER NOT NULL CHECK (amount >= 0),
                    -- why nothing was booked (a reason code), when nothing was
                    refusal TEXT,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (arrangement_id, month),
                    CHECK ((sale_id IS NULL) = (amount = 0))
                );
                CREATE TRIGGER arrangement_bookings_immutable_update BEFORE UPDATE ON arrangement_bookings
                    BEGIN SELECT RAISE(ABORT, 'arrangement bookings are immutable'); END;
                CREATE TRIGGER arrangement_bookings_immutable_delete BEFORE DELETE ON arrangement_bookings
                    BEGIN SELECT RAISE(ABORT, 'arrangement bookings are immutable'); END;
                """)
        }
        // Absence (hospital, rehabilitation): recorded, never changed; what it refunded is kept
        // per arrangement booking, so a later absence over the same days refunds nothing twice.
        migrator.registerMigration("v7-budget: absences") { db in
            try db.execute(sql: """
                CREATE TABLE client_absences (
                    id TEXT PRIMARY KEY NOT NULL,
                    client_id INTEGER NOT NULL REFERENCES clients(id),
                    from_day TEXT NOT NULL CHECK (length(from_day) = 10),
                    through_day TEXT NOT NULL CHECK (length(through_day) = 10 AND through_day >= from_day),
                    reason TEXT NOT NULL CHECK (reason IN ('hospital', 'rehabilitation', 'other')),
                    note TEXT,
                    operator_name TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX client_absences_client ON client_absences(client_id, from_day);
                CREATE TRIGGER client_absences_immutable_update BEFORE UPDATE ON client_absences
                    BEGIN SELECT RAISE(ABORT, 'an absence is recorded, not changed'); END;
                CREATE TRIGGER client_absences_immutable_delete BEFORE DELETE ON client_absences
                    BEGIN SELECT RAISE(ABORT, 'an absence is recorded, not changed'); END;

                CREATE TABLE absence_refunds (
                    absence_id TEXT NOT NULL REFERENCES client_absences(id),
                    arrangement_id TEXT NOT NULL,
                    month TEXT NOT NULL,
                    days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 31),
                    amount INTEGER NOT NULL CHECK (amount > 0),
                    transfer_id TEXT NOT NULL REFERENCES transfers(id),
                    PRIMARY KEY (absence_id, arrangement_id, month),
                    FOREIGN KEY (arrangement_id, month) REFERENCES arrangement_bookings(arrangement_id, month)
                );
                CREATE TRIGGER absence_refunds_immutable_update BEFORE UPDATE ON absence_refunds
                    BEGIN SELECT RAISE(ABORT, 'refunds are immutable'); END;
                CREATE TRIGGER absence_refunds_immutable_delete BEFORE DELETE ON absence_refunds
                    BEGIN SELECT RAISE(ABORT, 'refunds are immutable'); END;
                """)
        }
    }
}
