import Foundation
import GRDB
import PasjesMoney

extension Ledger {
    /// A sale of this node still in its outbox (sold offline, not yet in the log), as its
    /// receipt says; nil when none is.
    public func queuedSale(id: String) throws -> ChargeResult? {
        try read { db in
            let texts = try String.fetchAll(db.cachedStatement(sql: """
                SELECT entry FROM outbox WHERE json_extract(entry, '$.kind') = ? ORDER BY origin_seq
                """), arguments: [SaleCharge.kind])
            for text in texts {
                let entry = try JSONDecoder().decode(JournalEntry.self, from: Data(text.utf8))
                let receipt = try JSONDecoder().decode(ChargeResult.self, from: Data(entry.result.utf8))
                if receipt.saleID == id { return receipt }
            }
            return nil
        }
    }

    /// The reversal of one of this node's own offline sales, while the log is out of reach:
    /// decided on replica + outbox and queued behind the sale. A sale that is in the replica
    /// is the log's, and its reversal waits for the log (`central_unavailable`).
    func reverseOffline(_ command: SaleReverse) throws -> ReversalResult {
        try book { db in
            guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM sales WHERE id = ?"), arguments: [command.saleID]) != true
            else {
                throw LedgerError.centralUnavailable.with("offline only this location's own offline sales can be reversed")
            }
            let milliseconds = Ledger.milliseconds(clock())
            let replicaHead = try JournalEntry.headLink(in: db)?.seq ?? 0
            var answer: ReversalResult?
            var decision: Decision?
            try db.inSavepoint {
                try replayOutbox(in: db)
                let streams = try command.streams(in: db, at: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
                let (result, journaled) = try executeJournaling(command, in: db, replaying: nil, at: milliseconds)
                answer = result
                decision = journaled.map {
                    Decision(entry: $0, decidedAt: replicaHead, reads: [], writes: streams.writes.map(\.rawValue).sorted())
                }
                return .rollback
            }
            // A reversal adds nothing to what the organisation risks: no amount against the limits.
            if let decision { try queue(decision, offline: true, cardUID: nil, amount: 0, in: db) }
            guard let answer else { throw LedgerError.databaseError.with("an offline reversal left no answer") }
            return answer
        }
    }
}
