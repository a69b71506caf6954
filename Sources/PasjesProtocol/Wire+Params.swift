import PasjesMoney

// Params of each method. Every booking method carries `idempotencyKey`: a client-made UUID.
// Retrying with the same key returns the first result and books nothing new.

/// `client.create`
public struct ClientCreateParams: Codable, Sendable {
    public var idempotencyKey: String
    public var number: String
    public var name: String
    public var zzp: String
    public var location: String
    public var department: String
    public var allowOwnContribution: Bool?
    public var ownContributionCap: Amount?

    public init(idempotencyKey: String, number: String, name: String, zzp: String, location: String,
                department: String, allowOwnContribution: Bool? = nil, ownContributionCap: Amount? = nil) {
        self.idempotencyKey = idempotencyKey
        self.number = number
        self.name = name
        self.zzp = zzp
        self.location = location
        self.department = department
        self.allowOwnContribution = allowOwnContribution
        self.ownContributionCap = ownContributionCap
    }
}

/// `client.get`, `wallet.get`: one client by number (or, for `wallet.get`, by card UID).
public struct ClientRef: Codable, Sendable {
    public var number: String?
    public var cardUid: String?
    /// A live tap token of the caller's counter: how a cashier asks for the wallet of the card
    /// presented to them (number and card UID are for admins).
    public var tapToken: String?

    public init(number: String? = nil, cardUid: String? = nil, tapToken: String? = nil) {
        self.number = number
        self.cardUid = cardUid
        self.tapToken = tapToken
    }
}

/// `client.list`: optional filters.
public struct ClientListParams: Codable, Sendable {
    public var location: String?
    public var status: String?
    public var limit: Int?

    public init(location: String? = nil, status: String? = nil, limit: Int? = nil) {
        self.location = location
        self.status = status
        self.limit = limit
    }
}

/// `client.update`: only the fields given change.
public struct ClientUpdateParams: Codable, Sendable {
    public var number: String
    public var name: String?
    public var zzp: String?
    public var location: String?
    public var department: String?
    public var status: String?
    public var allowOwnContribution: Bool?
    public var ownContributionCap: Amount?

    public init(number: String, name: String? = nil, zzp: String? = nil, location: String? = nil,
                department: String? = nil, status: String? = nil, allowOwnContribution: Bool? = nil,
                ownContributionCap: Amount? = nil) {
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

/// `card.link`
public struct CardLinkParams: Codable, Sendable {
    public var idempotencyKey: String
    public var uid: String
    public var clientNumber: String
    /// True to link a second active card to a client who has one; refused otherwise.
    public var extra: Bool?

    public init(idempotencyKey: String, uid: String, clientNumber: String, extra: Bool? = nil) {
        self.idempotencyKey = idempotencyKey
        self.uid = uid
        self.clientNumber = clientNumber
        self.extra = extra
    }
}

/// `card.block`: `state` is `blocked` (default), `lost`, or `active` to unblock (a `reason` is then required).
public struct CardBlockParams: Codable, Sendable {
    public var uid: String
    public var state: String?
    public var reason: String?

    public init(uid: String, state: String? = nil, reason: String? = nil) {
        self.uid = uid
        self.state = state
        self.reason = reason
    }
}

/// `card.replace`: the old card is blocked, the new one pays from the same wallet.
public struct CardReplaceParams: Codable, Sendable {
    public var idempotencyKey: String
    public var oldUid: String
    public var newUid: String

    public init(idempotencyKey: String, oldUid: String, newUid: String) {
        self.idempotencyKey = idempotencyKey
        self.oldUid = oldUid
        self.newUid = newUid
    }
}

/// `card.get`
public struct CardRef: Codable, Sendable {
    public var uid: String
    public init(uid: String) { self.uid = uid }
}

/// `product.create`
public struct ProductCreateParams: Codable, Sendable {
    public var code: String
    public var name: String
    public var price: Amount
    public var category: String
    public var attributable: Bool
    public var influenceable: Bool

    public init(code: String, name: String, price: Amount, category: String,
                attributable: Bool, influenceable: Bool) {
        self.code = code
        self.name = name
        self.price = price
        self.category = category
        self.attributable = attributable
        self.influenceable = influenceable
    }
}

/// `product.update`: only the fields given change.
public struct ProductUpdateParams: Codable, Sendable {
    public var code: String
    public var name: String?
    public var price: Amount?
    public var active: Bool?

    public init(code: String, name: String? = nil, price: Amount? = nil, active: Bool? = nil) {
        self.code = code
        self.name = name
        self.price = price
        self.active = active
    }
}

/// `product.list`: with `counter`, only what that counter may sell, in menu order.
public struct ProductListParams: Codable, Sendable {
    public var counter: String?
    public init(counter: String? = nil) { self.counter = counter }
}

/// `counter.create`
public struct CounterCreateParams: Codable, Sendable {
    public var id: String
    public var name: String
    public var categories: [String]

    public init(id: String, name: String, categories: [String]) {
        self.id = id
        self.name = name
        self.categories = categories
    }
}

/// `budget.allocate`: an explicit amount, or none to derive it from the budget policy.
public struct BudgetAllocateParams: Codable, Sendable {
    public var idempotencyKey: String
    public var clientNumber: String
    /// `YYYY-MM`.
    public var month: String
    public var amount: Amount?

    public init(idempotencyKey: String, clientNumber: String, month: String, amount: Amount? = nil) {
        self.idempotencyKey = idempotencyKey
        self.clientNumber = clientNumber
        self.month = month
        self.amount = amount
    }
}

/// `sale.charge`: cashiers name a `tapToken`; admins may name `clientNumber` with a `reason`.
public struct SaleChargeParams: Codable, Sendable {
    public var idempotencyKey: String
    public var counter: String
    public var items: [SaleItem]
    public var tapToken: String?
    public var clientNumber: String?
    public var cardUid: String?
    public var reason: String?

    public init(idempotencyKey: String, counter: String, items: [SaleItem], tapToken: String? = nil,
                clientNumber: String? = nil, cardUid: String? = nil, reason: String? = nil) {
        self.idempotencyKey = idempotencyKey
        self.counter = counter
        self.items = items
        self.tapToken = tapToken
        self.clientNumber = clientNumber
        self.cardUid = cardUid
        self.reason = reason
    }
}

/// `sale.reverse`
public struct SaleReverseParams: Codable, Sendable {
    public var idempotencyKey: String
    public var saleId: String
    public var reason: String?

    public init(idempotencyKey: String, saleId: String, reason: String? = nil) {
        self.idempotencyKey = idempotencyKey
        self.saleId = saleId
        self.reason = reason
    }
}

/// `wallet.history`
public struct WalletHistoryParams: Codable, Sendable {
    public var clientNumber: String
    /// `YYYY-MM`; all months when absent.
    public var month: String?
    public var limit: Int?

    public init(clientNumber: String, month: String? = nil, limit: Int? = nil) {
        self.clientNumber = clientNumber
        self.month = month
        self.limit = limit
    }
}

/// `subscribe`: topics to receive; `counter` narrows `card.tapped` and sales to one counter.
public struct SubscribeParams: Codable, Sendable {
    public var topics: [EventTopic]
    public var counter: String?

    public init(topics: [EventTopic], counter: String? = nil) {
        self.topics = topics
        self.counter = counter
    }
}

/// Params for methods that take none.
public struct NoParams: Codable, Sendable {
    public init() {}
}
