import PasjesMoney

/// `sale.risks`: offline sales paid (partly) by the organisation's `offline:risk`.
public struct SaleRisksParams: Codable, Sendable {
    /// `YYYY-MM`: the month the sales were booked in; all months when absent.
    public var month: String?
    /// Only the ones not settled yet.
    public var open: Bool?

    /// Makes them.
    public init(month: String? = nil, open: Bool? = nil) {
        self.month = month
        self.open = open
    }
}

/// One offline sale on `offline:risk`.
public struct SaleRiskInfo: Codable, Hashable, Sendable {
    public var saleId: String
    public var clientNumber: String
    public var counter: String
    /// When it was sold (ISO 8601) and the month it was booked in: later than the sale's own
    /// when that month was closed before the sale reached the log.
    public var at: String
    public var month: String
    public var unit: AmountUnit
    public var total: Amount
    /// The part on `offline:risk`.
    public var amount: Amount
    /// `short_wallet`, `card_blocked`, `client_not_active` or `limit`.
    public var reason: String
    /// The node that sold it offline.
    public var node: String
    /// nil while open; `wallet`, `organisation` or `reversal`.
    public var settlement: String?
    public var settledAt: String?

    /// Makes one.
    public init(saleId: String, clientNumber: String, counter: String, at: String, month: String, unit: AmountUnit,
                total: Amount, amount: Amount, reason: String, node: String, settlement: String?, settledAt: String?) {
        self.saleId = saleId
        self.clientNumber = clientNumber
        self.counter = counter
        self.at = at
        self.month = month
        self.unit = unit
        self.total = total
        self.amount = amount
        self.reason = reason
        self.node = node
        self.settlement = settlement
        self.settledAt = settledAt
    }
}

/// The answer of `sale.risks`, at most `SaleRisksResult.maxRisks`.
public struct SaleRisksResult: Codable, Sendable {
    /// The most listed in one answer: it must fit one protocol line.
    public static let maxRisks = 500
    public var risks: [SaleRiskInfo]
    /// True when there were more than listed.
    public var truncated: Bool

    /// Makes one.
    public init(risks: [SaleRiskInfo], truncated: Bool) {
        self.risks = risks
        self.truncated = truncated
    }
}

/// `sale.settleRisk`: an offline sale's risk paid by the resident's wallet or borne by the organisation.
public struct SaleSettleRiskParams: Codable, Sendable {
    /// Makes a retry return the first answer instead of settling twice.
    public var idempotencyKey: String
    public var saleId: String
    /// `wallet` or `organisation`.
    public var settlement: String

    /// Makes them.
    public init(idempotencyKey: String, saleId: String, settlement: String) {
        self.idempotencyKey = idempotencyKey
        self.saleId = saleId
        self.settlement = settlement
    }
}

/// What `sale.settleRisk` did.
public struct SaleSettleRiskResult: Codable, Sendable {
    public var saleId: String
    public var unit: AmountUnit
    public var amount: Amount
    public var settlement: String
    /// The resident's wallet after it.
    public var balance: Amount
    public var replayed: Bool

    /// Makes one.
    public init(saleId: String, unit: AmountUnit, amount: Amount, settlement: String, balance: Amount, replayed: Bool) {
        self.saleId = saleId
        self.unit = unit
        self.amount = amount
        self.settlement = settlement
        self.balance = balance
        self.replayed = replayed
    }
}
