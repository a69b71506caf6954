import PasjesMoney

/// What a month's report is computed from, read by a `MonthStore` in one snapshot.
///
/// Plain values only, so the report, the tie-out and the close decision are pure functions
/// that tests call with facts made by hand.
struct MonthFacts: Sendable {
    var month: Month
    var unit: AmountUnit
    var accounts: [AccountFact]
    /// Every transfer whose month is `month`, in booking order.
    var transfers: [TransferFact]
    /// The lines of the sales of `month`.
    var saleLines: [SaleLineFact]
    /// The lines of the sales reversed by a transfer of `month` (sold in this month or earlier).
    var reversedLines: [SaleLineFact]
    /// The sales CSV's reversal rows: `reversedLines` as the reversal booked them (its id, time
    /// and operator, negative quantities); read only for the sales CSV.
    var reversalRows: [SaleLineFact] = []
    /// Counter id -> name.
    var counterNames: [String: String]
    /// Counter id -> the location it stands at now (counters without one are absent).
    var counterLocations: [String: String] = [:]
    /// Things dated in the month that are not booked yet, in words (empty: nothing pending).
    var pending: [String]
    /// Sales per counter id and per operator name, when the sale lines are sums (their sale ids
    /// are gone); nil: count the distinct sale ids of the lines.
    var salesPerCounter: [String: Int64]? = nil
    var salesPerOperator: [String: Int64]? = nil
    /// Client number -> the part of the month's sales paid by `offline:risk`.
    var offlineRiskByClient: [String: Int64] = [:]
}

/// One account with its movements before, in and after the month.
struct AccountFact: Sendable, Equatable {
    var code: String
    /// `wallet`, `own`, `funding` or `revenue`.
    var kind: String
    var clientNumber: String?
    var clientName: String?
    /// The cached balance now (credits − debits).
    var balanceNow: Int64
    /// Credits − debits of transfers dated before the month.
    var before: Int64
    /// Credits − debits of transfers dated in the month.
    var during: Int64
    /// Credits − debits of transfers dated after the month.
    var after: Int64
    /// False for a client's account made after the month ended: a resident who arrived later.
    var clientArrived = true
}

/// One transfer of the month, accounts named by code.
struct TransferFact: Sendable, Equatable {
    var id: String
    var kind: String
    var debit: String
    var credit: String
    var amount: Int64
    var saleID: String?
    /// The kind of the transfer this one reverses (reversals only).
    var reversesKind: String?
    var counterID: String?
    var operatorName: String
    var memo: String
    var createdAt: String
}

/// One line of a sale, with the sale's client, counter and operator.
struct SaleLineFact: Sendable, Equatable {
    var saleID: String
    var clientNumber: String
    var counterID: String
    var operatorName: String
    var productCode: String
    var productName: String
    var category: String
    var quantity: Int64
    var unitPrice: Int64
    var createdAt: String
    /// The sale's own money (*eigen bijdrage*) on its first line, zero on the others: own money is
    /// paid per sale, and a column of it sums to the month's own money. Read only for the sales CSV.
    var ownMoney: Int64 = 0
    /// On a reversal row, the sale it reverses.
    var reversalOf: String? = nil

    var lineTotal: Int64 { quantity * unitPrice }
}
