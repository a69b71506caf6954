/// `budget.reverse`: undoes a client's allocation for a month that nothing was spent from.
public struct BudgetReverseParams: Codable, Sendable {
    public var idempotencyKey: String
    public var clientNumber: String
    /// `YYYY-MM`.
    public var month: String
    public var reason: String

    public init(idempotencyKey: String, clientNumber: String, month: String, reason: String) {
        self.idempotencyKey = idempotencyKey
        self.clientNumber = clientNumber
        self.month = month
        self.reason = reason
    }
}
