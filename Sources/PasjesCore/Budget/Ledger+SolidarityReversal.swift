import Foundation
import GRDB
import PasjesMoney

/// The answer to `budget.grantReverse`.
public struct GrantReversalResult: Codable, Hashable, Sendable {
    public var clientNumber: String
    /// The grant that was taken back.
    public var amount: Amount
    public var reason: String
    /// The reversing transfer (it names the grant).
    public var reversalID: String
    public var balance: Amount
    public var light: TrafficLight
    /// What is in the solidarity buffer again.
    public var solidarityBalance: Amount
    public var replayed: Bool
}

/// `budget.grantReverse`: a solidarity grant goes back from the wallet into the buffer.
struct BudgetGrantReverse: LedgerCommand {
    static let kind = "budget.grantReverse"
    var transferID: String
    var reason: String
    var `operator`: Operator
    var key: String

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> GrantReversalResult {
        try ledger.bookGrantReversal(self, in: db)
    }
}

extension Ledger {
    /// Takes a solidarity grant back into the buffer with a reversing transfer, with a reason.
    /// Refused when the wallet no longer holds the grant (`insufficient_funds`): what was spent
    /// from it stays spent.
    public func reverseGrant(transferID: String, reason: String, operator who: Operator,
                             idempotencyKey: String) throws -> GrantReversalResult {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw LedgerError.allocationReasonRequired.with("budget.grantReverse") }
        try Ledger.validate(text: reason, field: "reason", maxLength: 200)
        return try execute(BudgetGrantReverse(transferID: transferID, reason: reason, operator: who, key: idempotencyKey))
    }

    func bookGrantReversal(_ command: BudgetGrantReverse, in db: Database) throws -> GrantReversalResult {
        struct Request: Encodable { var transferID: String }
        let (result, replayed) = try once(key: command.key, operation: "budget.grantReverse",
                                          request: Request(transferID: command.transferID), in: db) {
            guard let grant = try TransferFields.fetchOne(db.cachedStatement(sql: """
                SELECT \(TransferFields.columns) FROM transfers WHERE id = ? AND kind = 'solidarity_grant'
                """), arguments: [command.transferID]) else {
                throw LedgerError.grantUnknown(command.transferID)
            }
            if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM transfers WHERE reverses_id = ?"),
                                 arguments: [grant.id]) == true {
                throw LedgerError.grantAlreadyReversed(grant.id)
            }
            guard let clientID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT client_id FROM accounts WHERE id = ?"),
                                                    arguments: [grant.credit]) else {
                throw LedgerError.databaseError.with("grant \(grant.id) into no wallet")
            }
            let client = try fetchClientRow(id: clientID, in: db)
            let now = nowText()
            let balance = try accountBalance(grant.credit, in: db)
            guard balance.minorUnits >= grant.amount else {
                throw LedgerError.grantSpent(client.number, balance: balance, grant: Amount(grant.amount), unit: unit)
            }
            let reversalID = try appendReversal(of: grant, reason: command.reason, who: command.operator,
                                                month: Month(containing: now.0), in: db, at: now)
            let wallet = try walletSummary(client: client, month: Month(containing: now.0), in: db)
            return GrantReversalResult(
                clientNumber: client.number, amount: Amount(grant.amount), reason: command.reason, reversalID: reversalID,
                balance: wallet.balance, light: wallet.light,
                solidarityBalance: try accountBalance(solidarityAccountID(in: db), in: db), replayed: false)
        }
        var answer = result
        answer.replayed = replayed
        return answer
    }

    /// The not yet reversed solidarity contribution booked with allocation `allocationID`, or nil
    /// when it paid none; `solidarity_insufficient` when the buffer no longer holds it.
    func solidarityContribution(of allocationID: String, clientNumber: String, month: Month,
                                in db: Database) throws -> TransferFields? {
        // The contribution is booked by the same command right after the allocation, with this memo.
        guard let contribution = try TransferFields.fetchOne(db.cachedStatement(sql: """
            SELECT \(TransferFields.columns) FROM transfers t
            WHERE kind = 'solidarity_contribution' AND month = ? AND memo = ?
              AND seq > (SELECT seq FROM transfers WHERE id = ?)
              AND NOT EXISTS (SELECT 1 FROM transfers r WHERE r.reverses_id = t.id)
            ORDER BY seq LIMIT 1
            """), arguments: [month.description, Ledger.contributionMemo(month: month, clientNumber: clientNumber),
                              allocationID]) else { return nil }
        let buffer = try accountBalance(contribution.credit, in: db)
        guard buffer.minorUnits >= contribution.amount else {
            throw LedgerError.solidarityCannotReturn(Amount(contribution.amount), buffer: buffer, unit: unit)
        }
        return contribution
    }

    /// The memo of an allocation's contribution: how its reversal finds it again.
    static func contributionMemo(month: Month, clientNumber: String) -> String {
        "solidariteitsbijdrage budget \(month) van \(clientNumber)"
    }
}
