import PasjesMoney

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

/// The outcome of `budget.reverse`.
public struct BudgetReverseResult: Codable, Sendable {
    public var clientNumber: String
    /// `YYYY-MM`: the month whose allocation was taken back; it can be allocated again.
    public var month: String
    public var unit: AmountUnit
    /// The allocation that was taken back.
    public var amount: Amount
    /// Last month's leftover that had flowed back at this allocation and is in the wallet again.
    public var flowBackReturned: Amount
    /// The reversing transfer (it names the original allocation).
    public var reversalId: String
    public var balance: Amount
    public var reserve: Amount
    public var light: TrafficLight
    public var at: String
    /// True when this answer repeats the first result of the same idempotency key.
    public var replayed: Bool

    public init(clientNumber: String, month: String, unit: AmountUnit, amount: Amount, flowBackReturned: Amount,
                reversalId: String, balance: Amount, reserve: Amount, light: TrafficLight, at: String, replayed: Bool) {
        self.clientNumber = clientNumber
        self.month = month
        self.unit = unit
        self.amount = amount
        self.flowBackReturned = flowBackReturned
        self.reversalId = reversalId
        self.balance = balance
        self.reserve = reserve
        self.light = light
        self.at = at
        self.replayed = replayed
    }
}
