import Foundation
import PasjesCore
import PasjesProtocol

// A month's allocation for every client at once.
extension Dispatcher {
    /// `budget.allocateAll`.
    static let allocateAllRoutes: [Route] = [
        Route(.budgetAllocateAll, .admin, books: true, slow: true, BudgetAllocateAllParams.self) { d, p, peer, _ in
            try await d.budgetAllocateAll(p, peer: peer)
        },
    ]

    func budgetAllocateAll(_ p: BudgetAllocateAllParams, peer: Peer) async throws -> AllocateAllInfo {
        guard let month = Month(p.month) else { throw RPCError(LedgerError.invalidMonth) }
        let result = try await blocking {
            try ledger.allocateAll(month: month, operator: peer.operatorRecord, dryRun: p.dryRun ?? false,
                                   idempotencyKey: p.idempotencyKey)
        }
        if !result.dryRun, result.allocated > 0 {
            logger.notice("allocations booked for everyone", metadata: [
                "uid": "\(peer.uid)", "month": "\(month)", "count": "\(result.allocated)",
                "total": "\(result.total.minorUnits)",
            ])
        }
        return AllocateAllInfo(
            month: month.description, unit: ledger.unit, allocated: result.allocated, total: result.total,
            skipped: result.skipped.map {
                AllocationSkipInfo(reason: $0.reason, message: $0.message, count: $0.count, examples: $0.examples)
            }, dryRun: result.dryRun)
    }
}
