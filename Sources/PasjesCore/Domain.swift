import PasjesMoney

/// A resident with a wallet and an own-contribution account.
public struct Client: Codable, Hashable, Sendable {
    public var number: String
    public var name: String
    public var zzp: String
    public var location: String
    public var department: String
    public var status: ClientStatus
    public var allowOwnContribution: Bool
    public var ownContributionCap: Amount
}

/// What an administrator fills in for a new client.
public struct NewClient: Codable, Hashable, Sendable {
    public var number: String
    public var name: String
    public var zzp: String
    public var location: String
    public var department: String
    public var allowOwnContribution: Bool
    public var ownContributionCap: Amount?

    public init(number: String, name: String, zzp: String, location: String = "", department: String = "",
                allowOwnContribution: Bool = false, ownContributionCap: Amount? = nil) {
        self.number = number
        self.name = name
        self.zzp = zzp
        self.location = location
        self.department = department
        self.allowOwnContribution = allowOwnContribution
        self.ownContributionCap = ownContributionCap
    }
}

/// A change to a client: nil fields stay as they are.
public struct ClientChange: Codable, Hashable, Sendable {
    public var name: String?
    public var zzp: String?
    public var location: String?
    public var department: String?
    public var status: ClientStatus?
    public var allowOwnContribution: Bool?
    public var ownContributionCap: Amount?

    public init(name: String? = nil, zzp: String? = nil, location: String? = nil, department: String? = nil,
                status: ClientStatus? = nil, allowOwnContribution: Bool? = nil, ownContributionCap: Amount? = nil) {
        self.name = name
        self.zzp = zzp
        self.location = location
        self.department = department
        self.status = status
        self.allowOwnContribution = allowOwnContribution
        self.ownContributionCap = ownContributionCap
    }
}

/// A card linked to a client.
public struct Card: Codable, Hashable, Sendable {
    public var uid: String
    public var clientNumber: String
    public var state: CardState
    public var replacedBy: String?
    /// Why the card is in its state (block reason, or why it was made active again).
    public var reason: String? = nil
    /// When it was blocked or reported lost (UTC ISO 8601); nil while active.
    public var blockedAt: String? = nil
}

/// A product sold at counters, with the value-funnel answers.
public struct Product: Codable, Hashable, Sendable {
    public var code: String
    public var name: String
    public var price: Amount
    public var category: ProductCategory
    /// Can it be attributed to one client?
    public var attributable: Bool
    /// Can the client decide to take more or less of it?
    public var influenceable: Bool
    public var active: Bool

    public init(code: String, name: String, price: Amount, category: ProductCategory,
                attributable: Bool, influenceable: Bool, active: Bool = true) {
        self.code = code
        self.name = name
        self.price = price
        self.category = category
        self.attributable = attributable
        self.influenceable = influenceable
        self.active = active
    }

    /// Personal budget only when both funnel questions are answered yes.
    public var isPersonalBudget: Bool { attributable && influenceable }
}

/// A point of sale and the categories it may sell.
public struct Counter: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var categories: [ProductCategory]
    /// The location (site) the counter stands at, e.g. `EHV-NOORD`; nil: none given.
    /// Left out of the JSON when nil, so a `counter.create` journaled before locations keeps its bytes.
    public var location: String?

    public init(id: String, name: String, categories: [ProductCategory], location: String? = nil) {
        self.id = id
        self.name = name
        self.categories = categories
        self.location = location
    }
}

/// Who booked something, and where: presenting a card is consent, so the record must show it.
public struct Operator: Codable, Hashable, Sendable {
    /// The Unix uid of the peer that asked.
    public var uid: UInt32
    public var name: String

    public init(uid: UInt32, name: String) {
        self.uid = uid
        self.name = name
    }

    /// The ledger itself (saving flow-back, maintenance tools).
    public static let system = Operator(uid: 0, name: "system")
}
