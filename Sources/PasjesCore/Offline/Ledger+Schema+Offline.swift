import GRDB

extension Ledger {
    /// Migrations for offline queueing (names are `v12-offline: …`; never edited once shipped).
    static func registerOfflineMigrations(_ migrator: inout DatabaseMigrator) {
        // The outbox: this node's entries booked while the organisation's log was out of reach
        // (or whose append got no answer), in origin order. Not derived from the journal and not
        // part of the replica: a row leaves in the transaction that applies its entry from the
        // log. Each row is the proposal exactly as it is (or will be) sent, so a retry after an
        // unknown outcome is identical and finds its own entry.
        migrator.registerMigration("v12-offline: outbox") { db in
            try db.execute(sql: """
                CREATE TABLE outbox (
                    origin_seq INTEGER PRIMARY KEY NOT NULL CHECK (origin_seq > 0),
                    entry TEXT NOT NULL,
                    reads TEXT NOT NULL,
                    writes TEXT NOT NULL,
                    decided_at INTEGER NOT NULL CHECK (decided_at >= 0),
                    offline INTEGER NOT NULL CHECK (offline IN (0, 1)),
                    card_uid TEXT,
                    local_day TEXT NOT NULL CHECK (length(local_day) = 10),
                    amount INTEGER NOT NULL CHECK (amount >= 0),
                    queued_at TEXT NOT NULL,
                    idempotency_key TEXT
                );
                """)
        }
        // A sale booked from the log that the rules did not allow at that point (an offline
        // sale meeting a short wallet or a card blocked meanwhile) is never refused: the part
        // not allowed is paid by the organisation's `offline:risk` account. SQLite cannot change
        // a CHECK in place, so `sales` is rebuilt with `from_risk` the way v7 rebuilt transfers;
        // rows are copied unchanged (from_risk 0) and the immutability triggers come back.
        migrator.registerMigration("v12-offline: sales paid by offline risk") { db in
            try db.execute(sql: """
                CREATE TABLE sales_v12 (
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
                    from_risk INTEGER NOT NULL DEFAULT 0 CHECK (from_risk >= 0),
                    CHECK (from_wallet + from_own + from_risk = total)
                );
                INSERT INTO sales_v12 (id, client_id, counter_id, card_uid, operator_uid, operator_name, month,
                    total, from_wallet, from_own, reason, created_at)
                SELECT id, client_id, counter_id, card_uid, operator_uid, operator_name, month,
                    total, from_wallet, from_own, reason, created_at FROM sales;
                DROP TABLE sales;
                ALTER TABLE sales_v12 RENAME TO sales;
                CREATE INDEX sales_client_month ON sales(client_id, month);
                CREATE INDEX sales_counter ON sales(counter_id, created_at);
                CREATE INDEX sales_month ON sales(month);
                CREATE TRIGGER sales_immutable_update BEFORE UPDATE ON sales
                    BEGIN SELECT RAISE(ABORT, 'sales are immutable'); END;
                CREATE TRIGGER sales_immutable_delete BEFORE DELETE ON sales
                    BEGIN SELECT RAISE(ABORT, 'sales are immutable'); END;
                -- Why a sale was paid by offline risk, and how that was settled: the list an
                -- administrator works through (`sale.settleRisk`).
                CREATE TABLE sale_risks (
                    sale_id TEXT PRIMARY KEY NOT NULL REFERENCES sales(id),
                    amount INTEGER NOT NULL CHECK (amount > 0),
                    reason TEXT NOT NULL CHECK (reason IN ('short_wallet', 'card_blocked', 'client_not_active', 'limit')),
                    origin TEXT NOT NULL,
                    settled_at TEXT,
                    settled_by TEXT,
                    settlement TEXT CHECK (settlement IS NULL OR settlement IN ('wallet', 'organisation', 'reversal'))
                );
                """)
        }
    }
}
