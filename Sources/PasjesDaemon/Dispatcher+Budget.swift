import PasjesCore
import PasjesMoney
import PasjesProtocol

// Budget methods beyond allocation: reversing an allocation.
extension Dispatcher {
    static let budgetRoutes: [Route] = [
        Route(.budgetReverse, .admin, books: true, BudgetReverseParams.self) { d, p, peer, _ in
            try await d.budgetReverse(p, peer: peer)
        },
    ]

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
            flowBackReturned: result.flowBackReturned, reversalId: result.reversalID, balance: result.balance,
            reserve: result.reserve, light: result.light, at: result.reversedAt, replayed: result.replayed)
    }
}
