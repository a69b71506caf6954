import PasjesMoney

// Records as they travel on the wire. Amounts are integers in minor units of `unit`
// (euro cents, minutes or points); timestamps are ISO 8601 in UTC.

/// A client (resident) as the daemon reports it.
public struct ClientInfo: Codable, Hashable, Sendable {
    /// The client number the home uses.
    public var number: String
    /// The client's full name.
    public var name: String
    /// The care package (zorgzwaartepakket) the budget policy reads.
    public var zzp: String
    /// The location the client lives at.
    public var location: String
    /// The department (afdeling) within the location.
    public var department: String
    /// `active`, `absent` or `ended`.
    public var status: ClientStatus
    /// Whether the client may pay from own money (eigen bijdrage) what the wallet does not cover.
    public var allowOwnContribution: Bool
    /// The most own money a month may add to charges, in minor units.
    public var ownContributionCap: Amount

    /// A client, field by field.
    public init(number: String, name: String, zzp: String, location: String, department: String,
                status: ClientStatus, allowOwnContribution: Bool, ownContributionCap: Amount) {
        self.number = number
        self.name = name
        self.zzp = zzp
        self.location = location
        self.department = department
        self.status = status
        self.allowOwnContribution = allowOwnContribution
        self.ownContributionCap = ownContributionCap
    }
}

/// A card as the daemon reports it.
public struct CardInfo: Codable, Hashable, Sendable {
    /// Upper-case hex UID, 8, 14 or 20 characters.
    public var uid: String
    /// The client the card pays for.
    public var clientNumber: String
    /// `active`, `blocked` or `lost`.
    public var state: CardState
    /// The UID of the card that replaced this one, if any.
    public var replacedBy: String?
    /// Why the card is in its state (block reason, or why it was made active again).
    public var reason: String?
    /// When it was blocked or reported lost (UTC); absent while active.
    public var blockedAt: String?
    /// Whether the card holds an AES key it must prove on every tap; false: known by UID alone.
    public var authenticated: Bool?
    /// The master-key version of its key, when it has one.
    public var keyVersion: Int?

    /// A card, field by field.
    public init(uid: String, clientNumber: String, state: CardState, replacedBy: String?,
                reason: String? = nil, blockedAt: String? = nil, authenticated: Bool? = nil, keyVersion: Int? = nil) {
        self.uid = uid
        self.clientNumber = clientNumber
        self.state = state
        self.replacedBy = replacedBy
        self.reason = reason
        self.blockedAt = blockedAt
        self.authenticated = authenticated
        self.keyVersion = keyVersion
    }
}

/// A product on sale at counters.
public struct ProductInfo: Codable, Hashable, Sendable {
    /// The product code cashiers type or pick.
    public var code: String
    /// The name on the menu.
    public var name: String
    /// The price per piece.
    public var price: Amount
    /// `zorg`, `dagbesteding`, `facilitair` or `welzijn`.
    public var category: ProductCategory
    /// Attributable to one client (value funnel); only then can it be charged.
    public var attributable: Bool
    /// Influenceable by the client (value funnel); only then can it be charged.
    public var influenceable: Bool
    /// False once taken off the menu.
    public var active: Bool

    /// A product, field by field.
    public init(code: String, name: String, price: Amount, category: ProductCategory,
                attributable: Bool, influenceable: Bool, active: Bool) {
        self.code = code
        self.name = name
        self.price = price
        self.category = category
        self.attributable = attributable
        self.influenceable = influenceable
        self.active = active
    }
}

/// A point of sale: the restaurant counter, the day-activity desk.
public struct CounterInfo: Codable, Hashable, Sendable {
    /// The counter's id, as readers and cashiers name it.
    public var id: String
    /// The name on the screen.
    public var name: String
    /// The product categories this counter may sell.
    public var categories: [String]
    /// The location it stands at; nil: none.
    public var location: String?

    /// A counter, field by field.
    public init(id: String, name: String, categories: [String], location: String? = nil) {
        self.id = id
        self.name = name
        self.categories = categories
        self.location = location
    }
}

/// A client's wallet at this moment.
public struct WalletInfo: Codable, Hashable, Sendable {
    /// The client the wallet belongs to.
    public var clientNumber: String
    /// The client's name, for the screen.
    public var clientName: String
    /// The unit of every amount in the wallet.
    public var unit: AmountUnit
    /// The month the figures are for, `YYYY-MM` in Europe/Amsterdam.
    public var month: String
    /// What is in the wallet now.
    public var balance: Amount
    /// The part of the balance held back as reserve.
    public var reserve: Amount
    /// The traffic light for the balance.
    public var light: TrafficLight
    /// What was allocated for this month.
    public var allocatedThisMonth: Amount
    /// What was charged to the wallet this month.
    public var spentThisMonth: Amount
    /// What was paid from own money this month.
    public var ownSpentThisMonth: Amount
    /// The most own money this month may add to charges.
    public var ownContributionCap: Amount
    /// Allocated for a month that has not started (not in balance, reserve or light); absent when none.
    public var announced: Amount?
    /// `YYYY-MM`: the month the announced money lands in the wallet.
    public var announcedMonth: String?
    /// Held for booked day activities: reserved, not spent; the light sees balance − held.
    public var held: Amount?

    /// A wallet, field by field.
    public init(clientNumber: String, clientName: String, unit: AmountUnit, month: String,
                balance: Amount, reserve: Amount, light: TrafficLight, allocatedThisMonth: Amount,
                spentThisMonth: Amount, ownSpentThisMonth: Amount, ownContributionCap: Amount,
                announced: Amount? = nil, announcedMonth: String? = nil) {
        self.announced = announced
        self.announcedMonth = announcedMonth
        self.clientNumber = clientNumber
        self.clientName = clientName
        self.unit = unit
        self.month = month
        self.balance = balance
        self.reserve = reserve
        self.light = light
        self.allocatedThisMonth = allocatedThisMonth
        self.spentThisMonth = spentThisMonth
        self.ownSpentThisMonth = ownSpentThisMonth
        self.ownContributionCap = ownContributionCap
    }
}

/// One basket line.
public struct SaleItem: Codable, Hashable, Sendable {
    /// The product code.
    public var product: String
    /// How many pieces.
    public var quantity: Int64

    /// A quantity of one product.
    public init(product: String, quantity: Int64) {
        self.product = product
        self.quantity = quantity
    }
}

/// The outcome of a successful charge.
public struct SaleResult: Codable, Hashable, Sendable {
    /// The id of the booked sale, for `sale.reverse`.
    public var saleId: String
    /// The counter the sale was made at.
    public var counter: String
    /// The client who paid.
    public var clientNumber: String
    /// The client's name, for the screen.
    public var clientName: String
    /// The card that was presented, if one was.
    public var cardUid: String?
    /// The unit of every amount in this result.
    public var unit: AmountUnit
    /// The price of the whole basket.
    public var total: Amount
    /// The part paid from the wallet.
    public var fromWallet: Amount
    /// The part paid from own money.
    public var fromOwn: Amount
    /// The wallet balance after the sale.
    public var balance: Amount
    /// The part of the balance held back as reserve.
    public var reserve: Amount
    /// The traffic light for the new balance.
    public var light: TrafficLight
    /// Who booked the sale.
    public var operatorName: String
    /// When the sale was booked (ISO 8601).
    public var at: String
    /// True when this answer repeats the first result of the same idempotency key.
    public var replayed: Bool
    /// True when the sale was accepted offline (the organisation's log out of reach): it is
    /// queued and forwarded later, and `balance` is the last one known here. Absent online.
    public var offline: Bool?

    /// A booked sale, field by field.
    public init(saleId: String, counter: String, clientNumber: String, clientName: String,
                cardUid: String?, unit: AmountUnit, total: Amount, fromWallet: Amount,
                fromOwn: Amount, balance: Amount, reserve: Amount, light: TrafficLight,
                operatorName: String, at: String, replayed: Bool) {
        self.saleId = saleId
        self.counter = counter
        self.clientNumber = clientNumber
        self.clientName = clientName
        self.cardUid = cardUid
        self.unit = unit
        self.total = total
        self.fromWallet = fromWallet
        self.fromOwn = fromOwn
        self.balance = balance
        self.reserve = reserve
        self.light = light
        self.operatorName = operatorName
        self.at = at
        self.replayed = replayed
    }
}

/// The outcome of a reversal.
public struct ReversalResult: Codable, Hashable, Sendable {
    /// The sale that was undone.
    public var saleId: String
    /// The id of the reversing booking.
    public var reversalId: String
    /// The client who was refunded.
    public var clientNumber: String
    /// The unit of every amount in this result.
    public var unit: AmountUnit
    /// The part returned to the wallet.
    public var refundedToWallet: Amount
    /// The part returned as own money.
    public var refundedToOwn: Amount
    /// The wallet balance after the reversal.
    public var balance: Amount
    /// The traffic light for the new balance.
    public var light: TrafficLight
    /// True when this answer repeats the first result of the same idempotency key.
    public var replayed: Bool

    /// A reversal, field by field.
    public init(saleId: String, reversalId: String, clientNumber: String, unit: AmountUnit,
                refundedToWallet: Amount, refundedToOwn: Amount, balance: Amount,
                light: TrafficLight, replayed: Bool) {
        self.saleId = saleId
        self.reversalId = reversalId
        self.clientNumber = clientNumber
        self.unit = unit
        self.refundedToWallet = refundedToWallet
        self.refundedToOwn = refundedToOwn
        self.balance = balance
        self.light = light
        self.replayed = replayed
    }
}
