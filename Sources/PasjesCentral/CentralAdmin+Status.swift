import Foundation
import Logging
import PostgresNIO

/// One node as the log knows it: what it last reported.
public struct CentralNodeStatus: Sendable, Hashable, Codable {
    public var name: String
    public var role: String
    /// When it last sent its heartbeat (PostgreSQL's clock); nil: never.
    public var lastContact: Date?
    /// How far it had applied the log then.
    public var appliedSeq: Int64?
    /// Its clock minus PostgreSQL's at that heartbeat, in milliseconds.
    public var clockSkewMilliseconds: Int64?
    /// Its outbox then: entries booked offline and not yet in the log, their sales' sum, and
    /// when the oldest was booked (milliseconds since 1970); nil before it reported one.
    public var queuedCount: Int?
    public var queuedAmount: Int64?
    public var oldestQueuedMilliseconds: Int64?
    /// Its `[offline]` limits as it reported them (`max_sale=…,…`); nil: none.
    public var offlineLimits: String?
}

/// The log's head and every node, for `pasjes central status`.
public struct CentralStatus: Sendable, Hashable, Codable {
    public var headSeq: Int64
    public var headHash: String
    /// PostgreSQL's clock when it answered: ages are measured against it, not the caller's.
    public var now: Date
    public var nodes: [CentralNodeStatus]
}

extension CentralAdmin {
    /// The log's head and what every node last reported, read as the administrator.
    public static func status(url: String, logger: Logger = Logger(label: "pasjes.central")) async throws -> CentralStatus {
        try await withAdminConnection(url: url, logger: logger) { connection in
            let head = try await head(connection, logger: logger)
            var now = Date()
            for try await value in try await connection.query("SELECT clock_timestamp()", logger: logger).decode(Date.self) {
                now = value
            }
            var nodes: [CentralNodeStatus] = []
            let rows = try await connection.query("""
                SELECT name, role, last_contact, applied_seq, clock_skew_ms, queued_count, queued_amount, oldest_queued_ms,
                    offline_limits FROM pasjes.nodes ORDER BY name
                """, logger: logger)
            for try await (name, role, contact, applied, skew, count, amount, oldest, limits)
                    in rows.decode((String, String, Date?, Int64?, Int64?, Int32?, Int64?, Int64?, String?).self) {
                nodes.append(CentralNodeStatus(name: name, role: role, lastContact: contact, appliedSeq: applied,
                                               clockSkewMilliseconds: skew, queuedCount: count.map(Int.init), queuedAmount: amount,
                                               oldestQueuedMilliseconds: oldest, offlineLimits: limits))
            }
            return CentralStatus(headSeq: head.globalSeq, headHash: head.hash, now: now, nodes: nodes)
        }
    }
}
