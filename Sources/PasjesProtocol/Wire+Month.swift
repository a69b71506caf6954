import PasjesMoney

/// `month.close`: closes a month that has ended (admins only). No reopen.
public struct MonthCloseParams: Codable, Sendable {
    /// Makes a retry return the first answer instead of being refused as a second close.
    public var idempotencyKey: String
    /// `YYYY-MM`.
    public var month: String

    /// Params to close `month`.
    public init(idempotencyKey: String, month: String) {
        self.idempotencyKey = idempotencyKey
        self.month = month
    }
}

/// A month's close record, as `month.close` answers and `month.report` shows it.
public struct MonthCloseInfo: Codable, Sendable {
    /// `YYYY-MM`.
    public var month: String
    /// When it was closed (ISO 8601, UTC).
    public var closedAt: String
    /// Who closed it.
    public var operatorName: String
    /// The journal's seal at the close (`seq:hash`): keep it, `pasjes verify --seal` checks it.
    public var seal: String
    /// What the saving policy sent back at the close.
    public var flowedBack: Amount
    /// The report's totals at the close.
    public var totals: MonthTotalsInfo
    /// True when this answer repeats the first result of the same idempotency key.
    public var replayed: Bool
}

/// `month.report`: the reconciliation report of a month, clients paged.
public struct MonthReportParams: Codable, Sendable {
    /// `YYYY-MM`.
    public var month: String
    /// Where the page starts in the report's lines (default 0): clients, then counters, products
    /// and operators; the `nextClientOffset` of the page before.
    public var clientOffset: Int?
    /// How many lines at most (default and maximum 100); a page also holds no more than fits one
    /// protocol line.
    public var clientLimit: Int?

    /// Params for one page of the report of `month`.
    public init(month: String, clientOffset: Int? = nil, clientLimit: Int? = nil) {
        self.month = month
        self.clientOffset = clientOffset
        self.clientLimit = clientLimit
    }
}

/// The report of one month (see the README's "Month close").
public struct MonthReportResult: Codable, Sendable {
    /// `YYYY-MM`.
    public var month: String
    /// The unit of every amount.
    public var unit: AmountUnit
    /// The close record, when the month is closed.
    public var closed: MonthCloseInfo?
    /// This page of client lines, by client number.
    public var clients: [ClientMonthInfo]
    /// How many client lines the report has in all.
    public var clientCount: Int
    /// The offset of the next page, nil on the last.
    public var nextClientOffset: Int?
    /// Sales per counter, product and operator (this page's part of them).
    public var counters: [SalesLineInfo]
    /// The counters' sales again, by the location each counter stands at now (this page's part).
    public var locations: [LocationSalesInfo]
    public var products: [SalesLineInfo]
    public var operators: [SalesLineInfo]
    public var solidarity: SolidarityBufferInfo
    public var totals: MonthTotalsInfo
    public var tieOut: TieOutInfo
    /// The month's offline sales paid (partly) by `offline:risk`, open ones first; on the first
    /// page only, at most `MonthReportResult.maxOfflineRisks` (`sale.risks` lists them all).
    public var offlineRisks: [SaleRiskInfo]?
    /// How many there are in all.
    public var offlineRiskCount: Int?

    /// The most flagged sales one page carries: they must fit one protocol line with the rest.
    public static let maxOfflineRisks = 50
}

/// One client's month: opening + allocated − purchases − arrangement + ownMoney + reversals + refunds
/// + solidarity − flowedBack = closing.
public struct ClientMonthInfo: Codable, Sendable {
    public var number: String
    public var name: String
    public var opening: Amount
    public var allocated: Amount
    /// Standing services booked at the start of the month.
    public var arrangement: Amount
    /// Purchases by category (`zorg`, `dagbesteding`, `facilitair`, `welzijn`).
    public var purchasesByCategory: [String: Amount]
    public var purchases: Amount
    public var ownMoney: Amount
    public var reversals: Amount
    /// Arrangement days refunded for an absence.
    public var refunds: Amount
    /// Grants from the solidarity buffer.
    public var solidarity: Amount
    public var flowedBack: Amount
    public var closing: Amount
    /// Paid by the organisation's `offline:risk` (offline sales the wallet could not pay), less
    /// what the wallet paid back; nil when none.
    public var offlineRisk: Amount?
}

/// The solidarity buffer's month.
public struct SolidarityBufferInfo: Codable, Sendable {
    public var opening: Amount
    public var contributions: Amount
    public var grants: Amount
    public var closing: Amount
}

/// Sales of one counter, product or operator in the month.
public struct SalesLineInfo: Codable, Sendable {
    /// Counter id, product code or operator name.
    public var key: String
    public var name: String
    public var gross: Amount
    public var reversals: Amount
    public var net: Amount
    /// Sales (counters, operators) or items (products).
    public var count: Int64
}

/// Sales of one counter under its location (`month.report`'s "Per locatie en kassa").
public struct LocationSalesInfo: Codable, Sendable {
    /// The location code; absent for a counter without one.
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

/// The month's totals.
public struct MonthTotalsInfo: Codable, Sendable {
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
    public var netSales: Amount
    public var salesCount: Int64
}

/// The tie-out: `balanced` ("sluit aan") or each check with its difference.
public struct TieOutInfo: Codable, Sendable {
    public var balanced: Bool
    public var checks: [TieOutCheckInfo]
}

/// One check of the tie-out, in Dutch.
public struct TieOutCheckInfo: Codable, Sendable {
    public var name: String
    public var expected: Amount
    public var actual: Amount
    public var difference: Amount
}

/// `month.export`: one page of an export file of a month, as text.
public struct MonthExportParams: Codable, Sendable {
    /// `YYYY-MM`.
    public var month: String
    /// `sales`, `clients`, `counters` (CSV), `hledger` or `memoriaal`.
    public var kind: String
    /// The byte offset of the page (default 0).
    public var offset: Int?

    /// Params for the page at `offset` of export `kind` of `month`.
    public init(month: String, kind: String, offset: Int? = nil) {
        self.month = month
        self.kind = kind
        self.offset = offset
    }
}

/// One page of an export: pages end on a line end, so each is whole UTF-8.
public struct MonthExportResult: Codable, Sendable {
    public var month: String
    public var kind: String
    /// The file's name as the CLI writes it, e.g. `verkopen-2026-11.csv`.
    public var fileName: String
    public var text: String
    /// The byte offset of the next page, nil on the last.
    public var nextOffset: Int?
    /// The whole file's size in bytes.
    public var totalBytes: Int

    /// One page of an export.
    public init(month: String, kind: String, fileName: String, text: String, nextOffset: Int?, totalBytes: Int) {
        self.month = month
        self.kind = kind
        self.fileName = fileName
        self.text = text
        self.nextOffset = nextOffset
        self.totalBytes = totalBytes
    }
}

/// `month.statement`: one resident's monthly statement (*maandoverzicht*), as data.
public struct MonthStatementParams: Codable, Sendable {
    /// `YYYY-MM`.
    public var month: String
    public var clientNumber: String
    /// Where the page starts in purchases, then credits, then contacts (default 0): the `next`
    /// of the page before.
    public var offset: Int?

    /// Params for the statement of `clientNumber` for `month`, from `offset`.
    public init(month: String, clientNumber: String, offset: Int? = nil) {
        self.month = month
        self.clientNumber = clientNumber
        self.offset = offset
    }
}

/// What the statement shows; the CLI lays it out as one A4 page.
public struct MonthStatementResult: Codable, Sendable {
    public var month: String
    public var unit: AmountUnit
    public var clientNumber: String
    public var clientName: String
    public var location: String
    public var department: String
    /// The client's line of the month report.
    public var line: ClientMonthInfo
    /// The month's allocation (zero when none was made).
    public var allocation: Amount
    /// The part kept for unplanned care.
    public var reserve: Amount
    /// The light of the closing balance.
    public var light: TrafficLight
    /// Grouped by location, in time order within each.
    public var purchases: [StatementPurchaseInfo]
    /// Absence refunds and solidarity grants into the wallet.
    public var credits: [StatementCreditInfo]
    /// True when the month is closed: the figures are final.
    public var closed: Bool
    /// Who the statement goes to besides the resident.
    public var contacts: [ContactInfo]
    /// What happens to what is left at month end: `none` (back to the organisation), `capped`
    /// (up to `savingCap` stays) or `year` (stays until the year ends); absent from older daemons.
    public var savingPolicy: String?
    /// What may carry over under `capped`.
    public var savingCap: Amount?
    /// The `offset` of the next page, nil on the last: a page holds what fits one line of
    /// purchases, then credits, then contacts; the figures are on every page.
    public var next: Int?
}

/// One purchase on the statement.
public struct StatementPurchaseInfo: Codable, Sendable {
    /// UTC, ISO 8601.
    public var at: String
    public var counterName: String
    /// Where the counter stands now; absent for a counter without a location (and from older daemons).
    public var location: String?
    public var productName: String
    public var category: String
    public var quantity: Int64
    public var amount: Amount
    public var reversed: Bool
}

/// Money into the wallet on the statement besides the allocation and reversals.
public struct StatementCreditInfo: Codable, Sendable {
    /// UTC, ISO 8601.
    public var at: String
    /// `absence_refund` or `solidarity_grant`.
    public var kind: String
    public var memo: String
    public var amount: Amount
}

/// A contact who gets a resident's statement.
public struct ContactInfo: Codable, Sendable {
    /// `mentor`, `bewindvoerder`, `curator` or `familie`.
    public var role: String
    public var name: String
    public var email: String
}

/// `client.contact`: adds a contact to a client (admins only).
public struct ClientContactParams: Codable, Sendable {
    public var idempotencyKey: String
    public var clientNumber: String
    public var role: String
    public var name: String
    public var email: String

    /// Params to add a contact to `clientNumber`.
    public init(idempotencyKey: String, clientNumber: String, role: String, name: String, email: String) {
        self.idempotencyKey = idempotencyKey
        self.clientNumber = clientNumber
        self.role = role
        self.name = name
        self.email = email
    }
}
