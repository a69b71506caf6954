import PasjesMoney

// Records as they travel on the wire. Amounts are integers in minor units of `unit`
// (euro cents, minutes or points); timestamps are ISO 8601 in UTC.

/// A client (resident) as the daemon reports it.
public struct ClientInfo: Codable, Hashable, Sendable {
    public var number: String
    public var name: String
    public var zzp: String
    public var location: String
    public var department: String
    /// `active`, `absent` or `ended`.
    public var status: String
    public var allowOwnContribution: Bool
    /// The most own money a month may add to charges, in minor units.
    public var ownContributionCap: Amount

    public init(number: String, name: String, zzp: String, location: String, department: String,
                status: String, allowOwnContribution: Bool, ownContributionCap: Amount) {
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
    public var clientNumber: String
    /// `active`, `blocked` or `lost`.
    public var state: String
    public var replacedBy: String?
    /// Why the card is in its state (block reason, or why it was made active again).
    public var reason: String?
    /// When it was blocked or reported lost (UTC); absent while active.
    public var blockedAt: String?

    public init(uid: String, clientNumber: String, state: String, replacedBy: String?,
                reason: String? = nil, blockedAt: String? = nil) {
        self.uid = uid
        self.clientNumber = clientNumber
        self.state = state
        self.replacedBy = replacedBy
        self.reason = reason
        self.blockedAt = blockedAt
    }
}

/// A product on sale at counters.
public struct ProductInfo: Codable, Hashable, Sendable {
    public var code: String
    public var name: String
    public var price: Amount
    /// `zorg`, `dagbesteding`, `facilitair` or `welzijn`.
    public var category: String
    public var attributable: Bool
    public var influenceable: Bool
    public var active: Bool

    public init(code: String, name: String, price: Amount, category: String,
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
    public var id: String
    public var name: String
    public var categories: [String]

    public init(id: String, name: String, categories: [String]) {
        self.id = id
        self.name = name
        self.categories = categories
    }
}

/// A client's wallet at this moment.
public struct WalletInfo: Codable, Hashable, Sendable {
    public var clientNumber: String
    public var clientName: String
    public var unit: AmountUnit
    /// The month the figures are for, `YYYY-MM` in Europe/Amsterdam.
    public var month: String
    public var balance: Amount
    public var reserve: Amount
    public var light: TrafficLight
    public var allocatedThisMonth: Amount
    public var spentThisMonth: Amount
    public var ownSpentThisMonth: Amount
    public var ownContributionCap: Amount
    /// Allocated for a month that has not started (not in balance, reserve or light); absent when none.
    public var announced: Amount?
    /// `YYYY-MM`: the month the announced money lands in the wallet.
    public var announcedMonth: String?

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
    public var product: String
    public var quantity: Int64

    public init(product: String, quantity: Int64) {
        self.product = product
        self.quantity = quantity
    }
}

/// The outcome of a successful charge.
public struct SaleResult: Codable, Hashable, Sendable {
    public var saleId: String
    public var counter: String
    public var clientNumber: String
    public var clientName: String
    public var cardUid: String?
    public var unit: AmountUnit
    public var total: Amount
    public var fromWallet: Amount
    public var fromOwn: Amount
    public var balance: Amount
    public var reserve: Amount
    public var light: TrafficLight
    public var operatorName: String
    public var at: String
    /// True when this answer repeats the first result of the same idempotency key.
    public var replayed: Bool

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
    public var saleId: String
    public var reversalId: String
    public var clientNumber: String
    public var unit: AmountUnit
    public var refundedToWallet: Amount
    public var refundedToOwn: Amount
    public var balance: Amount
    public var light: TrafficLight
    public var replayed: Bool

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
