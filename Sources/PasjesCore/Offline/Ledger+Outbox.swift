import Foundation
import GRDB
import PasjesMoney

/// One of this node's entries waiting in its outbox: the proposal exactly as it is (or will
/// be) sent to the organisation's log, so a retry after an unknown outcome is identical.
public struct QueuedEntry: Sendable, Equatable {
    /// The entry's fields (its `seq` and `hash` are those of the overlay it was decided on).
    public var entry: JournalEntry
    public var reads: [String]
    public var writes: [String]
    public var decidedAt: Int64
    /// True: decided offline (appended without stream checks, keeping its own time).
    public var offline: Bool
}

/// The outbox in numbers, for `system.info`, the heartbeat and the cashier's screen.
public struct OutboxSummary: Sendable, Equatable {
    public var count: Int
    /// Sales together, minor units.
    public var amount: Int64
    /// Milliseconds since 1970 of the oldest entry; nil when empty.
    public var oldestMilliseconds: Int64?

    /// Nothing queued.
    public static let empty = OutboxSummary(count: 0, amount: 0, oldestMilliseconds: nil)
}

extension Ledger {
    /// The most outbox entries read at once.
    public static let maxOutboxBatch = 500

    /// The oldest `limit` entries of the outbox, in origin order.
    public func outbox(limit: Int = Ledger.maxOutboxBatch) throws -> [QueuedEntry] {
        let limit = min(max(1, limit), Ledger.maxOutboxBatch)
        return try read { db in try Ledger.queuedEntries(limit: limit, in: db) }
    }

    /// How many entries wait, their sales' sum and the oldest's time.
    public func outboxSummary() throws -> OutboxSummary {
        try read { db in
            let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS amount, MIN(queued_at) AS oldest FROM outbox
                """))!
            let oldest: String? = row["oldest"]
            return OutboxSummary(count: row["n"], amount: row["amount"],
                                 oldestMilliseconds: oldest.flatMap { Ledger.milliseconds(timestamp: $0) })
        }
    }

    /// An entry the log refused on its streams was not appended (an identical retry would have
    /// been answered with it): from now on it is sent as offline, without stream checks. Stored
    /// first, so that a retry after a lost answer is again identical.
    /// A sale gets the offline mark (the client its receipt named), so that it is applied as the
    /// offline sale it has become.
    public func markQueuedOffline(originSeq: Int64) throws {
        try book { db in
            guard let text = try String.fetchOne(db, sql: "SELECT entry FROM outbox WHERE origin_seq = ?", arguments: [originSeq])
            else { return }
            var entry = try JSONDecoder().decode(JournalEntry.self, from: Data(text.utf8))
            if entry.kind == SaleCharge.kind {
                var command = try JSONDecoder().decode(SaleCharge.self, from: Data(entry.command.utf8))
                let receipt = try JSONDecoder().decode(ChargeResult.self, from: Data(entry.result.utf8))
                if command.offline == nil {
                    command.offline = OfflineCharge(clientNumber: receipt.clientNumber)
                    entry.command = try CanonicalJSON.encode(command)
                }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            try db.execute(sql: "UPDATE outbox SET offline = 1, reads = '[]', entry = ? WHERE origin_seq = ?",
                           arguments: [String(decoding: try encoder.encode(entry), as: UTF8.self), originSeq])
        }
    }

    static func queuedEntries(limit: Int, in db: Database) throws -> [QueuedEntry] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT entry, reads, writes, decided_at, offline FROM outbox ORDER BY origin_seq LIMIT ?
            """), arguments: [limit])
        let decoder = JSONDecoder()
        return try rows.map { row in
            QueuedEntry(entry: try decoder.decode(JournalEntry.self, from: Data((row["entry"] as String).utf8)),
                        reads: try decoder.decode([String].self, from: Data((row["reads"] as String).utf8)),
                        writes: try decoder.decode([String].self, from: Data((row["writes"] as String).utf8)),
                        decidedAt: row["decided_at"], offline: row["offline"])
        }
    }

    /// Re-executes the queued entries on the replica, in origin order, inside the caller's
    /// savepoint (which the caller rolls back): the overlay that offline decisions, and online
    /// ones while the outbox drains, are taken on. The same code and rules as applying them
    /// from the log; the replica itself is never written by them.
    ///
    /// With `reads`, only the entries that write one of those streams, or carry one of `keys`,
    /// and the newest entry (whose origin sequence the next one follows): a decision reads only
    /// the streams it declares (`StreamAuthorizerTests` holds every command to that), so the
    /// others cannot change it, and a sale does not pay for a queue of other residents' coffees.
    func replayOutbox(in db: Database, onlyWriting reads: Set<String>? = nil, keys: Set<String> = []) throws {
        let newest = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(origin_seq) FROM outbox")) ?? 0
        var after: Int64 = 0
        while true {
            // The entries' texts only for the ones replayed: they are the bulk of a row.
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT origin_seq, writes, idempotency_key FROM outbox WHERE origin_seq > ? ORDER BY origin_seq LIMIT ?
                """), arguments: [after, Ledger.maxOutboxBatch])
            guard let last = rows.last else { return }
            for row in rows {
                if let reads, (row["origin_seq"] as Int64) != newest,
                   !((row["idempotency_key"] as String?).map(keys.contains) ?? false) {
                    let writes = try JSONDecoder().decode([String].self, from: Data((row["writes"] as String).utf8))
                    guard writes.contains(where: reads.contains) else { continue }
                }
                let text = try String.fetchOne(db.cachedStatement(sql: "SELECT entry FROM outbox WHERE origin_seq = ?"),
                                               arguments: [row["origin_seq"] as Int64]) ?? ""
                let entry = try JSONDecoder().decode(JournalEntry.self, from: Data(text.utf8))
                guard let type = CommandRegistry.byKind[entry.kind], type.version == entry.version else {
                    throw LedgerError.replayRefused.with("outbox #\(entry.originSeq): no command \(entry.kind) version \(entry.version)")
                }
                _ = try replay(entry, as: type, in: db)
            }
            after = last["origin_seq"]
        }
    }

    /// Whether anything waits in the outbox.
    func outboxIsEmpty(in db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT NOT EXISTS (SELECT 1 FROM outbox)")) ?? true
    }

    /// Stores `decision` in the outbox (the caller's transaction).
    func queue(_ decision: Decision, offline: Bool, cardUID: String?, amount: Int64, in db: Database) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let entry = decision.entry
        let day = CalendarDay(containing: Date(timeIntervalSince1970: Double(entry.timeMilliseconds ?? 0) / 1000))
        try db.execute(sql: """
            INSERT INTO outbox (origin_seq, entry, reads, writes, decided_at, offline, card_uid, local_day, amount, queued_at,
                idempotency_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                entry.originSeq, String(decoding: try encoder.encode(entry), as: UTF8.self),
                String(decoding: try encoder.encode(offline ? [] : decision.reads), as: UTF8.self),
                String(decoding: try encoder.encode(decision.writes), as: UTF8.self),
                decision.decidedAt, offline, cardUID, day.description, amount, entry.createdAt, entry.idempotencyKey,
            ])
    }

    /// A decision whose append got no answer while the log went out of reach: it may be in the
    /// log. Queued exactly as it was sent, so the forwarder's identical retry finds it or
    /// appends it, once; its origin sequence stays taken meanwhile.
    func queueSent(_ decision: Decision) throws {
        try book { db in
            var cardUID: String?
            var amount: Int64 = 0
            if decision.entry.kind == SaleCharge.kind,
               let result = try? JSONDecoder().decode(ChargeResult.self, from: Data(decision.entry.result.utf8)) {
                cardUID = result.cardUID
                amount = result.total.minorUnits
            }
            try queue(decision, offline: false, cardUID: cardUID, amount: amount, in: db)
        }
    }
}

extension Ledger {
    /// Whether this node's identity is journaled here: it has been a node of the log before.
    public func hasJoined() throws -> Bool {
        try read { db in try Ledger.identityIsJournaled(nodeID, in: db) }
    }
}

extension Ledger {
    /// The nodes whose sales of `month` this ledger holds (their origins).
    public func origins(soldIn month: Month) throws -> Set<String> {
        try read { db in
            Set(try String.fetchAll(db.cachedStatement(sql: """
                SELECT DISTINCT origin FROM journal WHERE kind = ? AND created_at >= ? AND created_at < ?
                """), arguments: [SaleCharge.kind, Ledger.timestamp(month.start), Ledger.timestamp(month.next.start)]))
        }
    }
}
