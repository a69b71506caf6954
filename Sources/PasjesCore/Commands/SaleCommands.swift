import GRDB

/// `sale.charge`: a basket charged to a wallet (and own money where allowed).
struct SaleCharge: LedgerCommand {
    static let kind = "sale.charge"
    /// Card UIDs normalised: what the idempotency key protects.
    var request: ChargeRequest
    var `operator`: Operator
    var key: String
    /// Set when the sale was decided offline (the organisation's log out of reach): the client
    /// it was decided for, who pays when it is applied from the log even if the card was
    /// linked to someone else meanwhile. Absent in every online entry.
    var offline: OfflineCharge? = nil

    var journalOperator: Operator? { self.operator }
    var journalCounter: String? { request.counterID }
    var idempotencyKey: String? { key }
    var keepsOriginResult: Bool { offline != nil }

    func apply(to ledger: Ledger, in db: Database) throws -> ChargeResult {
        try ledger.bookCharge(self, in: db)
    }
}

/// `sale.reverse`: a sale undone with reversing transfers, at most once.
struct SaleReverse: LedgerCommand {
    static let kind = "sale.reverse"
    var saleID: String
    var `operator`: Operator
    var reason: String?
    var key: String
    /// True: the booking the sale paid for is released with it. Absent in entries journaled
    /// before reversals did that, so replaying them books what they booked then.
    var releasesBooking: Bool?

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> ReversalResult {
        try ledger.bookReversal(self, in: db)
    }
}

/// What an offline sale's entry says about its decision.
struct OfflineCharge: Codable, Hashable, Sendable {
    /// The client the sale was decided for.
    var clientNumber: String
}
