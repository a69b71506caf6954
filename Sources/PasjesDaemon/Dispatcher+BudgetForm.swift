import PasjesCore
import PasjesProtocol

// The budget form: what the tariffs give a client in a month, line by line (admins only).
extension Dispatcher {
    static let budgetFormRoutes: [Route] = [
        Route(.budgetForm, .admin, BudgetFormParams.self) { d, p, _, _ in try await d.budgetForm(p) },
    ]

    func budgetForm(_ p: BudgetFormParams) async throws -> BudgetFormResult {
        guard let month = Month(p.month) else { throw RPCError(LedgerError.invalidMonth) }
        return try WireCopy.convert(try await blocking { try ledger.budgetForm(clientNumber: p.clientNumber, month: month) })
    }
}
