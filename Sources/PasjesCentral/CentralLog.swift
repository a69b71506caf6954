import Foundation
import Logging
import NIOCore
import PostgresNIO

/// A node's client of the organisation's log: append its entries, read everyone's in order,
/// report its position, hear of new entries. One connection, made again when it breaks; every
/// call ends by the deadline.
public actor CentralLog {
    /// The node (origin) the credentials speak for; nil for a reader without them.
    public nonisolated let node: String?
    private let addresses: [CentralAddress]
    private let credentials: CentralCredentials?
    private let deadline: Duration
    /// How long one call to the log may take (`deadline_ms`).
    public nonisolated let deadlineMilliseconds: Int
    private let logger: Logger
    private var connection: PostgresConnection?
    private var nextConnectionID = 1
    /// The server process behind each open connection (pid and start time: a pid is reused).
    private var backends: [ObjectIdentifier: Backend] = [:]
    /// Server processes of appends whose answer was lost: until each is known to be gone, its
    /// transaction may still commit, so no lookup may prove an entry absent.
    private var unsettled: [Backend] = []

    /// A PostgreSQL server process.
    struct Backend: Sendable, Hashable {
        var pid: Int32
        var start: String
    }

    private init(addresses: [CentralAddress], credentials: CentralCredentials?, deadlineMilliseconds: Int, logger: Logger) {
        self.addresses = addresses
        self.credentials = credentials
        self.node = credentials?.node
        self.deadlineMilliseconds = max(1, deadlineMilliseconds)
        self.deadline = .milliseconds(max(1, deadlineMilliseconds))
        self.logger = logger
    }

    /// Connects to the first of `urls` that answers and is not a standby (`pg_is_in_recovery()`),
    /// as the node of `credentialsFile` (else as the URL's user). Throws `CentralSetupError` for a
    /// bad URL or file, `CentralError.unavailable` when no host answers by the deadline.
    public static func connect(urls: [String], credentialsFile: String?, deadlineMilliseconds: Int,
                               logger: Logger = Logger(label: "pasjes.central")) async throws -> CentralLog {
        let log = try unconnected(urls: urls, credentialsFile: credentialsFile,
                                  deadlineMilliseconds: deadlineMilliseconds, logger: logger)
        _ = try await log.liveConnection(until: .now + log.deadline)
        return log
    }

    /// A client that connects on its first call (and again after every break): pasjesd starts,
    /// and serves what it can, while the log is out of reach. Throws `CentralSetupError` for a
    /// bad URL or credentials file, the only faults a retry cannot mend.
    public static func unconnected(urls: [String], credentialsFile: String?, deadlineMilliseconds: Int,
                                   logger: Logger = Logger(label: "pasjes.central")) throws -> CentralLog {
        guard !urls.isEmpty else { throw CentralSetupError("Geen PostgreSQL-URL opgegeven") }
        let addresses = try urls.map { try CentralAddress(url: $0) }
        let credentials = try credentialsFile.map { try CentralCredentials.read(from: $0) }
        return CentralLog(addresses: addresses, credentials: credentials,
                          deadlineMilliseconds: deadlineMilliseconds, logger: logger)
    }

    deinit {
        // postgres-nio asserts that a connection is closed before it goes away.
        if let connection { connection.closeSoon() }
    }

    /// Closes the connection (a later call opens a new one).
    public func close() async {
        if let connection { try? await connection.close() }
        connection = nil
    }

    // MARK: Writing

    /// Appends `proposal` through `pasjes.append_entry`. An identical retry of an entry already in
    /// the log answers that entry. Throws `CentralError`: a refusal (nothing appended),
    /// `.unavailable` (not sent: nothing appended) or `.unknown` (sent, no answer in time: look
    /// the entry up by origin and origin sequence before saying anything).
    public func append(_ proposal: CentralProposal) async throws -> CentralAppend {
        let query: PostgresQuery = """
            SELECT global_seq, hash FROM pasjes.append_entry(
                \(proposal.origin), \(proposal.originSeq), \(proposal.createdAt), \(proposal.operatorUID),
                \(proposal.operatorName), \(proposal.counterID), \(proposal.kind), \(Int32(clamping: proposal.version)),
                \(proposal.idempotencyKey), \(proposal.command), \(proposal.result), \(proposal.offline),
                \(proposal.reads)::text[], \(proposal.writes)::text[], \(proposal.decidedAt))
            """
        let rows = try await run(query, sideEffects: true)
        guard let row = rows.first else { throw CentralError.refused("append_entry gaf geen regel terug") }
        let cells = row.makeRandomAccess()
        return .appended(globalSeq: try cells["global_seq"].decode(Int64.self), hash: try cells["hash"].decode(String.self))
    }

    /// Appends `proposals` in order in one statement (`pasjes.append_entries`): their positions
    /// and hashes. All or nothing: a refusal of any one throws it and appends none (send them
    /// one by one to see which); `.unavailable` and `.unknown` as `append`.
    public func append(_ proposals: [CentralProposal]) async throws -> [CentralAppend] {
        guard !proposals.isEmpty else { return [] }
        guard proposals.count <= Self.maximumPageEntries else { throw CentralError.refused("at most 500 entries per call") }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let batch = String(decoding: try encoder.encode(proposals.map(BatchEntry.init)), as: UTF8.self)
        let rows = try await run("SELECT global_seq, hash FROM pasjes.append_entries(\(batch)::jsonb)", sideEffects: true)
        guard rows.count == proposals.count else { throw CentralError.refused("append_entries gaf \(rows.count) regels terug") }
        return try rows.map { row in
            let cells = row.makeRandomAccess()
            return .appended(globalSeq: try cells["global_seq"].decode(Int64.self), hash: try cells["hash"].decode(String.self))
        }
    }

    /// One entry of `append_entries`' array.
    private struct BatchEntry: Encodable {
        var origin: String
        var originSeq: Int64
        var createdAt: String
        var operatorUid: Int64?
        var operatorName: String?
        var counterId: String?
        var kind: String
        var version: Int
        var idempotencyKey: String?
        var command: String
        var result: String
        var offline: Bool
        var reads: [String]
        var writes: [String]
        var decidedAt: Int64

        init(_ p: CentralProposal) {
            origin = p.origin
            originSeq = p.originSeq
            createdAt = p.createdAt
            operatorUid = p.operatorUID
            operatorName = p.operatorName
            counterId = p.counterID
            kind = p.kind
            version = p.version
            idempotencyKey = p.idempotencyKey
            command = p.command
            result = p.result
            offline = p.offline
            reads = p.reads
            writes = p.writes
            decidedAt = p.decidedAt
        }

        // Absent optionals as JSON null, so `e->>'operator_uid'` is NULL rather than missing.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(origin, forKey: .origin)
            try c.encode(originSeq, forKey: .originSeq)
            try c.encode(createdAt, forKey: .createdAt)
            try c.encode(operatorUid, forKey: .operatorUid)
            try c.encode(operatorName, forKey: .operatorName)
            try c.encode(counterId, forKey: .counterId)
            try c.encode(kind, forKey: .kind)
            try c.encode(version, forKey: .version)
            try c.encode(idempotencyKey, forKey: .idempotencyKey)
            try c.encode(command, forKey: .command)
            try c.encode(result, forKey: .result)
            try c.encode(offline, forKey: .offline)
            try c.encode(reads, forKey: .reads)
            try c.encode(writes, forKey: .writes)
            try c.encode(decidedAt, forKey: .decidedAt)
        }

        enum CodingKeys: String, CodingKey {
            case origin, originSeq, createdAt, operatorUid, operatorName, counterId, kind, version, idempotencyKey
            case command, result, offline, reads, writes, decidedAt
        }
    }

    /// Records that this node is alive, has applied the log up to `appliedSeq`, and what its clock
    /// says (PostgreSQL keeps the difference with its own as the node's clock skew).
    public func heartbeat(appliedSeq: Int64) async throws {
        let clockMilliseconds = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        _ = try await run("SELECT pasjes.node_heartbeat(\(appliedSeq), \(clockMilliseconds))", sideEffects: false)
    }

    /// The heartbeat with the node's outbox and offline limits (`pasjes central status` shows
    /// them); a log not migrated to `v3-node-report` yet gets the plain heartbeat.
    public func report(appliedSeq: Int64, queuedCount: Int, queuedAmount: Int64, oldestQueuedMilliseconds: Int64?,
                       offlineLimits: String?) async throws {
        let clockMilliseconds = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        do {
            _ = try await run("""
                SELECT pasjes.node_report(\(appliedSeq), \(clockMilliseconds), \(Int32(clamping: queuedCount)), \(queuedAmount),
                    \(oldestQueuedMilliseconds), \(offlineLimits))
                """, sideEffects: false)
        } catch CentralError.refused(let reason) where reason.hasPrefix("42883") {
            try await heartbeat(appliedSeq: appliedSeq)
        }
    }

    // MARK: Reading

    /// The limit of one `entries(after:limit:)` page.
    public static let maximumPageEntries = 500

    /// Up to `limit` (at most 500) entries after global sequence `after`, in order. Appends are
    /// serialised on the head row, so no entry below the last one returned can still appear.
    public func entries(after: Int64, limit: Int = CentralLog.maximumPageEntries) async throws -> [CentralEntry] {
        let count = Int64(min(max(limit, 1), Self.maximumPageEntries))
        let rows = try await run("""
            SELECT \(unescaped: Self.entryColumns) FROM pasjes.entries
            WHERE global_seq > \(after) ORDER BY global_seq LIMIT \(count)
            """, sideEffects: false)
        return try rows.map(Self.entry(from:))
    }

    /// The entry of `origin` with `originSeq`, if the log has it: how an unknown outcome is settled.
    public func entry(origin: String, originSeq: Int64) async throws -> CentralEntry? {
        // An absence is a proof only once no lost append of this node can still commit.
        try await settleLostAppends()
        let rows = try await run("""
            SELECT \(unescaped: Self.entryColumns) FROM pasjes.entries
            WHERE origin = \(origin) AND origin_seq = \(originSeq)
            """, sideEffects: false)
        return try rows.first.map(Self.entry(from:))
    }

    /// The highest origin sequence of `origin` in the log (0 when it has none).
    public func lastOriginSeq(_ origin: String) async throws -> Int64 {
        let rows = try await run("SELECT coalesce(max(origin_seq), 0) AS last FROM pasjes.entries WHERE origin = \(origin)",
                                 sideEffects: false)
        return try rows.first?.makeRandomAccess()["last"].decode(Int64.self) ?? 0
    }

    /// Every node's name and last contact (nil: never).
    public func nodeContacts() async throws -> [(node: String, lastContact: Date?)] {
        let rows = try await run("SELECT name, last_contact FROM pasjes.node_contacts()", sideEffects: false)
        return try rows.map { row in
            let cells = row.makeRandomAccess()
            return (try cells["name"].decode(String.self), try cells["last_contact"].decode(Date?.self))
        }
    }

    /// The newest entry's global sequence and hash.
    public func head() async throws -> CentralHead {
        let rows = try await run("SELECT global_seq, hash FROM pasjes.log_head", sideEffects: false)
        guard let cells = rows.first?.makeRandomAccess() else { throw CentralError.refused("log_head is leeg") }
        return CentralHead(globalSeq: try cells["global_seq"].decode(Int64.self), hash: try cells["hash"].decode(String.self))
    }

    /// Global sequences as PostgreSQL announces them (`LISTEN pasjes_log`), on a connection of
    /// its own that is made again after a break; after each (re)connection the head's sequence
    /// comes first, since announcements made meanwhile are lost. A wake-up, not a feed: the
    /// caller pulls with `entries(after:)` and keeps polling as a fallback.
    public nonisolated func notifications() -> AsyncStream<Int64> {
        let (stream, continuation) = AsyncStream<Int64>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let task = Task { [weak self] in
            while !Task.isCancelled, let self {
                do {
                    let listener = try await self.newConnection(until: .now + self.deadline)
                    do {
                        try await listener.listen(on: "pasjes_log") { announcements in
                            let rows = try await listener.query("SELECT global_seq FROM pasjes.log_head", logger: self.logger)
                            for try await (head) in rows.decode(Int64.self) { continuation.yield(head) }
                            for try await announcement in announcements {
                                if let seq = Int64(announcement.payload) { continuation.yield(seq) }
                            }
                        }
                    } catch {
                        self.logger.warning("central: LISTEN pasjes_log broke, listening again in 1 s",
                                            metadata: ["error": "\(String(reflecting: error))"])
                    }
                    try? await listener.close()
                    await self.forget(listener)
                } catch {
                    self.logger.warning("central: no connection to listen on, trying again in 1 s",
                                        metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    // MARK: Connections and errors

    static let entryColumns = """
        global_seq, origin, origin_seq, created_at, operator_uid, operator_name, counter_id, kind, version,
        idempotency_key, command, result, offline, reads, writes, previous_hash, hash, appended_at
        """

    static func entry(from row: PostgresRow) throws -> CentralEntry {
        let cells = row.makeRandomAccess()
        return CentralEntry(
            globalSeq: try cells["global_seq"].decode(Int64.self), origin: try cells["origin"].decode(String.self),
            originSeq: try cells["origin_seq"].decode(Int64.self), createdAt: try cells["created_at"].decode(String.self),
            operatorUID: try cells["operator_uid"].decode(Int64?.self),
            operatorName: try cells["operator_name"].decode(String?.self),
            counterID: try cells["counter_id"].decode(String?.self), kind: try cells["kind"].decode(String.self),
            version: Int(try cells["version"].decode(Int32.self)),
            idempotencyKey: try cells["idempotency_key"].decode(String?.self),
            command: try cells["command"].decode(String.self), result: try cells["result"].decode(String.self),
            offline: try cells["offline"].decode(Bool.self), reads: try cells["reads"].decode([String].self),
            writes: try cells["writes"].decode([String].self), previousHash: try cells["previous_hash"].decode(String.self),
            hash: try cells["hash"].decode(String.self), appendedAt: try cells["appended_at"].decode(Date.self))
    }

    /// Runs one statement by the deadline and collects its rows. Failing to connect is
    /// `.unavailable`; losing the answer after sending is `.unknown` when the statement writes
    /// (`sideEffects`) and `.unavailable` when it only reads.
    private func run(_ query: PostgresQuery, sideEffects: Bool) async throws -> [PostgresRow] {
        let until = ContinuousClock.now + deadline
        let reused = connection.map { !$0.isClosed } ?? false
        do {
            return try await run(query, sideEffects: sideEffects, until: until)
        } catch CentralError.unavailable where reused && !sideEffects && ContinuousClock.now < until {
            // A kept connection that the server ended while it sat idle (a restart, an
            // administrator's pg_terminate_backend after revoking this node) says nothing about
            // the log now. Read once more on a new connection, within the same deadline: else
            // the puller took a revoked node offline, and it sold offline until its next round.
            // Only a read: a write sent on it may have committed.
            logger.info("central: a kept connection was gone; reading again on a new one")
            return try await run(query, sideEffects: false, until: until)
        }
    }

    private func run(_ query: PostgresQuery, sideEffects: Bool, until: ContinuousClock.Instant) async throws -> [PostgresRow] {
        let connection = try await liveConnection(until: until)
        let logger = self.logger
        do {
            // Closed on timeout, not cancelled: a row stream whose reader is cancelled while rows
            // still arrive trips a fatal error in postgres-nio; closing ends the reader by itself.
            //
            // Collected on the connection's event loop (postgres-nio's future-based `query`), not
            // by iterating its async row sequence: that sequence stops reading once it holds more
            // rows than its reader has asked for, and a connection closed while it waits (a cut
            // line, PostgreSQL going away) delivers its last bytes anyway; postgres-nio 1.33 then
            // traps ("How can we receive a body part, after a channelReadComplete…", a
            // precondition, so in release builds too) and pasjesd died mid catch-up. Collecting
            // asks for the next rows the moment rows arrive, so the stream never waits for a reader.
            return try await withDeadline(until, cancelsWork: false, onTimeout: { connection.closeSoon() }) {
                try await connection.query(query, logger: logger).get().rows
            }
        } catch let error as PSQLError where error.code == .server {
            let sqlState = error.serverInfo?[.sqlState] ?? ""
            let severity = error.serverInfo?[.severity] ?? ""
            if severity == "ERROR", let refusal = Self.refusal(sqlState: sqlState, error: error) {
                // An ERROR rolls the statement's transaction back: nothing was appended.
                throw refusal
            }
            // FATAL or PANIC: the server ended the session, perhaps after committing.
            if sideEffects { unsettle(connection) }
            drop(connection)
            logger.warning("central: the server ended the session", metadata: [
                "host": "\(connection.id)", "sqlstate": "\(sqlState)", "message": "\(error.serverInfo?[.message] ?? "")"])
            throw sideEffects ? CentralError.unknown : CentralError.unavailable
        } catch is DeadlineExceeded {
            if sideEffects { unsettle(connection) }
            drop(connection)
            logger.warning("central: no answer within the deadline; reconnecting on the next call",
                           metadata: ["deadline_ms": "\(deadlineMilliseconds)"])
            throw sideEffects ? CentralError.unknown : CentralError.unavailable
        } catch let error as CentralError {
            throw error
        } catch is PostgresDecodingError {
            throw CentralError.refused("onverwacht antwoord van PostgreSQL")
        } catch {
            if sideEffects { unsettle(connection) }
            drop(connection)
            logger.warning("central: connection lost during a request", metadata: ["error": "\(String(reflecting: error))"])
            throw sideEffects ? CentralError.unknown : CentralError.unavailable
        }
    }

    /// The typed refusal for an ERROR `sqlState`; nil for a state that says the session is unusable.
    static func refusal(sqlState: String, error: PSQLError) -> CentralError? {
        let message = error.serverInfo?[.message] ?? ""
        switch sqlState {
        case "PJ001": return .notOrigin
        case "PJ002": return .originConflict
        case "PJ003": return .originGap
        case "PJ004":
            let detail = error.serverInfo?[.detail] ?? ""
            return .streamConflict(detail.split(separator: ",").map(String.init))
        case "PJ005": return .clockSkew
        case _ where sqlState.hasPrefix("08") || sqlState.hasPrefix("57") || sqlState.hasPrefix("53")
                || sqlState.hasPrefix("58") || sqlState == "25006":
            // Connection trouble, shutdown, resources, a read-only standby: try another host.
            return nil
        default: return .refused("\(sqlState): \(message)")
        }
    }

    private func drop(_ broken: PostgresConnection) {
        broken.closeSoon()
        backends[ObjectIdentifier(broken)] = nil
        if connection === broken { connection = nil }
    }

    private func forget(_ closed: PostgresConnection) {
        backends[ObjectIdentifier(closed)] = nil
    }

    private func unsettle(_ connection: PostgresConnection) {
        if let backend = backends[ObjectIdentifier(connection)] { unsettled.append(backend) }
    }

    /// Ends the server processes of appends whose answer was lost and waits until they are gone
    /// (`pg_terminate_backend` with a timeout; a node's role may end its own): after that their
    /// transactions have committed or never will. Throws `.unavailable` when that is not known.
    private func settleLostAppends() async throws {
        while let backend = unsettled.first {
            let waitMilliseconds = Int64(max(1, deadlineMilliseconds / 2))
            let rows = try await run("""
                SELECT coalesce(bool_and(pg_terminate_backend(pid, \(waitMilliseconds))), true) AS gone
                FROM pg_stat_activity WHERE pid = \(backend.pid) AND backend_start::text = \(backend.start)
                """, sideEffects: false)
            guard let gone = try rows.first?.makeRandomAccess()["gone"].decode(Bool.self), gone else {
                logger.warning("central: the server process of a lost append is still there; its outcome stays unknown",
                               metadata: ["pid": "\(backend.pid)"])
                throw CentralError.unavailable
            }
            unsettled.removeFirst()
        }
    }

    /// The open connection, or a new one to the first host that answers and is no standby.
    private func liveConnection(until: ContinuousClock.Instant) async throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        connection = nil
        let fresh = try await newConnection(until: until)
        connection = fresh
        return fresh
    }

    private func newConnection(until: ContinuousClock.Instant) async throws -> PostgresConnection {
        let logger = self.logger
        for address in addresses {
            var configuration = try address.configuration(
                user: credentials?.user, password: credentials?.password,
                applicationName: "pasjesd \(credentials?.node ?? "admin")")
            // NIO ends a connect that does not get through (a partition) by itself: the
            // deadline's cancellation of a connect in flight made postgres-nio drop a
            // connection it had not closed when the line came back.
            configuration.options.connectTimeout = .milliseconds(Int64(deadlineMilliseconds))
            let connecting = configuration
            let id = nextConnectionID
            nextConnectionID += 1
            do {
                let candidate = try await withDeadline(until, cancelsWork: false, onLateValue: { $0.closeSoon() }) {
                    OpenConnections.held(try await PostgresConnection.connect(configuration: connecting, id: id, logger: logger))
                }
                let standby: Bool
                let backend: Backend?
                do {
                    (standby, backend) = try await withDeadline(until, onTimeout: { candidate.closeSoon() }) {
                        let rows = try await candidate.query("""
                            SELECT pg_is_in_recovery(), pg_backend_pid(),
                                   (SELECT backend_start::text FROM pg_stat_activity WHERE pid = pg_backend_pid())
                            """, logger: logger)
                        for try await (recovering, pid, start) in rows.decode((Bool, Int32, String?).self) {
                            return (recovering, start.map { Backend(pid: pid, start: $0) })
                        }
                        return (true, nil)
                    }
                } catch {
                    candidate.closeSoon()
                    throw error
                }
                if standby {
                    logger.info("central: \(address.displayName) is a standby (in recovery); trying the next host")
                    try? await candidate.close()
                    continue
                }
                if let backend { backends[ObjectIdentifier(candidate)] = backend }
                return candidate
            } catch is DeadlineExceeded {
                logger.warning("central: \(address.displayName) did not answer within the deadline")
                break
            } catch let error as PSQLError where error.code == .server
                        && ["28P01", "28000"].contains(error.serverInfo?[.sqlState] ?? "") {
                // The server answers and refuses this node's login (a revoked node, a changed
                // password): not offline, so a revoked node does not go on selling.
                throw CentralError.refused("\(error.serverInfo?[.sqlState] ?? ""): login refused: \(error.serverInfo?[.message] ?? "")")
            } catch {
                logger.warning("central: cannot connect to \(address.displayName)", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
        throw CentralError.unavailable
    }
}
