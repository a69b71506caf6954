import Foundation
import GRDB
import PasjesMoney

/// An offline sale paid (partly) by the organisation's `offline:risk` when it was applied.
public struct OfflineRisk: Codable, Hashable, Sendable {
    public var saleID: String
    public var clientNumber: String
    public var counterID: String
    /// When the sale was made (ISO 8601, UTC) and the month it was booked in (later than the
    /// sale's own when that month was closed before the sale reached the log).
    public var createdAt: String
    public var month: String
    public var total: Amount
    public var amount: Amount
    /// `short_wallet`, `card_blocked`, `client_not_active` or `limit`.
    public var reason: String
    /// The node that sold it offline.
    public var origin: String
    /// nil while open; else `wallet`, `organisation` or `reversal`.
    public var settlement: String?
    public var settledAt: String?
}

/// How an administrator settles an offline risk.
public enum RiskSettlement: String, Codable, Sendable {
    /// The resident's wallet pays it now (the rules of a charge: never below zero).
    case wallet
    /// The organisation bears it (from its funding account).
    case organisation
}

/// What settling did.
public struct RiskSettled: Codable, Hashable, Sendable {
    public var saleID: String
    public var amount: Amount
    public var settlement: String
    public var balance: Amount
    public var replayed: Bool
}

/// `sale.settleRisk`: an offline sale's risk part paid by the wallet or borne by the organisation.
struct SaleSettleRisk: LedgerCommand {
    static let kind = "sale.settleRisk"
    var saleID: String
    var settlement: RiskSettlement
    var `operator`: Operator
    var key: String

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> RiskSettled {
        struct Request: Encodable { var saleID: String; var settlement: RiskSettlement }
        let (result, replayed) = try ledger.once(key: key, operation: Self.kind,
                                                 request: Request(saleID: saleID, settlement: settlement), in: db) {
            try ledger.settleRisk(self, in: db)
        }
        var answer = result
        answer.replayed = replayed
        return answer
    }

    /// Writes the sale's client and appends to the month the settlement is booked into.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        let month = Month(containing: time)
        var streams = CommandStreams(reads: [.monthStatus(month), .policy], appends: [.month(month)])
        if let number = try StreamLookup.clientNumber(ofSale: saleID, in: db) {
            streams.merge(try .booking(client: number, month: month, at: time, in: db))
        }
        return streams
    }
}

extension LedgerError {
    /// `risk_settled`: the sale's offline risk was settled already.
    static let riskSettled = LedgerError(code: "risk_settled", message: "Dit offline-risico is al afgehandeld.")
    /// `no_risk`: the sale has no offline risk.
    static let noRisk = LedgerError(code: "no_risk", message: "Deze verkoop heeft geen offline-risico.")
}

extension Ledger {
    /// Settles an offline sale's risk: `wallet` moves it from the resident's wallet (refused
    /// when the wallet is short), `organisation` from the organisation's funding.
    public func settleRisk(saleID: String, settlement: RiskSettlement, operator who: Operator,
                           idempotencyKey: String) throws -> RiskSettled {
        try Ledger.validate(text: saleID, field: "sale", maxLength: 64)
        return try execute(SaleSettleRisk(saleID: saleID, settlement: settlement, operator: who, key: idempotencyKey))
    }

    /// Every offline risk, open ones first, newest first; at most `limit`.
    public func offlineRisks(month: Month? = nil, limit: Int = 1_000) throws -> [OfflineRisk] {
        try read { db in
            var sql = """
                SELECT r.sale_id, c.number, s.counter_id, s.created_at, s.month, s.total, r.amount, r.reason, r.origin,
                       r.settlement, r.settled_at
                FROM sale_risks r JOIN sales s ON s.id = r.sale_id JOIN clients c ON c.id = s.client_id
                """
            var arguments: StatementArguments = []
            if let month {
                sql += " WHERE s.month = ?"
                arguments += [month.description]
            }
            sql += " ORDER BY r.settled_at IS NOT NULL, s.created_at DESC, r.sale_id LIMIT ?"
            arguments += [min(max(1, limit), 10_000)]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                OfflineRisk(saleID: row[0], clientNumber: row[1], counterID: row[2], createdAt: row[3], month: row[4],
                            total: Amount(row[5] as Int64), amount: Amount(row[6] as Int64), reason: row[7], origin: row[8],
                            settlement: row[9], settledAt: row[10])
            }
        }
    }

    func settleRisk(_ command: SaleSettleRisk, in db: Database) throws -> RiskSettled {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT r.amount, r.settled_at, c.number FROM sale_risks r JOIN sales s ON s.id = r.sale_id
            JOIN clients c ON c.id = s.client_id WHERE r.sale_id = ?
            """), arguments: [command.saleID]) else {
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM sales WHERE id = ?", arguments: [command.saleID]) == true {
                throw LedgerError.noRisk.with(command.saleID)
            }
            throw LedgerError.saleUnknown.with(command.saleID)
        }
        guard (row[1] as String?) == nil else { throw LedgerError.riskSettled.with(command.saleID) }
        let amount = Amount(row[0] as Int64)
        let number: String = row[2]
        let client = try fetchClientRow(number: number, in: db)
        let now = nowText()
        let month = Month(containing: now.0)
        let debit: Int64
        switch command.settlement {
        case .wallet:
            let balance = try accountBalance(client.walletAccountID, in: db)
            guard balance.minorUnits >= amount.minorUnits else {
                throw LedgerError.insufficientFunds.with("risk \(amount.minorUnits) > wallet \(balance.minorUnits)")
            }
            debit = client.walletAccountID
        case .organisation:
            debit = try accountID(code: "funding", in: db)
        }
        let who = command.operator
        try append(NewTransfer(
            debitAccountID: debit, creditAccountID: try accountID(code: ChargeDecision.offlineRiskAccount, in: db),
            amount: amount, kind: .charge, saleID: nil, month: month, operatorUID: who.uid, operatorName: who.name,
            counterID: nil, cardUID: nil, memo: "offline-risico van verkoop \(command.saleID) afgehandeld (\(command.settlement.rawValue))"),
            in: db, at: now)
        try db.execute(sql: "UPDATE sale_risks SET settled_at = ?, settled_by = ?, settlement = ? WHERE sale_id = ?",
                       arguments: [now.1, who.name, command.settlement.rawValue, command.saleID])
        return RiskSettled(saleID: command.saleID, amount: amount, settlement: command.settlement.rawValue,
                           balance: try accountBalance(client.walletAccountID, in: db), replayed: false)
    }
}
