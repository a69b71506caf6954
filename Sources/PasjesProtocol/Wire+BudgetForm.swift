import PasjesMoney

/// `budget.form`: a client's budget form (*budgetformulier*) for a month.
public struct BudgetFormParams: Codable, Sendable {
    public var clientNumber: String
    /// `YYYY-MM`.
    public var month: String

    /// Params for the form of `clientNumber` in `month`.
    public init(clientNumber: String, month: String) {
        self.clientNumber = clientNumber
        self.month = month
    }
}

/// The form top to bottom, and its light.
public struct BudgetFormResult: Codable, Sendable {
    public var clientNumber: String
    public var clientName: String
    public var zzp: String
    public var month: String
    public var unit: AmountUnit
    public var lines: [BudgetFormLine]
    /// What the tariffs give for the month.
    public var monthlyAmount: Amount
    /// What was allocated for the month, when it was.
    public var allocated: Amount?
    public var reserve: Amount
    /// Standing services per month (arrangement).
    public var arrangement: Amount
    public var leftForCard: Amount
    public var light: TrafficLight
}

/// One line of the form, signed as it acts on the total.
public struct BudgetFormLine: Codable, Sendable {
    public var label: String
    public var amount: Amount
    /// A subtotal.
    public var subtotal: Bool
}
