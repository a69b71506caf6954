import GRDB
import PasjesMoney

/// A sale as recorded: who charged what, where, when, for which card.
public struct Sale: Codable, Hashable, Sendable {
    public var id: String
    public var counterID: String
    public var clientNumber: String
    public var clientName: String
    public var cardUID: String?
    public var operatorUID: UInt32
    public var operatorName: String
    public var total: Amount
    public var fromWallet: Amount
    public var fromOwn: Amount
    public var createdAt: String
    public var reversed: Bool
}

/// The outcome of undoing a sale.
public struct ReversalResult: Codable, Hashable, Sendable {
    public var saleID: String
    /// The first reversing transfer (one per transfer of the sale).
    public var reversalID: String
    public var clientNumber: String
    public var refundedToWallet: Amount
    public var refundedToOwn: Amount
    public var balance: Amount
    public var light: TrafficLight
    public var reversedAt: String
    public var replayed: Bool
}

extension Ledger {
    /// Undoes a sale with reversing transfers (own-contribution part included), at most once.
    /// The booking of an activity the sale paid for is released with it.
    public func reverse(saleID: String, operator who: Operator, reason: String? = nil,
                        idempotencyKey: String) throws -> ReversalResult {
        if let reason { try Ledger.validate(text: reason, field: "reason", maxLength: 200) }
        return try execute(SaleReverse(saleID: saleID, operator: who, reason: reason, key: idempotencyKey,
                                       releasesBooking: true))
    }

    func bookReversal(_ command: SaleReverse, in db: Database) throws -> ReversalResult {
        struct Request: Encodable { var saleID: String }
        let (result, replayed) = try once(key: command.key, operation: "sale.reverse",
                                          request: Request(saleID: command.saleID), in: db) {
            try bookReversal(command, db: db)
        }
        var answer = result
        answer.replayed = replayed
        return answer
    }

    /// One sale by id.
    public func sale(id: String) throws -> Sale {
        try read { db in try fetchSale(id: id, in: db) }
    }

    /// The newest sale at a counter, reversed or not.
    public func lastSale(counterID: String) throws -> Sale? {
        try read { db in
            guard let id = try String.fetchOne(db.cachedStatement(sql: """
                SELECT id FROM sales WHERE counter_id = ? ORDER BY created_at DESC, id DESC LIMIT 1
                """), arguments: [counterID]) else { return nil }
            return try fetchSale(id: id, in: db)
        }
    }

    /// Reads the facts, decides by the rules (a pure function), books the effects.
    private func bookReversal(_ command: SaleReverse, db: Database) throws -> ReversalResult {
        let store = SQLiteStore(ledger: self, db: db)
        let now = nowText()
        let facts = try store.reversalFacts(saleID: command.saleID, month: Month(containing: now.0))
        let ids = facts.transfers.map { _ in newID() }
        let effects = try ReversalDecision.decide(command, facts: facts, ids: ids, at: now)
        try store.apply(effects, operator: command.operator)
        // Reversed, an offline sale's risk is undone with it (its transfer is mirrored too).
        try db.cachedStatement(sql: """
            UPDATE sale_risks SET settled_at = ?, settled_by = ?, settlement = 'reversal' WHERE sale_id = ? AND settled_at IS NULL
            """).execute(arguments: [now.1, command.operator.name, command.saleID])
        if command.releasesBooking == true { try releaseBooking(paidBy: command.saleID, operator: command.operator, store: store) }
        return effects.result
    }

    func fetchSale(id: String, in db: Database) throws -> Sale {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT s.id, s.counter_id, c.number, c.name, s.card_uid, s.operator_uid, s.operator_name,
                   s.total, s.from_wallet, s.from_own, s.created_at,
                   EXISTS (SELECT 1 FROM sale_reversals r WHERE r.sale_id = s.id) AS reversed
            FROM sales s JOIN clients c ON c.id = s.client_id WHERE s.id = ?
            """), arguments: [id]) else {
            throw LedgerError.saleUnknown.with(id)
        }
        return Sale(
            id: try row.decode(forColumn: "id"), counterID: try row.decode(forColumn: "counter_id"),
            clientNumber: try row.decode(forColumn: "number"), clientName: try row.decode(forColumn: "name"),
            cardUID: try row.decode(forColumn: "card_uid"),
            operatorUID: UInt32(truncatingIfNeeded: try row.decode(Int64.self, forColumn: "operator_uid")),
            operatorName: try row.decode(forColumn: "operator_name"),
            total: Amount(try row.decode(Int64.self, forColumn: "total")), fromWallet: Amount(try row.decode(Int64.self, forColumn: "from_wallet")),
            fromOwn: Amount(try row.decode(Int64.self, forColumn: "from_own")),
            createdAt: try row.decode(forColumn: "created_at"), reversed: try row.decode(forColumn: "reversed"))
    }
}
