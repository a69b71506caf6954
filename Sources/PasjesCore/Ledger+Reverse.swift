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
    public func reverse(saleID: String, operator who: Operator, reason: String? = nil,
                        idempotencyKey: String) throws -> ReversalResult {
        if let reason { try Ledger.validate(text: reason, field: "reason", maxLength: 200) }
        return try execute(SaleReverse(saleID: saleID, operator: who, reason: reason, key: idempotencyKey))
    }

    func bookReversal(_ command: SaleReverse, in db: Database) throws -> ReversalResult {
        struct Request: Encodable { var saleID: String }
        let (result, replayed) = try once(key: command.key, operation: "sale.reverse",
                                          request: Request(saleID: command.saleID), in: db) {
            try bookReversal(saleID: command.saleID, who: command.operator, reason: command.reason, db: db)
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

    private func bookReversal(saleID: String, who: Operator, reason: String?, db: Database) throws -> ReversalResult {
        let sale = try fetchSale(id: saleID, in: db)
        guard !sale.reversed else { throw LedgerError.alreadyReversed.with(saleID) }
        let now = nowText()
        let month = Month(containing: now.0)
        try db.execute(sql: """
            INSERT INTO sale_reversals (sale_id, operator_uid, operator_name, reason, created_at) VALUES (?, ?, ?, ?, ?)
            """, arguments: [saleID, Int64(who.uid), who.name, reason, now.1])
        let originals = try TransferFields.fetchAll(db.cachedStatement(sql: """
            SELECT \(TransferFields.columns) FROM transfers WHERE sale_id = ? AND kind IN ('charge', 'charge_own')
            ORDER BY seq
            """), arguments: [saleID])
        var reversalIDs: [String] = []
        for original in originals {
            reversalIDs.append(try append(NewTransfer(
                debitAccountID: original.credit, creditAccountID: original.debit, amount: Amount(original.amount),
                kind: .reversal, saleID: saleID, reversesID: original.id, month: month, operatorUID: who.uid,
                operatorName: who.name, counterID: original.counterID, cardUID: original.cardUID,
                memo: "terugdraaien: \(reason ?? original.memo)".prefix(500).description), in: db, at: now))
        }
        precondition(!reversalIDs.isEmpty, "a sale has at least one transfer")
        let client = try fetchClientRow(number: sale.clientNumber, in: db)
        let wallet = try walletSummary(client: client, month: month, in: db)
        return ReversalResult(
            saleID: saleID, reversalID: reversalIDs[0], clientNumber: sale.clientNumber, refundedToWallet: sale.fromWallet,
            refundedToOwn: sale.fromOwn, balance: wallet.balance, light: wallet.light, reversedAt: now.1,
            replayed: false)
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
            id: row["id"], counterID: row["counter_id"], clientNumber: row["number"], clientName: row["name"],
            cardUID: row["card_uid"], operatorUID: UInt32(truncatingIfNeeded: row["operator_uid"] as Int64),
            operatorName: row["operator_name"], total: Amount(row["total"]), fromWallet: Amount(row["from_wallet"]),
            fromOwn: Amount(row["from_own"]), createdAt: row["created_at"], reversed: row["reversed"])
    }
}
