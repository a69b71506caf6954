import PasjesMoney

/// `arrangement.add`: a standing service for a client (admins only).
public struct ArrangementAddParams: Codable, Sendable {
    public var idempotencyKey: String
    public var clientNumber: String
    public var productCode: String
    /// How many per week or per month (1–100).
    public var quantity: Int64
    public var per: ArrangementPeriod
    /// First day, `YYYY-MM-DD`.
    public var from: String
    /// Last day, `YYYY-MM-DD`; absent while it runs on.
    public var through: String?

    /// Params for `quantity` × `productCode` per `per` for `clientNumber` from `from`.
    public init(idempotencyKey: String, clientNumber: String, productCode: String, quantity: Int64, per: ArrangementPeriod,
                from: String, through: String? = nil) {
        self.idempotencyKey = idempotencyKey
        self.clientNumber = clientNumber
        self.productCode = productCode
        self.quantity = quantity
        self.per = per
        self.from = from
        self.through = through
    }
}

/// `arrangement.end`: the last day an arrangement line runs (admins only).
public struct ArrangementEndParams: Codable, Sendable {
    public var idempotencyKey: String
    public var id: String
    /// Last day, `YYYY-MM-DD`.
    public var through: String

    /// Params to end line `id` after `through`.
    public init(idempotencyKey: String, id: String, through: String) {
        self.idempotencyKey = idempotencyKey
        self.id = id
        self.through = through
    }
}

/// `arrangement.list` and `client.absences`: one client's lines or absences.
public struct ClientNumberParams: Codable, Sendable {
    public var clientNumber: String

    /// Params naming `clientNumber`.
    public init(clientNumber: String) {
        self.clientNumber = clientNumber
    }
}

/// One arrangement line.
public struct ArrangementInfo: Codable, Sendable {
    public var id: String
    public var clientNumber: String
    public var productCode: String
    public var productName: String
    public var price: Amount
    public var quantity: Int64
    public var per: ArrangementPeriod
    public var from: String
    public var through: String?

    /// Every field, as named.
    public init(id: String, clientNumber: String, productCode: String, productName: String, price: Amount,
                quantity: Int64, per: ArrangementPeriod, from: String, through: String? = nil) {
        self.id = id
        self.clientNumber = clientNumber
        self.productCode = productCode
        self.productName = productName
        self.price = price
        self.quantity = quantity
        self.per = per
        self.from = from
        self.through = through
    }
}

/// What a month's booking of a line did.
public struct ArrangementBookingInfo: Codable, Sendable {
    public var month: String
    /// Billed days: active and not absent.
    public var days: Int
    public var quantity: Int64
    public var saleId: String?
    public var amount: Amount
    /// Why nothing was booked (a reason code), when nothing was.
    public var refusal: String?
    /// The refusal in Dutch.
    public var refusalMessage: String?

    /// Every field, as named.
    public init(month: String, days: Int, quantity: Int64, saleId: String? = nil, amount: Amount,
                refusal: String? = nil, refusalMessage: String? = nil) {
        self.month = month
        self.days = days
        self.quantity = quantity
        self.saleId = saleId
        self.amount = amount
        self.refusal = refusal
        self.refusalMessage = refusalMessage
    }
}

/// The answer to `arrangement.add` / `arrangement.end`.
public struct ArrangementResultInfo: Codable, Sendable {
    public var unit: AmountUnit
    public var arrangement: ArrangementInfo
    /// This month's booking, when the month's money had landed and the line was booked at once.
    public var booking: ArrangementBookingInfo?
    public var replayed: Bool

    /// Every field, as named.
    public init(unit: AmountUnit, arrangement: ArrangementInfo, booking: ArrangementBookingInfo? = nil,
                replayed: Bool) {
        self.unit = unit
        self.arrangement = arrangement
        self.booking = booking
        self.replayed = replayed
    }
}

/// The answer to `arrangement.list`.
public struct ArrangementListResult: Codable, Sendable {
    public var unit: AmountUnit
    public var arrangements: [ArrangementInfo]

    /// Every field, as named.
    public init(unit: AmountUnit, arrangements: [ArrangementInfo]) {
        self.unit = unit
        self.arrangements = arrangements
    }
}

/// `client.absence`: a client is away; booked arrangement days are refunded (admins only).
public struct ClientAbsenceParams: Codable, Sendable {
    public var idempotencyKey: String
    public var clientNumber: String
    /// First day away, `YYYY-MM-DD`.
    public var from: String
    /// Last day away, `YYYY-MM-DD`.
    public var through: String
    public var reason: AbsenceReason
    public var note: String?

    /// Params for an absence of `clientNumber` from `from` through `through`.
    public init(idempotencyKey: String, clientNumber: String, from: String, through: String, reason: AbsenceReason,
                note: String? = nil) {
        self.idempotencyKey = idempotencyKey
        self.clientNumber = clientNumber
        self.from = from
        self.through = through
        self.reason = reason
        self.note = note
    }
}

/// One absence.
public struct AbsenceInfo: Codable, Sendable {
    public var id: String
    public var clientNumber: String
    public var from: String
    public var through: String
    public var reason: AbsenceReason
    public var note: String?

    /// Every field, as named.
    public init(id: String, clientNumber: String, from: String, through: String, reason: AbsenceReason,
                note: String? = nil) {
        self.id = id
        self.clientNumber = clientNumber
        self.from = from
        self.through = through
        self.reason = reason
        self.note = note
    }
}

/// One refund an absence booked.
public struct AbsenceRefundInfo: Codable, Sendable {
    public var arrangementId: String
    public var productName: String
    public var month: String
    public var days: Int
    public var amount: Amount
    public var transferId: String

    /// Every field, as named.
    public init(arrangementId: String, productName: String, month: String, days: Int, amount: Amount,
                transferId: String) {
        self.arrangementId = arrangementId
        self.productName = productName
        self.month = month
        self.days = days
        self.amount = amount
        self.transferId = transferId
    }
}

/// The answer to `client.absence`.
public struct ClientAbsenceResult: Codable, Sendable {
    public var unit: AmountUnit
    public var absence: AbsenceInfo
    public var refunds: [AbsenceRefundInfo]
    /// Activity bookings and waiting-list places in the absent days that were released.
    public var holdsReleased: Int
    public var balance: Amount
    public var light: TrafficLight
    public var replayed: Bool

    /// Every field, as named.
    public init(unit: AmountUnit, absence: AbsenceInfo, refunds: [AbsenceRefundInfo], holdsReleased: Int,
                balance: Amount, light: TrafficLight, replayed: Bool) {
        self.unit = unit
        self.absence = absence
        self.refunds = refunds
        self.holdsReleased = holdsReleased
        self.balance = balance
        self.light = light
        self.replayed = replayed
    }
}

/// The answer to `client.absences`.
public struct ClientAbsencesResult: Codable, Sendable {
    public var absences: [AbsenceInfo]

    /// Every field, as named.
    public init(absences: [AbsenceInfo]) {
        self.absences = absences
    }
}

/// `budget.grant`: money from the solidarity buffer to a client, with a reason (admins only).
public struct BudgetGrantParams: Codable, Sendable {
    public var idempotencyKey: String
    public var clientNumber: String
    public var amount: Amount
    public var reason: String
    /// True: the administrator confirmed a grant above `[solidarity] confirm_above`.
    public var confirmed: Bool?

    /// Params to grant `amount` to `clientNumber` because of `reason`.
    public init(idempotencyKey: String, clientNumber: String, amount: Amount, reason: String, confirmed: Bool? = nil) {
        self.idempotencyKey = idempotencyKey
        self.clientNumber = clientNumber
        self.amount = amount
        self.reason = reason
        self.confirmed = confirmed
    }
}

/// The answer to `budget.grant`.
public struct BudgetGrantResult: Codable, Sendable {
    public var unit: AmountUnit
    public var clientNumber: String
    public var amount: Amount
    public var reason: String
    public var balance: Amount
    public var light: TrafficLight
    public var solidarityBalance: Amount
    public var transferId: String
    public var replayed: Bool

    /// Every field, as named.
    public init(unit: AmountUnit, clientNumber: String, amount: Amount, reason: String, balance: Amount,
                light: TrafficLight, solidarityBalance: Amount, transferId: String, replayed: Bool) {
        self.unit = unit
        self.clientNumber = clientNumber
        self.amount = amount
        self.reason = reason
        self.balance = balance
        self.light = light
        self.solidarityBalance = solidarityBalance
        self.transferId = transferId
        self.replayed = replayed
    }
}

/// `budget.solidarity`: the buffer and what allocations pay into it.
public struct SolidarityResult: Codable, Sendable {
    public var unit: AmountUnit
    public var balance: Amount
    /// The share of every allocation, in basis points (2 % = 200).
    public var basisPoints: Int64
    /// The fixed amount per allocation.
    public var fixed: Amount

    /// Every field, as named.
    public init(unit: AmountUnit, balance: Amount, basisPoints: Int64, fixed: Amount) {
        self.unit = unit
        self.balance = balance
        self.basisPoints = basisPoints
        self.fixed = fixed
    }
}
