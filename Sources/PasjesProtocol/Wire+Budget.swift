import PasjesMoney

/// `budget.reverse`: undoes a client's allocation for a month that nothing was spent from.
public struct BudgetReverseParams: Codable, Sendable {
    /// Makes a retry return the first answer instead of reversing twice.
    public var idempotencyKey: String
    /// The client whose allocation is reversed.
    public var clientNumber: String
    /// `YYYY-MM`.
    public var month: String
    /// Why, for the journal.
    public var reason: String

    /// Params to reverse one client's allocation for `month`.
    public init(idempotencyKey: String, clientNumber: String, month: String, reason: String) {
        self.idempotencyKey = idempotencyKey
        self.clientNumber = clientNumber
        self.month = month
        self.reason = reason
    }
}

/// The outcome of `budget.reverse`.
public struct BudgetReverseResult: Codable, Sendable {
    /// The client whose allocation was reversed.
    public var clientNumber: String
    /// `YYYY-MM`: the month whose allocation was taken back; it can be allocated again.
    public var month: String
    /// The unit of every amount in this result.
    public var unit: AmountUnit
    /// The allocation that was taken back.
    public var amount: Amount
    /// Last month's leftover that had flowed back at this allocation and is in the wallet again.
    public var flowBackReturned: Amount
    /// The reversing transfer (it names the original allocation).
    public var reversalId: String
    /// The allocation's solidarity contribution that went back out of the buffer.
    public var solidarityReturned: Amount?
    /// The wallet balance after the reversal.
    public var balance: Amount
    /// The part of the balance held back as reserve.
    public var reserve: Amount
    /// The traffic light for the new balance.
    public var light: TrafficLight
    /// When the reversal was booked (ISO 8601).
    public var at: String
    /// True when this answer repeats the first result of the same idempotency key.
    public var replayed: Bool

    /// The outcome of a reversal, field by field.
    public init(clientNumber: String, month: String, unit: AmountUnit, amount: Amount, flowBackReturned: Amount,
                reversalId: String, solidarityReturned: Amount? = nil, balance: Amount, reserve: Amount,
                light: TrafficLight, at: String, replayed: Bool) {
        self.clientNumber = clientNumber
        self.month = month
        self.unit = unit
        self.amount = amount
        self.flowBackReturned = flowBackReturned
        self.reversalId = reversalId
        self.solidarityReturned = solidarityReturned
        self.balance = balance
        self.reserve = reserve
        self.light = light
        self.at = at
        self.replayed = replayed
    }
}
