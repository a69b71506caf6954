import Foundation
import GRDB
import PasjesMoney

extension Ledger {
    /// The outbox's totals as the limits see them for a sale with `cardUID` on `day`.
    private func outboxTotals(cardUID: String?, day: CalendarDay, in db: Database) throws -> OutboxTotals {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT COALESCE(SUM(amount), 0) AS queued,
                   COALESCE(SUM(CASE WHEN card_uid = ? AND local_day = ? THEN amount ELSE 0 END), 0) AS card_day,
                   MIN(queued_at) AS oldest
            FROM outbox
            """), arguments: [cardUID, day.description])!
        let oldest: String? = row["oldest"]
        return OutboxTotals(queuedAmount: row["queued"], cardDayAmount: row["card_day"],
                            oldestMilliseconds: oldest.flatMap { Ledger.milliseconds(timestamp: $0) })
    }

    /// A sale decided while the organisation's log is out of reach: on the replica plus the
    /// outbox (the overlay), by the same rules, within the offline limits; queued in the outbox
    /// in the same transaction. The answer says `offline`.
    func chargeOffline(_ command: SaleCharge, limits: OfflineLimits) throws -> ChargeResult {
        try chargeOffline([command], limits: limits)[0].get()
    }

    /// Sales decided offline together, in order, on one overlay (the outbox is re-executed once
    /// for all of them): each is decided on what the ones before it left, and one refused (by
    /// the rules or a limit) leaves no trace for the next. Results in request order.
    public func chargeOffline(_ requests: [(request: ChargeRequest, operator: Operator, idempotencyKey: String)],
                              limits: OfflineLimits) throws -> [Result<ChargeResult, LedgerError>] {
        guard requests.count <= Ledger.maxOutboxBatch else {
            throw LedgerError.invalidInput.with("at most \(Ledger.maxOutboxBatch) offline sales at once")
        }
        var commands: [SaleCharge] = []
        var results: [Result<ChargeResult, LedgerError>?] = []
        for entry in requests {
            do {
                try validate(entry.request)
                commands.append(SaleCharge(request: try normalised(entry.request), operator: entry.operator,
                                           key: entry.idempotencyKey))
                results.append(nil)
            } catch let error as LedgerError {
                results.append(.failure(error))
            }
        }
        let decided = try chargeOffline(commands, limits: limits)
        var next = decided.makeIterator()
        return results.map { $0 ?? next.next()! }
    }

    func chargeOffline(_ commands: [SaleCharge], limits: OfflineLimits) throws -> [Result<ChargeResult, LedgerError>] {
        try book { db in
            let milliseconds = Ledger.milliseconds(clock())
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let day = CalendarDay(containing: date)
            let replicaHead = try JournalEntry.headLink(in: db)?.seq ?? 0
            var accepted: [(decision: Decision, cardUID: String?, amount: Int64)] = []
            var results: [Result<ChargeResult, LedgerError>] = []
            // What these sales read, on the replica: the queued entries that wrote none of it
            // cannot change their decisions.
            var reads: Set<String> = []
            for command in commands {
                var marked = command
                if let client = try SQLiteStore(ledger: self, db: db).payer(of: command.request).client {
                    marked.offline = OfflineCharge(clientNumber: client.number)
                }
                reads.formUnion(try marked.streams(in: db, at: date).reads.map(\.rawValue))
            }
            try db.inSavepoint {
                try replayOutbox(in: db, onlyWriting: reads, keys: Set(commands.map(\.key)))
                for command in commands {
                    do {
                        var answer: ChargeResult?
                        try db.inSavepoint {
                            answer = try decideOffline(command, at: milliseconds, replicaHead: replicaHead, day: day,
                                                       limits: limits, accepted: &accepted, in: db)
                            return .commit
                        }
                        results.append(.success(answer!))
                    } catch let error as LedgerError {
                        results.append(.failure(error))
                    }
                }
                return .rollback
            }
            for sale in accepted {
                try queue(sale.decision, offline: true, cardUID: sale.cardUID, amount: sale.amount, in: db)
            }
            return results
        }
    }

    /// One offline decision on the overlay (the caller's savepoint keeps it for the next one).
    private func decideOffline(_ command: SaleCharge, at milliseconds: Int64, replicaHead: Int64, day: CalendarDay,
                               limits: OfflineLimits, accepted: inout [(decision: Decision, cardUID: String?, amount: Int64)],
                               in db: Database) throws -> ChargeResult {
        // The entry names the client it was decided for: a card linked to someone else before
        // it reaches the log still charges this client.
        var marked = command
        if let client = try SQLiteStore(ledger: self, db: db).payer(of: command.request).client {
            marked.offline = OfflineCharge(clientNumber: client.number)
        }
        let streams = try marked.streams(in: db, at: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        let (result, journaled) = try executeJournaling(marked, in: db, replaying: nil, at: milliseconds)
        guard let journaled else {
            // A retry of a sale already queued (or booked): its first answer.
            var answer = result
            answer.offline = true
            return answer
        }
        var receipt = try JSONDecoder().decode(ChargeResult.self, from: Data(journaled.result.utf8))
        let amount = receipt.total.minorUnits
        var totals = try outboxTotals(cardUID: receipt.cardUID, day: day, in: db)
        for earlier in accepted {
            totals.queuedAmount += earlier.amount
            if earlier.cardUID != nil, earlier.cardUID == receipt.cardUID { totals.cardDayAmount += earlier.amount }
            totals.oldestMilliseconds = totals.oldestMilliseconds ?? milliseconds
        }
        try OfflineLimitDecision.check(amount: amount, totals: totals, limits: limits, nowMilliseconds: milliseconds, unit: unit)
        accepted.append((Decision(entry: journaled, decidedAt: replicaHead, reads: [],
                                  writes: streams.writes.map(\.rawValue).sorted()), receipt.cardUID, amount))
        receipt.offline = true
        return receipt
    }
}
