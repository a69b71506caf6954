import PasjesMoney
import PasjesModel

/// One line of a client's arrangement: a standing service chosen with the client supporter,
/// booked from the wallet at the start of every month it runs.
public struct Arrangement: Codable, Hashable, Sendable {
    public var id: String
    public var clientNumber: String
    public var productCode: String
    public var productName: String
    /// The product's price now (the booking takes the price of its own moment).
    public var price: Amount
    /// How many per week or per month.
    public var quantity: Int64
    public var per: ArrangementPeriod
    public var from: CalendarDay
    /// The last day it runs; nil while it runs on.
    public var through: CalendarDay?
}

/// What the monthly booking of one arrangement line did.
public struct ArrangementBooking: Codable, Hashable, Sendable {
    public var arrangementID: String
    public var month: Month
    /// The billed days: active in the month and not absent when it was booked.
    public var days: Int
    public var quantity: Int64
    /// The sale at the `arrangement` counter; nil when nothing was booked.
    public var saleID: String?
    public var amount: Amount
    /// Why nothing was booked (a reason code such as `insufficient_funds`), when it was not.
    public var refusal: String?
}

/// The arrangement counter: every arrangement booking is a sale there, so reports, exports and
/// the statement show it like any sale, and a reversal works as for any sale.
public enum ArrangementCounter {
    public static let id = "arrangement"
    public static let name = "Vaste diensten (arrangement)"
}
