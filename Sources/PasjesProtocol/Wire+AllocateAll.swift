import PasjesMoney

/// `budget.allocateAll`: a month's budget for every client who has not left, from the tariffs.
public struct BudgetAllocateAllParams: Codable, Sendable {
    public var idempotencyKey: String
    /// `YYYY-MM`: this month or the next.
    public var month: String
    /// Only say what would be allocated.
    public var dryRun: Bool?
    public init(idempotencyKey: String, month: String, dryRun: Bool? = nil) {
        self.idempotencyKey = idempotencyKey
        self.month = month
        self.dryRun = dryRun
    }
}

/// The clients one reason kept out, with the first few numbers.
public struct AllocationSkipInfo: Codable, Sendable {
    public var reason: String
    public var message: String
    public var count: Int
    public var examples: [String]
    public init(reason: String, message: String, count: Int, examples: [String]) {
        self.reason = reason
        self.message = message
        self.count = count
        self.examples = examples
    }
}

/// What `budget.allocateAll` booked (or, with `dryRun`, would book).
public struct AllocateAllInfo: Codable, Sendable {
    public var month: String
    public var unit: AmountUnit
    public var allocated: Int
    public var total: Amount
    public var skipped: [AllocationSkipInfo]
    public var dryRun: Bool
    public init(month: String, unit: AmountUnit, allocated: Int, total: Amount, skipped: [AllocationSkipInfo], dryRun: Bool) {
        self.month = month
        self.unit = unit
        self.allocated = allocated
        self.total = total
        self.skipped = skipped
        self.dryRun = dryRun
    }
}
