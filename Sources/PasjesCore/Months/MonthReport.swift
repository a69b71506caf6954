import PasjesMoney

/// The reconciliation report of one month (*maandafsluiting*): per client, per counter,
/// product and operator, the totals and the tie-out. Computed by `MonthReport.compute` from
/// `MonthFacts`, a pure function.
public struct MonthReport: Codable, Hashable, Sendable {
    public var month: Month
    public var unit: AmountUnit
    public var clients: [ClientMonthLine]
    public var counters: [SalesLine]
    /// The counters' lines again, grouped by the location each counter stands at now.
    public var locations: [LocationSalesLine]
    public var products: [SalesLine]
    public var operators: [SalesLine]
    /// The organisation's solidarity buffer over the month.
    public var solidarity: SolidarityBufferLine
    public var totals: MonthTotals
    public var tieOut: TieOut
}

/// One client's month: opening + allocated − purchases − arrangement + own money + reversals + refunds
/// + solidarity − flowed back = closing.
public struct ClientMonthLine: Codable, Hashable, Sendable {
    public var number: String
    public var name: String
    public var opening: Amount
    /// Allocations that went into the wallet this month, less allocations taken back.
    public var allocated: Amount
    /// Standing services booked from the wallet at the start of the month (the arrangement counter's sales).
    public var arrangement: Amount
    /// Card purchases by category (`zorg`, `dagbesteding`, `facilitair`, `welzijn`), wallet and own money together.
    public var purchasesByCategory: [String: Amount]
    /// All card purchases of the month.
    public var purchases: Amount
    /// The part of the purchases paid from own money (*eigen bijdrage*).
    public var ownMoney: Amount
    /// Sales reversed this month, back into the wallet.
    public var reversals: Amount
    /// Arrangement days refunded for an absence.
    public var refunds: Amount
    /// Grants from the solidarity buffer.
    public var solidarity: Amount
    /// What the saving policy sent back to funding, less flow-backs taken back.
    public var flowedBack: Amount
    public var closing: Amount
    /// The part of the month's purchases paid by the organisation's `offline:risk` (offline
    /// sales the wallet could not pay when they reached the log), less what the wallet paid
    /// back when such a risk was settled; nil when none.
    public var offlineRisk: Amount?
}

/// The solidarity buffer's month: opening + contributions − grants = closing (never below zero).
public struct SolidarityBufferLine: Codable, Hashable, Sendable {
    public var opening: Amount
    /// What the month's allocations paid in.
    public var contributions: Amount
    /// What was granted to clients.
    public var grants: Amount
    public var closing: Amount
}

/// Sales of one counter, product or operator.
public struct SalesLine: Codable, Hashable, Sendable {
    /// Counter id, product code or operator name.
    public var key: String
    public var name: String
    public var gross: Amount
    public var reversals: Amount
    public var net: Amount
    /// Sales (counters, operators) or items sold (products), before reversals.
    public var count: Int64
}

/// Sales of one counter under its location: the "Per locatie en kassa" part of the report.
///
/// The location is the counter's now, not the sale's: a counter that moved takes its earlier
/// sales along (see the README's "Locaties").
public struct LocationSalesLine: Codable, Hashable, Sendable {
    /// The location code; nil for a counter without a location.
    public var location: String?
    /// The counter's id.
    public var counter: String
    public var name: String
    public var gross: Amount
    public var reversals: Amount
    public var net: Amount
    /// Sales before reversals.
    public var count: Int64
}

/// The month's totals over all clients and counters: what a close record keeps.
public struct MonthTotals: Codable, Hashable, Sendable {
    public var opening: Amount
    public var allocated: Amount
    public var purchases: Amount
    public var arrangement: Amount
    public var ownMoney: Amount
    public var reversals: Amount
    public var refunds: Amount
    public var solidarity: Amount
    public var flowedBack: Amount
    public var closing: Amount
    /// Net sales: gross sales of the month (card purchases and arrangement) less reversals booked in it.
    public var netSales: Amount
    public var salesCount: Int64

    init(opening: Amount, allocated: Amount, purchases: Amount, arrangement: Amount, ownMoney: Amount, reversals: Amount,
         refunds: Amount, solidarity: Amount, flowedBack: Amount, closing: Amount, netSales: Amount, salesCount: Int64) {
        self.opening = opening
        self.allocated = allocated
        self.purchases = purchases
        self.arrangement = arrangement
        self.ownMoney = ownMoney
        self.reversals = reversals
        self.refunds = refunds
        self.solidarity = solidarity
        self.flowedBack = flowedBack
        self.closing = closing
        self.netSales = netSales
        self.salesCount = salesCount
    }

    private enum CodingKeys: String, CodingKey {
        case opening, allocated, purchases, arrangement, ownMoney, reversals, refunds, solidarity, flowedBack, closing,
             netSales, salesCount
    }

    /// Close records stored before arrangements, refunds and solidarity existed lack those
    /// three: they were zero then.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        opening = try c.decode(Amount.self, forKey: .opening)
        allocated = try c.decode(Amount.self, forKey: .allocated)
        purchases = try c.decode(Amount.self, forKey: .purchases)
        arrangement = try c.decodeIfPresent(Amount.self, forKey: .arrangement) ?? .zero
        ownMoney = try c.decode(Amount.self, forKey: .ownMoney)
        reversals = try c.decode(Amount.self, forKey: .reversals)
        refunds = try c.decodeIfPresent(Amount.self, forKey: .refunds) ?? .zero
        solidarity = try c.decodeIfPresent(Amount.self, forKey: .solidarity) ?? .zero
        flowedBack = try c.decode(Amount.self, forKey: .flowedBack)
        closing = try c.decode(Amount.self, forKey: .closing)
        netSales = try c.decode(Amount.self, forKey: .netSales)
        salesCount = try c.decode(Int64.self, forKey: .salesCount)
    }
}

/// The tie-out: figures computed two ways that must agree to the minor unit.
public struct TieOut: Codable, Hashable, Sendable {
    public var checks: [TieOutCheck]
    /// True when every check agrees: "sluit aan".
    public var balanced: Bool { checks.allSatisfy { $0.difference.minorUnits == 0 } }
}

/// One comparison of the tie-out.
public struct TieOutCheck: Codable, Hashable, Sendable {
    /// What is compared, in Dutch.
    public var name: String
    public var expected: Amount
    public var actual: Amount
    /// actual − expected; zero when the check agrees.
    public var difference: Amount

    public init(name: String, expected: Amount, actual: Amount) throws(LedgerError) {
        self.name = name
        self.expected = expected
        self.actual = actual
        difference = Amount(try Sum.checked(actual.minorUnits, -expected.minorUnits))
    }
}

/// Checked addition of minor units: an overflow is `amount_overflow`, never a wrap.
enum Sum {
    static func checked(_ values: Int64...) throws(LedgerError) -> Int64 {
        var total: Int64 = 0
        for value in values {
            let (next, overflow) = total.addingReportingOverflow(value)
            if overflow { throw LedgerError.amountOverflow.with("month report sum") }
            total = next
        }
        return total
    }

    static func add(_ total: inout Int64, _ value: Int64) throws(LedgerError) {
        total = try checked(total, value)
    }
}
