import GRDB

extension Ledger {
    /// Migrations for day activities (names are `v8-activities…`; never edited once shipped).
    static func registerActivityMigrations(_ migrator: inout DatabaseMigrator) {
        // Bookings change state (booked -> attended, …), so they are not immutable like sales:
        // they are derived from the journal like every other table, and `verify` rebuilds them.
        // The money itself moves only at check-in or a charged no-show, as an ordinary sale.
        migrator.registerMigration("v8-activities") { db in
            try db.execute(sql: """
                CREATE TABLE activities (
                    code TEXT PRIMARY KEY NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
                    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                    category TEXT NOT NULL CHECK (category IN ('dagbesteding', 'welzijn')),
                    price INTEGER NOT NULL CHECK (price >= 0),
                    attributable INTEGER NOT NULL CHECK (attributable IN (0, 1)),
                    influenceable INTEGER NOT NULL CHECK (influenceable IN (0, 1)),
                    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 200),
                    place TEXT NOT NULL,
                    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 720),
                    counter_id TEXT NOT NULL REFERENCES counters(id),
                    created_at TEXT NOT NULL,
                    -- the value funnel: only the personal budget is ever charged
                    CHECK (price = 0 OR (attributable = 1 AND influenceable = 1))
                );

                CREATE TABLE activity_sessions (
                    id TEXT PRIMARY KEY NOT NULL,
                    activity_code TEXT NOT NULL REFERENCES activities(code),
                    series_id TEXT,
                    day TEXT NOT NULL CHECK (length(day) = 10),
                    start_time TEXT NOT NULL CHECK (length(start_time) = 5),
                    end_time TEXT NOT NULL CHECK (length(end_time) = 5),
                    starts_at TEXT NOT NULL,
                    ends_at TEXT NOT NULL,
                    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 200),
                    state TEXT NOT NULL CHECK (state IN ('open', 'cancelled', 'closed')),
                    reason TEXT,
                    created_at TEXT NOT NULL,
                    settled_at TEXT,
                    CHECK (ends_at > starts_at)
                );
                CREATE INDEX activity_sessions_day ON activity_sessions(day, starts_at);
                -- the sweep looks for open sessions that ended long enough ago
                CREATE INDEX activity_sessions_open ON activity_sessions(state, ends_at);

                CREATE TABLE activity_bookings (
                    id TEXT PRIMARY KEY NOT NULL,
                    session_id TEXT NOT NULL REFERENCES activity_sessions(id),
                    client_id INTEGER NOT NULL REFERENCES clients(id),
                    state TEXT NOT NULL
                        CHECK (state IN ('booked', 'waiting', 'attended', 'cancelled', 'charged', 'released')),
                    -- order of arrival in the session: the waiting list's order
                    queue_no INTEGER NOT NULL CHECK (queue_no > 0),
                    -- what is (state booked) or was held; an open hold is a booked row
                    hold_wallet INTEGER NOT NULL CHECK (hold_wallet >= 0),
                    hold_own INTEGER NOT NULL CHECK (hold_own >= 0),
                    card_uid TEXT,
                    operator_uid INTEGER NOT NULL,
                    operator_name TEXT NOT NULL,
                    sale_id TEXT REFERENCES sales(id),
                    created_at TEXT NOT NULL,
                    settled_at TEXT,
                    CHECK (state <> 'waiting' OR (hold_wallet = 0 AND hold_own = 0)),
                    CHECK ((sale_id IS NOT NULL) <= (state IN ('attended', 'charged')))
                );
                -- one live place (or waiting-list spot) per client per session
                CREATE UNIQUE INDEX activity_bookings_live ON activity_bookings(session_id, client_id)
                    WHERE state IN ('booked', 'waiting', 'attended');
                CREATE UNIQUE INDEX activity_bookings_queue ON activity_bookings(session_id, queue_no);
                CREATE INDEX activity_bookings_client ON activity_bookings(client_id, state);
                CREATE INDEX activity_bookings_state ON activity_bookings(session_id, state);
                """)
        }
    }
}
