import PasjesMoney

/// `card.tapped`: a card was presented at a reader of a counter.
public struct CardTappedEvent: Codable, Hashable, Sendable {
    public var counter: String
    public var reader: String
    public var uid: String
    /// `active`, `blocked`, `lost`, `unknown` or `unreadable`.
    public var cardState: String
    /// Why this card cannot pay (`card_blocked`, `card_unknown`, `client_not_active`, ...).
    public var reason: String?
    /// A Dutch sentence for the screen when the card cannot pay.
    public var message: String?
    public var clientNumber: String?
    public var clientName: String?
    public var unit: AmountUnit?
    public var balance: Amount?
    public var reserve: Amount?
    public var light: TrafficLight?
    /// Single-use, bound to this counter; `sale.charge` by a cashier needs it.
    public var tapToken: String?
    public var tokenExpiresAt: String?
    public var at: String

    public init(counter: String, reader: String, uid: String, cardState: String, reason: String? = nil,
                message: String? = nil, clientNumber: String? = nil, clientName: String? = nil,
                unit: AmountUnit? = nil, balance: Amount? = nil, reserve: Amount? = nil,
                light: TrafficLight? = nil, tapToken: String? = nil, tokenExpiresAt: String? = nil,
                at: String) {
        self.counter = counter
        self.reader = reader
        self.uid = uid
        self.cardState = cardState
        self.reason = reason
        self.message = message
        self.clientNumber = clientNumber
        self.clientName = clientName
        self.unit = unit
        self.balance = balance
        self.reserve = reserve
        self.light = light
        self.tapToken = tapToken
        self.tokenExpiresAt = tokenExpiresAt
        self.at = at
    }
}

/// `reader.changed`: a reader appeared or disappeared, or pcscd went down or came back.
public struct ReaderChangedEvent: Codable, Hashable, Sendable {
    public var reader: String?
    /// `present`, `absent`, `service_down` or `service_up`.
    public var state: String
    public var counter: String?
    public var at: String

    public init(reader: String?, state: String, counter: String?, at: String) {
        self.reader = reader
        self.state = state
        self.counter = counter
        self.at = at
    }
}

/// `subscription.dropped`: the daemon ended this connection's subscription and closes the
/// connection; reconnect and subscribe again.
public struct SubscriptionDroppedEvent: Codable, Hashable, Sendable {
    /// `too_slow` (more than the queued-event limit unread) or `shutdown`.
    public var reason: String
    public var message: String
    public var at: String

    public init(reason: String, message: String, at: String) {
        self.reason = reason
        self.message = message
        self.at = at
    }
}

/// A reader as `system.info` lists it.
public struct ReaderInfo: Codable, Hashable, Sendable {
    public var name: String
    /// `present` or `absent`.
    public var state: String
    public var counter: String?

    public init(name: String, state: String, counter: String?) {
        self.name = name
        self.state = state
        self.counter = counter
    }
}

/// `system.info`. A peer without a role hears only `version` and who it is; the details are
/// for the roles.
public struct SystemInfo: Codable, Hashable, Sendable {
    public var version: String
    public var unit: AmountUnit?
    public var database: String?
    public var uptimeSeconds: Int64?
    /// The caller as the daemon sees it.
    public var peerUid: UInt32
    public var peerUser: String
    public var role: String
    /// The counters the caller may work (`[counter_access]`; every counter for admins).
    public var counters: [String]?
    /// False while pcscd is unreachable.
    public var readerService: Bool?
    /// False when the daemon runs without card readers (`--no-readers`, `[pcsc] enabled = false`).
    public var readersEnabled: Bool?
    public var readers: [ReaderInfo]?

    public init(version: String, unit: AmountUnit?, database: String?, uptimeSeconds: Int64?,
                peerUid: UInt32, peerUser: String, role: String, counters: [String]? = nil,
                readerService: Bool?, readersEnabled: Bool? = nil, readers: [ReaderInfo]?) {
        self.version = version
        self.unit = unit
        self.database = database
        self.uptimeSeconds = uptimeSeconds
        self.peerUid = peerUid
        self.peerUser = peerUser
        self.role = role
        self.counters = counters
        self.readerService = readerService
        self.readersEnabled = readersEnabled
        self.readers = readers
    }
}

