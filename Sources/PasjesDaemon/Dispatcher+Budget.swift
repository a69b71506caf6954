import PasjesCore
import PasjesProtocol

// Budget methods beyond allocation: reversing an allocation.
extension Dispatcher {
    func budgetReverse(_ p: BudgetReverseParams, peer: Peer) async throws -> AllocationInfo {
        throw RPCError.unavailable("budget.reverse is not built yet")
    }
}
