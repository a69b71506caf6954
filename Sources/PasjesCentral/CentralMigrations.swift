/// One named step of the log's schema. Once shipped a migration's name and SQL never change:
/// `central_migrations` records the names applied, and a later change is a new migration.
public struct CentralMigration: Sendable {
    /// The name recorded in `central_migrations`.
    public let name: String
    /// The statements, run in one transaction with the recording of its name (one each: the
    /// extended query protocol takes a single statement).
    public let statements: [String]
}

extension CentralMigration {
    /// Every migration, in the order they run.
    public static let all: [CentralMigration] = [log, appendFunction, heartbeatFunction, seedFunction, nodeReport,
                                                   appendEntriesFunction]

    /// The tables: the log, its head, the streams' versions and the nodes.
    static let log = CentralMigration(name: "v1-log", statements: [
        """
        CREATE SCHEMA IF NOT EXISTS pasjes
        """,
        """
        REVOKE ALL ON SCHEMA pasjes FROM PUBLIC
        """,
        """
        CREATE TABLE pasjes.entries (
            global_seq      BIGINT PRIMARY KEY CHECK (global_seq > 0),
            origin          TEXT NOT NULL,
            origin_seq      BIGINT NOT NULL CHECK (origin_seq > 0),
            created_at      TEXT NOT NULL,
            operator_uid    BIGINT,
            operator_name   TEXT,
            counter_id      TEXT,
            kind            TEXT NOT NULL,
            version         INT NOT NULL,
            idempotency_key TEXT,
            command         TEXT NOT NULL,
            result          TEXT NOT NULL,
            offline         BOOLEAN NOT NULL,
            reads           TEXT[] NOT NULL,
            writes          TEXT[] NOT NULL,
            previous_hash   TEXT NOT NULL,
            hash            TEXT NOT NULL UNIQUE,
            appended_at     TIMESTAMPTZ NOT NULL,
            UNIQUE (origin, origin_seq)
        )
        """,
        """
        REVOKE ALL ON pasjes.entries FROM PUBLIC
        """,
        """
        -- Exactly one row: every append locks it first, so appends are serialised and an entry
        -- becomes visible only after every entry before it (a reader of `global_seq > N` never
        -- skips one that commits late).
        CREATE TABLE pasjes.log_head (
            one        BOOLEAN PRIMARY KEY DEFAULT true CHECK (one),
            global_seq BIGINT NOT NULL,
            hash       TEXT NOT NULL
        )
        """,
        """
        INSERT INTO pasjes.log_head (one, global_seq, hash) VALUES (true, 0, repeat('0', 64))
        """,
        """
        REVOKE ALL ON pasjes.log_head FROM PUBLIC
        """,
        """
        -- A stream's version is the global sequence of the last entry that wrote it.
        CREATE TABLE pasjes.streams (
            name    TEXT PRIMARY KEY,
            version BIGINT NOT NULL
        )
        """,
        """
        REVOKE ALL ON pasjes.streams FROM PUBLIC
        """,
        """
        -- Which PostgreSQL role speaks for which origin, and what each node last reported.
        CREATE TABLE pasjes.nodes (
            name          TEXT PRIMARY KEY,
            role          TEXT NOT NULL UNIQUE,
            added_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
            last_contact  TIMESTAMPTZ,
            applied_seq   BIGINT,
            clock_skew_ms BIGINT
        )
        """,
        """
        REVOKE ALL ON pasjes.nodes FROM PUBLIC
        """,
        """
        -- Nobody updates or deletes an entry, the owner included.
        CREATE FUNCTION pasjes.refuse_entry_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'pasjes: entries are never changed or removed (%)', TG_OP
                USING ERRCODE = 'PJ010';
        END $$
        """,
        """
        CREATE TRIGGER entries_no_update BEFORE UPDATE OR DELETE ON pasjes.entries
            FOR EACH ROW EXECUTE FUNCTION pasjes.refuse_entry_change()
        """,
        """
        CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON pasjes.entries
            FOR EACH STATEMENT EXECUTE FUNCTION pasjes.refuse_entry_change()
        """,
        """
        -- SHA-256 over `<UTF-8 byte length>:<field>` for each field, hex: JournalEntry's hash.
        CREATE FUNCTION pasjes.entry_hash(fields TEXT[]) RETURNS TEXT
            LANGUAGE sql IMMUTABLE STRICT SET search_path = pasjes, pg_temp AS $$
            SELECT encode(sha256(string_agg(
                       convert_to(octet_length(convert_to(f, 'UTF8'))::text || ':', 'UTF8') || convert_to(f, 'UTF8'),
                       ''::bytea ORDER BY i)), 'hex')
            FROM unnest(fields) WITH ORDINALITY AS u(f, i)
        $$
        """,
        """
        REVOKE ALL ON FUNCTION pasjes.entry_hash(TEXT[]) FROM PUBLIC
        """,
        """
        REVOKE ALL ON FUNCTION pasjes.refuse_entry_change() FROM PUBLIC
        """,
    ])

    /// The only way into the log. Error codes (SQLSTATE, class PJ): PJ001 not_origin, PJ002
    /// origin_conflict, PJ003 origin_gap, PJ004 stream_conflict (DETAIL: the streams, comma
    /// separated), PJ005 clock_skew, PJ006 bad_entry.
    static let appendFunction = CentralMigration(name: "v1-append-entry", statements: [
        """
        CREATE FUNCTION pasjes.append_entry(
            p_origin TEXT, p_origin_seq BIGINT, p_created_at TEXT, p_operator_uid BIGINT,
            p_operator_name TEXT, p_counter_id TEXT, p_kind TEXT, p_version INT,
            p_idempotency_key TEXT, p_command TEXT, p_result TEXT, p_offline BOOLEAN,
            p_reads TEXT[], p_writes TEXT[], p_decided_at BIGINT,
            OUT global_seq BIGINT, OUT hash TEXT)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pasjes, pg_temp AS $$
        #variable_conflict use_column
        DECLARE
            head_seq  BIGINT;
            head_hash TEXT;
            found_row entries%ROWTYPE;
            last_seq  BIGINT;
            stale     TEXT[];
            entry_time TIMESTAMPTZ;
            new_seq   BIGINT;
            new_hash  TEXT;
        BEGIN
            -- session_user, not current_user: inside a definer function current_user is the owner.
            IF NOT EXISTS (SELECT 1 FROM nodes n WHERE n.name = p_origin AND n.role = session_user) THEN
                RAISE EXCEPTION 'pasjes: role % does not speak for origin %', session_user, p_origin
                    USING ERRCODE = 'PJ001';
            END IF;
            IF p_origin_seq IS NULL OR p_created_at IS NULL OR p_kind IS NULL OR p_version IS NULL
               OR p_command IS NULL OR p_result IS NULL OR p_offline IS NULL OR p_decided_at IS NULL THEN
                RAISE EXCEPTION 'pasjes: an entry lacks a required field' USING ERRCODE = 'PJ006';
            END IF;
            IF p_created_at !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$' THEN
                RAISE EXCEPTION 'pasjes: created_at % is not UTC with milliseconds', p_created_at
                    USING ERRCODE = 'PJ006';
            END IF;
            BEGIN
                entry_time := p_created_at::timestamptz;
            EXCEPTION WHEN others THEN
                RAISE EXCEPTION 'pasjes: created_at % is no date', p_created_at USING ERRCODE = 'PJ006';
            END;

            -- Serialise on the head: from here on this transaction is the only appender.
            SELECT h.global_seq, h.hash INTO head_seq, head_hash FROM log_head h FOR UPDATE;

            SELECT * INTO found_row FROM entries e WHERE e.origin = p_origin AND e.origin_seq = p_origin_seq;
            IF FOUND THEN
                -- A retry after an unknown outcome finds its own entry; anything else under the
                -- same number is another entry and is refused, never ignored.
                IF found_row.created_at = p_created_at
                   AND found_row.operator_uid IS NOT DISTINCT FROM p_operator_uid
                   AND found_row.operator_name IS NOT DISTINCT FROM p_operator_name
                   AND found_row.counter_id IS NOT DISTINCT FROM p_counter_id
                   AND found_row.kind = p_kind AND found_row.version = p_version
                   AND found_row.idempotency_key IS NOT DISTINCT FROM p_idempotency_key
                   AND found_row.command = p_command AND found_row.result = p_result
                   AND found_row.offline = p_offline
                   AND found_row.reads = coalesce(p_reads, '{}') AND found_row.writes = coalesce(p_writes, '{}') THEN
                    global_seq := found_row.global_seq;
                    hash := found_row.hash;
                    RETURN;
                END IF;
                RAISE EXCEPTION 'pasjes: origin % sequence % is already another entry (global %)',
                    p_origin, p_origin_seq, found_row.global_seq USING ERRCODE = 'PJ002';
            END IF;

            SELECT coalesce(max(e.origin_seq), 0) INTO last_seq FROM entries e WHERE e.origin = p_origin;
            IF p_origin_seq <> last_seq + 1 THEN
                RAISE EXCEPTION 'pasjes: origin % sequence % is not the next one (expected %)',
                    p_origin, p_origin_seq, last_seq + 1
                    USING ERRCODE = 'PJ003', DETAIL = (last_seq + 1)::text;
            END IF;

            SELECT array_agg(s.name ORDER BY s.name) INTO stale
            FROM streams s WHERE s.name = ANY (coalesce(p_reads, '{}')) AND s.version > p_decided_at;
            IF stale IS NOT NULL THEN
                RAISE EXCEPTION 'pasjes: streams changed after position %: %', p_decided_at, array_to_string(stale, ', ')
                    USING ERRCODE = 'PJ004', DETAIL = array_to_string(stale, ',');
            END IF;

            -- An offline entry keeps the time it was booked at; an online one must be now.
            IF NOT p_offline AND abs(extract(epoch FROM (entry_time - now()))) > 60 THEN
                RAISE EXCEPTION 'pasjes: entry time % is more than 60 s from the log''s clock %', p_created_at, now()
                    USING ERRCODE = 'PJ005';
            END IF;

            new_seq := head_seq + 1;
            new_hash := entry_hash(ARRAY[
                head_hash, new_seq::text, p_origin, p_origin_seq::text, p_created_at,
                coalesce(p_operator_uid::text, ''), coalesce(p_operator_name, ''), coalesce(p_counter_id, ''),
                p_kind, p_version::text, coalesce(p_idempotency_key, ''), p_command, p_result]);

            INSERT INTO entries (global_seq, origin, origin_seq, created_at, operator_uid, operator_name,
                counter_id, kind, version, idempotency_key, command, result, offline, reads, writes,
                previous_hash, hash, appended_at)
            VALUES (new_seq, p_origin, p_origin_seq, p_created_at, p_operator_uid, p_operator_name,
                p_counter_id, p_kind, p_version, p_idempotency_key, p_command, p_result, p_offline,
                coalesce(p_reads, '{}'), coalesce(p_writes, '{}'), head_hash, new_hash, clock_timestamp());
            UPDATE log_head h SET global_seq = new_seq, hash = new_hash WHERE h.one;
            INSERT INTO streams AS s (name, version)
                SELECT DISTINCT w, new_seq FROM unnest(coalesce(p_writes, '{}')) AS w
                ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version;
            -- Delivered at commit, in commit order: a listener never hears of an entry too early.
            PERFORM pg_notify('pasjes_log', new_seq::text);

            global_seq := new_seq;
            hash := new_hash;
        END $$
        """,
        """
        REVOKE ALL ON FUNCTION pasjes.append_entry(TEXT, BIGINT, TEXT, BIGINT, TEXT, TEXT, TEXT, INT, TEXT,
            TEXT, TEXT, BOOLEAN, TEXT[], TEXT[], BIGINT) FROM PUBLIC
        """,
    ])

    /// A node says it is alive, how far it has applied the log and what its clock says.
    static let heartbeatFunction = CentralMigration(name: "v1-node-heartbeat", statements: [
        """
        CREATE FUNCTION pasjes.node_heartbeat(p_applied_seq BIGINT, p_clock_ms BIGINT) RETURNS VOID
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pasjes, pg_temp AS $$
        BEGIN
            UPDATE nodes n SET last_contact = clock_timestamp(), applied_seq = p_applied_seq,
                clock_skew_ms = p_clock_ms - floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint
            WHERE n.role = session_user;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'pasjes: role % is no node', session_user USING ERRCODE = 'PJ001';
            END IF;
        END $$
        """,
        """
        REVOKE ALL ON FUNCTION pasjes.node_heartbeat(BIGINT, BIGINT) FROM PUBLIC
        """,
    ])

    /// How one embedded ledger's journal becomes the first content of the log (`pasjes central
    /// seed`): the administrator's role only (no node may call it), each entry at the position
    /// and with the hash it has in that journal, so the ledger is a replica of the log as it is.
    /// Its times are history: no clock check. PJ007 seed_mismatch: not the next position, or
    /// another hash than the journal's.
    static let seedFunction = CentralMigration(name: "v2-seed-entry", statements: [
        """
        CREATE FUNCTION pasjes.seed_entry(
            p_global_seq BIGINT, p_origin TEXT, p_origin_seq BIGINT, p_created_at TEXT, p_operator_uid BIGINT,
            p_operator_name TEXT, p_counter_id TEXT, p_kind TEXT, p_version INT, p_idempotency_key TEXT,
            p_command TEXT, p_result TEXT, p_hash TEXT)
        RETURNS VOID
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pasjes, pg_temp AS $$
        DECLARE
            head_seq  BIGINT;
            head_hash TEXT;
            last_seq  BIGINT;
            new_hash  TEXT;
        BEGIN
            IF EXISTS (SELECT 1 FROM nodes n WHERE n.role = session_user) THEN
                RAISE EXCEPTION 'pasjes: a node (%) does not seed the log', session_user USING ERRCODE = 'PJ001';
            END IF;
            SELECT h.global_seq, h.hash INTO head_seq, head_hash FROM log_head h FOR UPDATE;
            IF p_global_seq <> head_seq + 1 THEN
                RAISE EXCEPTION 'pasjes: seed entry % is not the next position (the log ends at %)', p_global_seq, head_seq
                    USING ERRCODE = 'PJ007';
            END IF;
            SELECT coalesce(max(e.origin_seq), 0) INTO last_seq FROM entries e WHERE e.origin = p_origin;
            IF p_origin_seq <> last_seq + 1 THEN
                RAISE EXCEPTION 'pasjes: origin % sequence % is not the next one (expected %)', p_origin, p_origin_seq, last_seq + 1
                    USING ERRCODE = 'PJ003';
            END IF;
            new_hash := entry_hash(ARRAY[
                head_hash, p_global_seq::text, p_origin, p_origin_seq::text, p_created_at,
                coalesce(p_operator_uid::text, ''), coalesce(p_operator_name, ''), coalesce(p_counter_id, ''),
                p_kind, p_version::text, coalesce(p_idempotency_key, ''), p_command, p_result]);
            IF new_hash <> p_hash THEN
                RAISE EXCEPTION 'pasjes: seed entry % hashes to %, the journal says %', p_global_seq, new_hash, p_hash
                    USING ERRCODE = 'PJ007';
            END IF;
            INSERT INTO entries (global_seq, origin, origin_seq, created_at, operator_uid, operator_name,
                counter_id, kind, version, idempotency_key, command, result, offline, reads, writes,
                previous_hash, hash, appended_at)
            VALUES (p_global_seq, p_origin, p_origin_seq, p_created_at, p_operator_uid, p_operator_name,
                p_counter_id, p_kind, p_version, p_idempotency_key, p_command, p_result, false, '{}', '{}',
                head_hash, new_hash, clock_timestamp());
            UPDATE log_head h SET global_seq = p_global_seq, hash = new_hash WHERE h.one;
            PERFORM pg_notify('pasjes_log', p_global_seq::text);
        END $$
        """,
        """
        REVOKE ALL ON FUNCTION pasjes.seed_entry(BIGINT, TEXT, BIGINT, TEXT, BIGINT, TEXT, TEXT, TEXT, INT, TEXT,
            TEXT, TEXT, TEXT) FROM PUBLIC
        """,
    ])

    /// A node's heartbeat with its outbox (entries booked offline, not yet forwarded) and its
    /// offline limits, for `pasjes central status`. Every node role gets it, also the ones that
    /// existed before; `node_heartbeat` stays for nodes that do not know it yet.
    static let nodeReport = CentralMigration(name: "v3-node-report", statements: [
        """
        ALTER TABLE pasjes.nodes ADD COLUMN queued_count INT, ADD COLUMN queued_amount BIGINT,
            ADD COLUMN oldest_queued_ms BIGINT, ADD COLUMN offline_limits TEXT
        """,
        """
        CREATE FUNCTION pasjes.node_report(p_applied_seq BIGINT, p_clock_ms BIGINT, p_queued_count INT,
            p_queued_amount BIGINT, p_oldest_queued_ms BIGINT, p_offline_limits TEXT) RETURNS VOID
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pasjes, pg_temp AS $$
        BEGIN
            IF p_queued_count < 0 OR p_queued_amount < 0 OR length(p_offline_limits) > 200 THEN
                RAISE EXCEPTION 'pasjes: a node report out of range' USING ERRCODE = 'PJ006';
            END IF;
            UPDATE nodes n SET last_contact = clock_timestamp(), applied_seq = p_applied_seq,
                clock_skew_ms = p_clock_ms - floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint,
                queued_count = p_queued_count, queued_amount = p_queued_amount,
                oldest_queued_ms = p_oldest_queued_ms, offline_limits = p_offline_limits
            WHERE n.role = session_user;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'pasjes: role % is no node', session_user USING ERRCODE = 'PJ001';
            END IF;
        END $$
        """,
        """
        REVOKE ALL ON FUNCTION pasjes.node_report(BIGINT, BIGINT, INT, BIGINT, BIGINT, TEXT) FROM PUBLIC
        """,
        // Every node's last contact, for a month close at the head office: a node that sold in
        // the month and has not been heard of since it ended may still hold offline sales of it.
        """
        CREATE FUNCTION pasjes.node_contacts() RETURNS TABLE (name TEXT, last_contact TIMESTAMPTZ)
        LANGUAGE sql SECURITY DEFINER SET search_path = pasjes, pg_temp AS $$
            SELECT n.name, n.last_contact FROM nodes n ORDER BY n.name
        $$
        """,
        """
        REVOKE ALL ON FUNCTION pasjes.node_contacts() FROM PUBLIC
        """,
        """
        DO $$
        DECLARE node RECORD;
        BEGIN
            FOR node IN SELECT role FROM pasjes.nodes LOOP
                EXECUTE format('GRANT EXECUTE ON FUNCTION pasjes.node_report(BIGINT, BIGINT, INT, BIGINT, BIGINT, TEXT) TO %I',
                               node.role);
                EXECUTE format('GRANT EXECUTE ON FUNCTION pasjes.node_contacts() TO %I', node.role);
            END LOOP;
        END $$
        """,
    ])

    /// Many entries appended in one statement and one transaction, in order (the outbox's
    /// forwarder: one round trip for a page instead of one per entry). Each goes through
    /// `append_entry` with all its checks; any refusal rolls the whole call back, and the caller
    /// sends the page one by one to see which.
    static let appendEntriesFunction = CentralMigration(name: "v3-append-entries", statements: [
        """
        CREATE FUNCTION pasjes.append_entries(p_entries JSONB)
        RETURNS TABLE (global_seq BIGINT, hash TEXT)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pasjes, pg_temp AS $$
        #variable_conflict use_column
        DECLARE
            e JSONB;
            appended RECORD;
        BEGIN
            IF jsonb_typeof(p_entries) <> 'array' OR jsonb_array_length(p_entries) > 500 THEN
                RAISE EXCEPTION 'pasjes: append_entries takes an array of at most 500 entries' USING ERRCODE = 'PJ006';
            END IF;
            FOR e IN SELECT value FROM jsonb_array_elements(p_entries) WITH ORDINALITY AS t(value, n) ORDER BY n LOOP
                SELECT * INTO appended FROM pasjes.append_entry(
                    e->>'origin', (e->>'origin_seq')::bigint, e->>'created_at', (e->>'operator_uid')::bigint,
                    e->>'operator_name', e->>'counter_id', e->>'kind', (e->>'version')::int, e->>'idempotency_key',
                    e->>'command', e->>'result', (e->>'offline')::boolean,
                    ARRAY(SELECT jsonb_array_elements_text(e->'reads')), ARRAY(SELECT jsonb_array_elements_text(e->'writes')),
                    (e->>'decided_at')::bigint);
                global_seq := appended.global_seq;
                hash := appended.hash;
                RETURN NEXT;
            END LOOP;
        END $$
        """,
        """
        REVOKE ALL ON FUNCTION pasjes.append_entries(JSONB) FROM PUBLIC
        """,
        """
        DO $$
        DECLARE node RECORD;
        BEGIN
            FOR node IN SELECT role FROM pasjes.nodes LOOP
                EXECUTE format('GRANT EXECUTE ON FUNCTION pasjes.append_entries(JSONB) TO %I', node.role);
            END LOOP;
        END $$
        """,
    ])
}
