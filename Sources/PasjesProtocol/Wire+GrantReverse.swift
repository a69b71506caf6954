import PasjesMoney

/// `budget.grantReverse`: a solidarity grant back into the buffer, with a reason (admins only).
public struct BudgetGrantReverseParams: Codable, Sendable {
    public var idempotencyKey: String
    /// The grant's transfer id (`transferId` of `budget.grant`).
    public var transferId: String
    public var reason: String

    /// Params to take grant `transferId` back because of `reason`.
    public init(idempotencyKey: String, transferId: String, reason: String) {
        self.idempotencyKey = idempotencyKey
        self.transferId = transferId
        self.reason = reason
    }
}

/// The answer to `budget.grantReverse`.
public struct BudgetGrantReverseResult: Codable, Sendable {
    public var unit: AmountUnit
    public var clientNumber: String
    /// The grant that went back into the buffer.
    public var amount: Amount
    public var reason: String
    public var reversalId: String
    public var balance: Amount
    public var light: TrafficLight
    public var solidarityBalance: Amount
    public var replayed: Bool

    /// Every field, as named.
    public init(unit: AmountUnit, clientNumber: String, amount: Amount, reason: String, reversalId: String,
                balance: Amount, light: TrafficLight, solidarityBalance: Amount, replayed: Bool) {
        self.unit = unit
        self.clientNumber = clientNumber
        self.amount = amount
        self.reason = reason
        self.reversalId = reversalId
        self.balance = balance
        self.light = light
        self.solidarityBalance = solidarityBalance
        self.replayed = replayed
    }
}
