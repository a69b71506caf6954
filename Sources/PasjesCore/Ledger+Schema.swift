import GRDB

extension Ledger {
    /// The schema, as named migrations. A shipped migration is never edited: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: ledger, clients, cards, products, counters") { db in
            try db.execute(sql: schemaV1)
        }
        // Each feature registers its own migrations, in this order, from its own file.
        registerCardMigrations(&migrator)
        registerAllocationMigrations(&migrator)
        registerJournalMigrations(&migrator)
        registerCardKeyMigrations(&migrator)
        registerMonthMigrations(&migrator)
        registerBudgetMigrations(&migrator)
        // Day activities: keep last (v8 comes after the month-close feature's v7).
        registerActivityMigrations(&migrator)
        // Several locations: keep after the activities.
        registerReplayMigrations(&migrator)
        registerLocationMigrations(&migrator)
        registerActivityRuleMigrations(&migrator)
        registerOfflineMigrations(&migrator)
        return migrator
    }

    // Why triggers: DESIGN.md says nothing is updated or deleted. Code alone cannot promise
    // that; the schema refuses it, so even a bug in pasjesd cannot rewrite history.
    private static let schemaV1 = """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        );

        CREATE TABLE clients (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 64),
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
            zzp TEXT NOT NULL,
            location TEXT NOT NULL,
            department TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active', 'absent', 'ended')),
            allow_own_contribution INTEGER NOT NULL CHECK (allow_own_contribution IN (0, 1)),
            own_contribution_cap INTEGER NOT NULL CHECK (own_contribution_cap >= 0),
            created_at TEXT NOT NULL
        );

        CREATE TABLE accounts (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('wallet', 'own', 'funding', 'revenue')),
            client_id INTEGER REFERENCES clients(id),
            -- credits minus debits, kept in the same transaction as every transfer;
            -- verify recomputes it from the transfers.
            balance INTEGER NOT NULL DEFAULT 0,
            CHECK ((kind IN ('wallet', 'own')) = (client_id IS NOT NULL))
        );
        -- Every booking looks up a client's two accounts: without this, a scan of all accounts.
        CREATE UNIQUE INDEX accounts_client_kind ON accounts(client_id, kind) WHERE client_id IS NOT NULL;

        CREATE TABLE cards (
            uid TEXT PRIMARY KEY NOT NULL
                CHECK (length(uid) IN (8, 14, 20) AND uid NOT GLOB '*[^0-9A-F]*'),
            client_id INTEGER NOT NULL REFERENCES clients(id),
            state TEXT NOT NULL CHECK (state IN ('active', 'blocked', 'lost')),
            replaced_by TEXT REFERENCES cards(uid),
            created_at TEXT NOT NULL
        );
        CREATE INDEX cards_client ON cards(client_id);

        CREATE TABLE products (
            code TEXT PRIMARY KEY NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
            price INTEGER NOT NULL CHECK (price > 0),
            category TEXT NOT NULL CHECK (category IN ('zorg', 'dagbesteding', 'facilitair', 'welzijn')),
            attributable INTEGER NOT NULL CHECK (attributable IN (0, 1)),
            influenceable INTEGER NOT NULL CHECK (influenceable IN (0, 1)),
            active INTEGER NOT NULL CHECK (active IN (0, 1)),
            position INTEGER NOT NULL
        );

        CREATE TABLE counters (
            id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 32),
            name TEXT NOT NULL,
            categories TEXT NOT NULL
        );

        CREATE TABLE transfers (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            debit_account_id INTEGER NOT NULL REFERENCES accounts(id),
            credit_account_id INTEGER NOT NULL REFERENCES accounts(id),
            amount INTEGER NOT NULL CHECK (amount > 0),
            kind TEXT NOT NULL CHECK (kind IN ('allocation', 'charge', 'charge_own', 'flow_back', 'reversal')),
            sale_id TEXT,
            -- a reversal names its original; UNIQUE makes "reversed at most once" a schema fact.
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
        CREATE INDEX transfers_debit ON transfers(debit_account_id, month);
        CREATE INDEX transfers_credit ON transfers(credit_account_id, month);
        CREATE INDEX transfers_sale ON transfers(sale_id);
        CREATE TRIGGER transfers_immutable_update BEFORE UPDATE ON transfers
            BEGIN SELECT RAISE(ABORT, 'transfers are immutable'); END;
        CREATE TRIGGER transfers_immutable_delete BEFORE DELETE ON transfers
            BEGIN SELECT RAISE(ABORT, 'transfers are immutable'); END;

        CREATE TABLE sales (
            id TEXT PRIMARY KEY NOT NULL,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            counter_id TEXT NOT NULL REFERENCES counters(id),
            card_uid TEXT,
            operator_uid INTEGER NOT NULL,
            operator_name TEXT NOT NULL,
            month TEXT NOT NULL,
            total INTEGER NOT NULL CHECK (total > 0),
            from_wallet INTEGER NOT NULL CHECK (from_wallet >= 0),
            from_own INTEGER NOT NULL CHECK (from_own >= 0),
            reason TEXT,
            created_at TEXT NOT NULL,
            CHECK (from_wallet + from_own = total)
        );
        CREATE INDEX sales_client_month ON sales(client_id, month);
        CREATE INDEX sales_counter ON sales(counter_id, created_at);
        CREATE TRIGGER sales_immutable_update BEFORE UPDATE ON sales
            BEGIN SELECT RAISE(ABORT, 'sales are immutable'); END;
        CREATE TRIGGER sales_immutable_delete BEFORE DELETE ON sales
            BEGIN SELECT RAISE(ABORT, 'sales are immutable'); END;

        CREATE TABLE sale_items (
            sale_id TEXT NOT NULL REFERENCES sales(id),
            line INTEGER NOT NULL,
            product_code TEXT NOT NULL REFERENCES products(code),
            product_name TEXT NOT NULL,
            category TEXT NOT NULL,
            quantity INTEGER NOT NULL CHECK (quantity > 0),
            unit_price INTEGER NOT NULL CHECK (unit_price > 0),
            PRIMARY KEY (sale_id, line)
        );

        CREATE TABLE sale_reversals (
            sale_id TEXT PRIMARY KEY NOT NULL REFERENCES sales(id),
            operator_uid INTEGER NOT NULL,
            operator_name TEXT NOT NULL,
            reason TEXT,
            created_at TEXT NOT NULL
        );

        CREATE TABLE allocations (
            client_id INTEGER NOT NULL REFERENCES clients(id),
            month TEXT NOT NULL,
            amount INTEGER NOT NULL CHECK (amount > 0),
            reserve INTEGER NOT NULL CHECK (reserve >= 0 AND reserve <= amount),
            transfer_id TEXT NOT NULL REFERENCES transfers(id),
            created_at TEXT NOT NULL,
            PRIMARY KEY (client_id, month)
        );

        -- Every booking request's key, a hash of its content, and its first result.
        CREATE TABLE idempotency (
            key TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
            operation TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            result BLOB NOT NULL,
            created_at TEXT NOT NULL
        );
        """
}
