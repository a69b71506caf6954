import PasjesCore
import PasjesMoney
import PasjesProtocol

// Budget methods beyond allocation: reversing an allocation or a solidarity grant.
extension Dispatcher {
    static let budgetRoutes: [Route] = [
        Route(.budgetReverse, .admin, books: true, BudgetReverseParams.self) { d, p, peer, _ in
            try await d.budgetReverse(p, peer: peer)
        },
        Route(.budgetGrantReverse, .admin, books: true, BudgetGrantReverseParams.self) { d, p, peer, _ in
            try await d.budgetGrantReverse(p, peer: peer)
        },
    ]

    /// `budget.grantReverse`: a solidarity grant back into the buffer (admins only, with a reason).
    func budgetGrantReverse(_ p: BudgetGrantReverseParams, peer: Peer) async throws -> BudgetGrantReverseResult {
        let result = try await blocking {
            try ledger.reverseGrant(transferID: p.transferId, reason: p.reason, operator: peer.operatorRecord,
                                    idempotencyKey: p.idempotencyKey)
        }
        if !result.replayed {
            logger.notice("solidarity grant reversed", metadata: [
                "uid": "\(peer.uid)", "client": "\(result.clientNumber)", "amount": "\(result.amount.minorUnits)",
                "reason": "\(result.reason)", "buffer": "\(result.solidarityBalance.minorUnits)",
            ])
        }
        return BudgetGrantReverseResult(
            unit: ledger.unit, clientNumber: result.clientNumber, amount: result.amount, reason: result.reason,
            reversalId: result.reversalID, balance: result.balance, light: result.light,
            solidarityBalance: result.solidarityBalance, replayed: result.replayed)
    }

    /// `budget.reverse`: takes back an allocation nothing was spent from (admins only, with a reason).
    func budgetReverse(_ p: BudgetReverseParams, peer: Peer) async throws -> BudgetReverseResult {
        guard let month = Month(p.month) else { throw RPCError(LedgerError.invalidMonth) }
        let result = try await blocking {
            try ledger.reverseAllocation(clientNumber: p.clientNumber, month: month, reason: p.reason,
                                         operator: peer.operatorRecord, idempotencyKey: p.idempotencyKey)
        }
        if !result.replayed {
            // Money went back to funding: the log says who and why, as for a sale reversal.
            logger.notice("allocation reversed", metadata: [
                "uid": "\(peer.uid)", "client": "\(result.clientNumber)", "month": "\(result.month)",
                "amount": "\(result.amount.minorUnits)", "reason": "\(p.reason)",
            ])
        }
        return BudgetReverseResult(
            clientNumber: result.clientNumber, month: result.month.description, unit: ledger.unit, amount: result.amount,
            flowBackReturned: result.flowBackReturned, reversalId: result.reversalID,
            solidarityReturned: result.solidarityReturned, balance: result.balance,
            reserve: result.reserve, light: result.light, at: result.reversedAt, replayed: result.replayed)
    }
}
