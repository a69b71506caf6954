/// `card.list`: cards, optionally of one client or in one state.
public struct CardListParams: Codable, Sendable {
    /// Only this client's cards, when set.
    public var clientNumber: String?
    /// `active`, `blocked` or `lost`.
    public var state: CardState?
    /// Only cards without a key (known by their UID alone): the ones still to replace.
    public var plain: Bool?

    /// A filter; nil fields do not filter.
    public init(clientNumber: String? = nil, state: CardState? = nil, plain: Bool? = nil) {
        self.clientNumber = clientNumber
        self.state = state
        self.plain = plain
    }
}

/// The answer to `card.list`.
public struct CardListResult: Codable, Hashable, Sendable {
    /// The cards that match.
    public var cards: [CardInfo]

    /// The cards found.
    public init(cards: [CardInfo]) {
        self.cards = cards
    }
}

/// `card.issue`: give the blank card on an admin reader its key and link it to a client.
public struct CardIssueParams: Codable, Sendable {
    /// Client-made; a retry with the same key links nothing twice.
    public var idempotencyKey: String
    /// The client the card is for.
    public var clientNumber: String
    /// The reader the card lies on; default `[cards] issue_reader`.
    public var reader: String?
    /// Link as a second active card on purpose.
    public var extra: Bool?

    /// An issue request.
    public init(idempotencyKey: String, clientNumber: String, reader: String? = nil, extra: Bool? = nil) {
        self.idempotencyKey = idempotencyKey
        self.clientNumber = clientNumber
        self.reader = reader
        self.extra = extra
    }
}

/// The answer to `card.issue`.
public struct CardIssueResult: Codable, Sendable {
    /// The card as linked, with `authenticated: true`.
    public var card: CardInfo
    /// The reader the card lay on.
    public var reader: String
    /// The master-key version the card's key was diversified from.
    public var keyVersion: Int
    /// The version the card had before (a re-key), absent when it had none.
    public var previousKeyVersion: Int?
    /// False when the card held its key already (an issue redone after an interruption).
    public var keyChanged: Bool
    /// True when this issue linked the card; false when it was linked already.
    public var linked: Bool
    /// What happened, in Dutch.
    public var message: String

    /// A result, field by field.
    public init(card: CardInfo, reader: String, keyVersion: Int, previousKeyVersion: Int?, keyChanged: Bool,
                linked: Bool, message: String) {
        self.card = card
        self.reader = reader
        self.keyVersion = keyVersion
        self.previousKeyVersion = previousKeyVersion
        self.keyChanged = keyChanged
        self.linked = linked
        self.message = message
    }
}

/// `card.suspect`: a card that did not prove its key (admins only).
public struct CardSuspectEvent: Codable, Hashable, Sendable {
    /// When it was tapped (UTC).
    public var at: String
    /// The reader it lay on.
    public var reader: String
    /// The reader's counter, if it has one.
    public var counter: String?
    /// The UID it showed.
    public var uid: String
    /// The client the UID belongs to.
    public var clientNumber: String?
    /// `card_not_genuine`.
    public var reason: String
    /// Which check failed: `no_application`, `refused_by_card`, `wrong_card_proof`, `key_retired`, `transport`.
    public var check: String
    /// The key version on record.
    public var keyVersion: Int?
    /// What to do, in Dutch.
    public var message: String

    /// An event, field by field.
    public init(at: String, reader: String, counter: String?, uid: String, clientNumber: String?, reason: String,
                check: String, keyVersion: Int?, message: String) {
        self.at = at
        self.reader = reader
        self.counter = counter
        self.uid = uid
        self.clientNumber = clientNumber
        self.reason = reason
        self.check = check
        self.keyVersion = keyVersion
        self.message = message
    }
}
