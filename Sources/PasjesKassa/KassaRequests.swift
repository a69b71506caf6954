import PasjesProtocol

/// A `sale.charge` as the front end sends it; `Equatable` (the wire params are not) so the
/// state can be compared in tests.
public struct ChargeRequest: Equatable, Sendable {
    /// The basket's key: the same on every retry, so the daemon books the sale once.
    public var idempotencyKey: String
    /// This terminal's counter.
    public var counter: String
    /// The basket lines.
    public var items: [SaleItem]
    /// The single-use token of the tap that pays.
    public var tapToken: String

    /// A charge of `items` at `counter` paid by the tap with `tapToken`.
    public init(idempotencyKey: String, counter: String, items: [SaleItem], tapToken: String) {
        self.idempotencyKey = idempotencyKey
        self.counter = counter
        self.items = items
        self.tapToken = tapToken
    }

    /// The wire params.
    public var params: SaleChargeParams {
        SaleChargeParams(idempotencyKey: idempotencyKey, counter: counter, items: items, tapToken: tapToken)
    }
}

/// A `sale.reverse` as the front end sends it.
public struct ReverseRequest: Equatable, Sendable {
    /// Made when the cashier confirms; the same on every retry.
    public var idempotencyKey: String
    /// The sale to undo.
    public var saleId: String
    /// Why, for the record.
    public var reason: String?

    /// A reversal of `saleId`.
    public init(idempotencyKey: String, saleId: String, reason: String? = nil) {
        self.idempotencyKey = idempotencyKey
        self.saleId = saleId
        self.reason = reason
    }

    /// The wire params.
    public var params: SaleReverseParams {
        SaleReverseParams(idempotencyKey: idempotencyKey, saleId: saleId, reason: reason)
    }
}

/// A booking, check-in or cancellation at the activity desk, by tap or by client number.
public struct DeskRequest: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        case book
        case checkIn
        case cancel
    }

    public var action: Action
    /// Made when the request is first sent; the same on every retry.
    public var idempotencyKey: String
    public var session: String
    public var tapToken: String?
    public var clientNumber: String?

    public init(action: Action, idempotencyKey: String, session: String, tapToken: String? = nil,
                clientNumber: String? = nil) {
        self.action = action
        self.idempotencyKey = idempotencyKey
        self.session = session
        self.tapToken = tapToken
        self.clientNumber = clientNumber
    }

    /// The wire method.
    public var method: Method {
        switch action {
        case .book: .activityBook
        case .checkIn: .activityCheckIn
        case .cancel: .activityCancel
        }
    }

    /// The wire params.
    public var params: ActivityBookingParams {
        ActivityBookingParams(idempotencyKey: idempotencyKey, session: session, tapToken: tapToken,
                              clientNumber: clientNumber)
    }
}
