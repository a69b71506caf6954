import PasjesMoney

// Params of each method. Every booking method carries `idempotencyKey`: a client-made UUID.
// Retrying with the same key returns the first result and books nothing new.

/// `client.create`
public struct ClientCreateParams: Codable, Sendable {
    /// Makes a retry return the first answer instead of creating twice.
    public var idempotencyKey: String
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
    /// Whether the client may pay from own money (eigen bijdrage) what the wallet does not cover.
    public var allowOwnContribution: Bool?
    /// The most the client may pay from own money in a month.
    public var ownContributionCap: Amount?
    /// Create even when a resident with the same name lives at the same location (`--toch`).
    public var toch: Bool?

    /// Params for a new client; the own-contribution fields default to the policy.
    public init(idempotencyKey: String, number: String, name: String, zzp: String, location: String,
                department: String, allowOwnContribution: Bool? = nil, ownContributionCap: Amount? = nil,
                toch: Bool? = nil) {
        self.toch = toch
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
    /// The client number, for admins.
    public var number: String?
    /// The UID of one of the client's cards, for admins.
    public var cardUid: String?
    /// A live tap token of the caller's counter: how a cashier asks for the wallet of the card
    /// presented to them (number and card UID are for admins).
    public var tapToken: String?

    /// A reference by exactly one of number, card UID or tap token.
    public init(number: String? = nil, cardUid: String? = nil, tapToken: String? = nil) {
        self.number = number
        self.cardUid = cardUid
        self.tapToken = tapToken
    }
}

/// `client.list`: optional filters.
public struct ClientListParams: Codable, Sendable {
    /// Only clients at this location, when set.
    public var location: String?
    /// Only clients in this status (`active`, `absent`, `ended`), when set.
    public var status: ClientStatus?
    /// At most this many clients, when set.
    public var limit: Int?
    /// Where the page starts (default 0): the `next` of the page before.
    public var offset: Int?

    /// Filters for `client.list`; nil fields do not filter.
    public init(location: String? = nil, status: ClientStatus? = nil, limit: Int? = nil, offset: Int? = nil) {
        self.location = location
        self.status = status
        self.limit = limit
        self.offset = offset
    }
}

/// `client.update`: only the fields given change.
public struct ClientUpdateParams: Codable, Sendable {
    /// The client to change.
    public var number: String
    /// A new full name.
    public var name: String?
    /// A new care package.
    public var zzp: String?
    /// A new location.
    public var location: String?
    /// A new department.
    public var department: String?
    /// A new status (`active`, `absent`, `ended`).
    public var status: ClientStatus?
    /// Whether the client may now pay from own money (eigen bijdrage).
    public var allowOwnContribution: Bool?
    /// A new monthly cap on payments from own money.
    public var ownContributionCap: Amount?

    /// The changes for one client; nil fields stay as they are.
    public init(number: String, name: String? = nil, zzp: String? = nil, location: String? = nil,
                department: String? = nil, status: ClientStatus? = nil, allowOwnContribution: Bool? = nil,
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
    /// Makes a retry return the first answer instead of linking twice.
    public var idempotencyKey: String
    /// The UID of the card to link.
    public var uid: String
    /// The client the card will pay for.
    public var clientNumber: String
    /// True to link a second active card to a client who has one; refused otherwise.
    public var extra: Bool?

    /// Params to link a card to a client.
    public init(idempotencyKey: String, uid: String, clientNumber: String, extra: Bool? = nil) {
        self.idempotencyKey = idempotencyKey
        self.uid = uid
        self.clientNumber = clientNumber
        self.extra = extra
    }
}

/// `card.block`: `state` is `blocked` (default), `lost`, or `active` to unblock (a `reason` is then required).
public struct CardBlockParams: Codable, Sendable {
    /// The UID of the card.
    public var uid: String
    /// `blocked` (the default), `lost` or `active`.
    public var state: CardState?
    /// Why, for the journal; required to unblock.
    public var reason: String?

    /// Params to block, report lost or unblock a card.
    public init(uid: String, state: CardState? = nil, reason: String? = nil) {
        self.uid = uid
        self.state = state
        self.reason = reason
    }
}

/// `card.replace`: the old card is blocked, the new one pays from the same wallet.
public struct CardReplaceParams: Codable, Sendable {
    /// Makes a retry return the first answer instead of replacing twice.
    public var idempotencyKey: String
    /// The UID of the card being replaced.
    public var oldUid: String
    /// The UID of the new card.
    public var newUid: String

    /// Params to replace one card by another.
    public init(idempotencyKey: String, oldUid: String, newUid: String) {
        self.idempotencyKey = idempotencyKey
        self.oldUid = oldUid
        self.newUid = newUid
    }
}

/// `card.get`
public struct CardRef: Codable, Sendable {
    /// The UID of the card.
    public var uid: String
    /// A reference to one card by UID.
    public init(uid: String) { self.uid = uid }
}

/// `product.create`
public struct ProductCreateParams: Codable, Sendable {
    /// The product code cashiers type or pick.
    public var code: String
    /// The name on the menu.
    public var name: String
    /// The price per piece.
    public var price: Amount
    /// The category, which decides which counters sell it.
    public var category: ProductCategory
    /// Attributable to one client (value funnel); only then can it be charged.
    public var attributable: Bool
    /// Influenceable by the client (value funnel); only then can it be charged.
    public var influenceable: Bool

    /// Params for a new product.
    public init(code: String, name: String, price: Amount, category: ProductCategory,
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
    /// The product to change.
    public var code: String
    /// A new name.
    public var name: String?
    /// A new price per piece.
    public var price: Amount?
    /// False to take the product off the menu, true to put it back.
    public var active: Bool?

    /// The changes for one product; nil fields stay as they are.
    public init(code: String, name: String? = nil, price: Amount? = nil, active: Bool? = nil) {
        self.code = code
        self.name = name
        self.price = price
        self.active = active
    }
}

/// `product.list`: with `counter`, only what that counter may sell, in menu order.
public struct ProductListParams: Codable, Sendable {
    /// Only what this counter may sell, when set.
    public var counter: String?
    /// A filter by counter; nil lists every product.
    public init(counter: String? = nil) { self.counter = counter }
}

/// `counter.create`
public struct CounterCreateParams: Codable, Sendable {
    /// The counter's id, as readers and cashiers name it.
    public var id: String
    /// The name on the screen.
    public var name: String
    /// The product categories this counter may sell.
    public var categories: [String]
    /// The location it stands at (`EHV-NOORD`); nil: none.
    public var location: String?

    /// Params for a new counter.
    public init(id: String, name: String, categories: [String], location: String? = nil) {
        self.id = id
        self.name = name
        self.categories = categories
        self.location = location
    }
}

/// `counter.setLocation`: moves a counter to a location, or takes its location away.
public struct CounterSetLocationParams: Codable, Sendable {
    /// The counter's id.
    public var id: String
    /// The location code (`EHV-NOORD`); nil or absent: no location.
    public var location: String?

    /// Params to put counter `id` at `location` (nil: at none).
    public init(id: String, location: String?) {
        self.id = id
        self.location = location
    }
}

/// `budget.allocate`: an explicit amount, or none to derive it from the budget policy.
public struct BudgetAllocateParams: Codable, Sendable {
    /// Makes a retry return the first answer instead of allocating twice.
    public var idempotencyKey: String
    /// The client to allocate to.
    public var clientNumber: String
    /// `YYYY-MM`.
    public var month: String
    /// The amount to allocate; nil derives it from the budget policy.
    public var amount: Amount?

    /// Params to allocate one client's budget for `month`.
    public init(idempotencyKey: String, clientNumber: String, month: String, amount: Amount? = nil) {
        self.idempotencyKey = idempotencyKey
        self.clientNumber = clientNumber
        self.month = month
        self.amount = amount
    }
}

/// `sale.charge`: cashiers name a `tapToken`; admins may name `clientNumber` with a `reason`.
public struct SaleChargeParams: Codable, Sendable {
    /// Makes a retry return the first answer instead of charging twice.
    public var idempotencyKey: String
    /// The counter the sale is made at.
    public var counter: String
    /// What is sold, product by product.
    public var items: [SaleItem]
    /// The token of the card presented at this counter (cashiers).
    public var tapToken: String?
    /// The client to charge without a tap (admins, with a `reason`).
    public var clientNumber: String?
    /// The card to charge without a tap (admins, with a `reason`).
    public var cardUid: String?
    /// Why a charge is booked without a tap, for the journal.
    public var reason: String?

    /// Params to charge a sale to a tapped card, or to a named client or card.
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
    /// Makes a retry return the first answer instead of reversing twice.
    public var idempotencyKey: String
    /// The sale to undo.
    public var saleId: String
    /// Why, for the journal.
    public var reason: String?

    /// Params to undo one sale.
    public init(idempotencyKey: String, saleId: String, reason: String? = nil) {
        self.idempotencyKey = idempotencyKey
        self.saleId = saleId
        self.reason = reason
    }
}

/// `wallet.history`
public struct WalletHistoryParams: Codable, Sendable {
    /// The client whose wallet history is asked.
    public var clientNumber: String
    /// `YYYY-MM`; all months when absent.
    public var month: String?
    /// At most this many lines, when set.
    public var limit: Int?
    /// Where the page starts (default 0): the `next` of the page before.
    public var offset: Int?

    /// Params for one client's wallet history.
    public init(clientNumber: String, month: String? = nil, limit: Int? = nil, offset: Int? = nil) {
        self.clientNumber = clientNumber
        self.month = month
        self.limit = limit
        self.offset = offset
    }
}

/// `subscribe`: topics to receive; `counter` narrows `card.tapped` and sales to one counter.
public struct SubscribeParams: Codable, Sendable {
    /// The event topics to receive.
    public var topics: [EventTopic]
    /// Only events of this counter, when set.
    public var counter: String?

    /// A subscription to `topics`, optionally for one counter.
    public init(topics: [EventTopic], counter: String? = nil) {
        self.topics = topics
        self.counter = counter
    }
}

/// `ledger.verify`
public struct VerifyParams: Codable, Sendable {
    /// A seal printed by an earlier verify (`42:9f86…`): also finds entries cut off or rewritten before it.
    public var seal: String?

    /// Verify params, field by field.
    public init(seal: String? = nil) {
        self.seal = seal
    }
}

/// Params for methods that take none.
public struct NoParams: Codable, Sendable {
    /// The empty params.
    public init() {}
}

/// `ledger.backup`: a checked copy of the ledger, made while counters keep selling.
public struct BackupParams: Codable, Sendable {
    /// An absolute folder for the copy; absent: `[backup] dir` of pasjesd's config.
    public var dir: String?

    /// Backup params, field by field.
    public init(dir: String? = nil) {
        self.dir = dir
    }
}
