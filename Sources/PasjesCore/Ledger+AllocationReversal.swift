import Foundation
import GRDB
import PasjesMoney

/// The outcome of taking an allocation back.
public struct AllocationReversalResult: Codable, Hashable, Sendable {
    public var clientNumber: String
    public var month: Month
    /// The allocation that was taken back.
    public var amount: Amount
    /// Last month's leftover that had flowed back at this allocation and is back in the wallet.
    public var flowBackReturned: Amount
    /// The reversing transfer of the allocation itself (it names the original).
    public var reversalID: String
    /// The allocation's solidarity contribution that went back out of the buffer. Nil in
    /// results stored before reversals took it back.
    public var solidarityReturned: Amount?
    public var balance: Amount
    public var reserve: Amount
    public var light: TrafficLight
    public var reversedAt: String
    public var replayed: Bool
}

extension Ledger {
    /// Takes back a client's allocation for `month` with reversing transfers, when nothing of
    /// it was spent; afterwards that month can be allocated again.
    ///
    /// Only the latest allocation of the client can go (a later month's flow-back was computed
    /// on top of it). An announced allocation simply goes back; one that landed also returns the
    /// leftover that flowed back when it landed, so the wallet is as before the allocation.
    /// Refused with `allocation_spent` when the wallet paid anything after the money landed
    /// that was not reversed.
    public func reverseAllocation(clientNumber: String, month: Month, reason: String, operator who: Operator,
                                  idempotencyKey: String) throws -> AllocationReversalResult {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw LedgerError.allocationReasonRequired.with("budget.reverse") }
        try Ledger.validate(text: reason, field: "reason", maxLength: 200)
        return try execute(BudgetReverse(clientNumber: clientNumber, month: month, reason: reason, operator: who,
                                         key: idempotencyKey, returnsSolidarity: true))
    }

    func bookAllocationReversal(_ command: BudgetReverse, in db: Database) throws -> AllocationReversalResult {
        struct Request: Encodable { var clientNumber: String; var month: Month }
        let request = Request(clientNumber: command.clientNumber, month: command.month)
        let (result, replayed) = try once(key: command.key, operation: "budget.reverse", request: request, in: db) {
            try bookAllocationReversal(clientNumber: command.clientNumber, month: command.month,
                                       reason: command.reason, who: command.operator,
                                       returnsSolidarity: command.returnsSolidarity == true, db: db)
        }
        var answer = result
        answer.replayed = replayed
        return answer
    }

    private func bookAllocationReversal(clientNumber: String, month: Month, reason: String, who: Operator,
                                        returnsSolidarity: Bool, db: Database) throws -> AllocationReversalResult {
        let now = nowText()
        let current = Month(containing: now.0)
        let client = try fetchClientRow(number: clientNumber, in: db)
        try landDueAllocations(client: client, at: now, in: db)
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT amount, transfer_id, landed_transfer_id FROM allocations WHERE client_id = ? AND month = ?
            """), arguments: [client.id, month.description]) else {
            throw LedgerError.allocationUnknown.with("\(clientNumber) \(month)")
        }
        if let latest = try String.fetchOne(db.cachedStatement(sql: "SELECT MAX(month) FROM allocations WHERE client_id = ?"),
                                            arguments: [client.id]).flatMap(Month.init), latest > month {
            throw LedgerError.allocationNotLatest(month, latest: latest)
        }
        let amount = Amount(try row.decode(Int64.self, forColumn: "amount"))
        let originalID: String = try row.decode(forColumn: "transfer_id")
        let landedID: String? = try row.decode(forColumn: "landed_transfer_id")
        var flowBackReturned = Amount.zero
        var reversalID: String
        // Checked before anything moves: a buffer that granted the contribution away refuses the whole reversal.
        let contribution = returnsSolidarity
            ? try solidarityContribution(of: originalID, clientNumber: clientNumber, month: month, in: db) : nil

        if let landedID {
            try refuseIfSpent(client: client, since: landedID, in: db)
            // The flow-back first: money goes into the wallet before the allocation leaves it,
            // so the wallet is never below zero, not even between two transfers.
            if let flowBack = try TransferFields.fetchOne(db.cachedStatement(sql: """
                SELECT \(TransferFields.columns) FROM transfers t
                WHERE kind = 'flow_back' AND debit_account_id = ? AND month = ?
                  AND NOT EXISTS (SELECT 1 FROM transfers r WHERE r.reverses_id = t.id)
                """), arguments: [client.walletAccountID, month.description]) {
                try appendReversal(of: flowBack, reason: reason, who: who, month: current, in: db, at: now)
                flowBackReturned = Amount(flowBack.amount)
            }
            let balance = try accountBalance(client.walletAccountID, in: db)
            guard balance.minorUnits >= amount.minorUnits else {
                throw LedgerError.allocationSpent.with("wallet \(balance.minorUnits) < allocation \(amount.minorUnits)")
            }
            reversalID = try appendReversal(of: fetchTransfer(landedID, in: db), reason: reason, who: who, month: current,
                                            in: db, at: now)
            if landedID != originalID {
                // Landed from `announced`: take it back there, then back to funding.
                reversalID = try appendReversal(of: fetchTransfer(originalID, in: db), reason: reason, who: who,
                                                month: current, in: db, at: now)
            }
        } else {
            reversalID = try appendReversal(of: fetchTransfer(originalID, in: db), reason: reason, who: who,
                                            month: current, in: db, at: now)
        }
        if let contribution {
            try appendReversal(of: contribution, reason: reason, who: who, month: current, in: db, at: now)
        }
        try db.execute(sql: """
            INSERT INTO allocation_reversals (client_id, month, amount, transfer_id, reversal_transfer_id,
                operator_uid, operator_name, reason, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [client.id, month.description, amount.minorUnits, originalID, reversalID,
                             Int64(who.uid), who.name, reason, now.1])
        try db.execute(sql: "DELETE FROM allocations WHERE client_id = ? AND month = ?",
                       arguments: [client.id, month.description])
        let wallet = try walletSummary(client: client, month: current, in: db)
        // `allocation_spent` was checked on the transfers; a cached balance edited behind our back
        // could still disagree, and that is a refusal (the transaction rolls back), not a trap.
        guard wallet.balance.minorUnits >= 0 else {
            throw LedgerError.inconsistent("het saldo van cliënt \(clientNumber) zou negatief worden", table: "accounts",
                                           key: "code wallet:\(clientNumber), balance \(wallet.balance.minorUnits)")
        }
        return AllocationReversalResult(
            clientNumber: clientNumber, month: month, amount: amount, flowBackReturned: flowBackReturned,
            reversalID: reversalID, solidarityReturned: returnsSolidarity ? Amount(contribution?.amount ?? 0) : nil,
            balance: wallet.balance, reserve: wallet.reserve, light: wallet.light,
            reversedAt: now.1, replayed: false)
    }

    /// `allocation_spent` when the wallet paid for a sale after `transferID` landed and that
    /// sale was not reversed.
    ///
    /// Why "after it landed" and not "from this allocation": money in a wallet has no colour,
    /// so the only safe answer to "was any of it spent?" is whether anything was spent since.
    private func refuseIfSpent(client: ClientRow, since transferID: String, in db: Database) throws {
        let spent = try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT COUNT(*) FROM transfers t
            WHERE t.debit_account_id = ? AND t.kind = 'charge'
              AND t.seq > (SELECT seq FROM transfers WHERE id = ?)
              AND NOT EXISTS (SELECT 1 FROM transfers r WHERE r.reverses_id = t.id)
            """), arguments: [client.walletAccountID, transferID]) ?? 0
        if spent > 0 { throw LedgerError.allocationSpent.with("\(spent) charge(s) since \(transferID)") }
    }

    func fetchTransfer(_ id: String, in db: Database) throws -> TransferFields {
        guard let transfer = try TransferFields.fetchOne(db.cachedStatement(sql: """
            SELECT \(TransferFields.columns) FROM transfers WHERE id = ?
            """), arguments: [id]) else {
            throw LedgerError.inconsistent("boeking \(id) ontbreekt", table: "transfers", key: "id \(id)")
        }
        return transfer
    }

    @discardableResult
    func appendReversal(of original: TransferFields, reason: String, who: Operator, month: Month,
                                in db: Database, at now: (Date, String)) throws -> String {
        try append(NewTransfer(
            debitAccountID: original.credit, creditAccountID: original.debit, amount: Amount(original.amount),
            kind: .reversal, reversesID: original.id, month: month, operatorUID: who.uid, operatorName: who.name,
            memo: "terugdraaien \(original.memo): \(reason)".prefix(500).description), in: db, at: now)
    }
}
