import PasjesMoney

/// `card.tapped`: a card was presented at a reader of a counter.
public struct CardTappedEvent: Codable, Hashable, Sendable {
    /// The counter the reader belongs to.
    public var counter: String
    /// The PC/SC name of the reader.
    public var reader: String
    /// The card UID, upper-case hex.
    public var uid: String
    /// `active`, `blocked`, `lost`, `unknown` or `unreadable`.
    public var cardState: String
    /// Why this card cannot pay (`card_blocked`, `card_unknown`, `client_not_active`, ...).
    public var reason: String?
    /// A Dutch sentence for the screen when the card cannot pay.
    public var message: String?
    /// The card's client, when the card is known.
    public var clientNumber: String?
    /// The client's name, for the screen.
    public var clientName: String?
    /// The unit of `balance` and `reserve`.
    public var unit: AmountUnit?
    /// The client's wallet balance.
    public var balance: Amount?
    /// The part of the balance held back as reserve.
    public var reserve: Amount?
    /// The traffic light for the balance.
    public var light: TrafficLight?
    /// Single-use, bound to this counter; `sale.charge` by a cashier needs it.
    public var tapToken: String?
    /// When `tapToken` stops being accepted (ISO 8601).
    public var tokenExpiresAt: String?
    /// When the card was presented (ISO 8601).
    public var at: String

    /// A tap, with the client's wallet when the card can pay.
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
    /// The PC/SC name of the reader; nil for a change of pcscd itself.
    public var reader: String?
    /// `present`, `absent`, `service_down` or `service_up`.
    public var state: ReaderState
    /// The counter the reader belongs to, when configured.
    public var counter: String?
    /// When the change was seen (ISO 8601).
    public var at: String

    /// A change of a reader or of pcscd.
    public init(reader: String?, state: ReaderState, counter: String?, at: String) {
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
    /// A Dutch sentence for the screen.
    public var message: String
    /// When the subscription was dropped (ISO 8601).
    public var at: String

    /// The end of a subscription, with its reason.
    public init(reason: String, message: String, at: String) {
        self.reason = reason
        self.message = message
        self.at = at
    }
}

/// A reader as `system.info` lists it.
public struct ReaderInfo: Codable, Hashable, Sendable {
    /// The PC/SC name of the reader.
    public var name: String
    /// `present` or `absent`.
    public var state: ReaderState
    /// The counter the reader belongs to, when configured.
    public var counter: String?

    /// A reader with its state and counter.
    public init(name: String, state: ReaderState, counter: String?) {
        self.name = name
        self.state = state
        self.counter = counter
    }
}

/// `system.info`. A peer without a role hears only `version` and who it is; the details are
/// for the roles.
public struct SystemInfo: Codable, Hashable, Sendable {
    /// The daemon's version.
    public var version: String
    /// The unit the ledger counts in.
    public var unit: AmountUnit?
    /// The path of the ledger database.
    public var database: String?
    /// Seconds since the daemon started.
    public var uptimeSeconds: Int64?
    /// The caller as the daemon sees it.
    public var peerUid: UInt32
    /// The caller's user name.
    public var peerUser: String
    /// The caller's role (`admin`, `cashier`, ... or `none`).
    public var role: String
    /// The counters the caller may work (`[counter_access]`; every counter for admins).
    public var counters: [String]?
    /// False while pcscd is unreachable.
    public var readerService: Bool?
    /// False when the daemon runs without card readers (`--no-readers`, `[pcsc] enabled = false`).
    public var readersEnabled: Bool?
    /// The readers the daemon knows, with their state.
    public var readers: [ReaderInfo]?
    /// pasjesd's day in Europe/Amsterdam (`2026-11-24`): what `pasjes` takes for "this month"
    /// and "today" when none is given, whatever the terminal's clock says.
    public var today: String?
    /// Free bytes on the ledger's filesystem (statvfs, what pasjesd may still write): at 0 every
    /// booking is refused with `storage_full`.
    public var storageFreeBytes: Int64?
    /// Below this many free bytes pasjesd warns in its log (`[storage] warn_below_mb`).
    public var storageWarnBelowBytes: Int64?
    /// This pasjesd as a node of several locations; nil when it is the whole system.
    public var central: CentralInfo?

    /// What `system.info` answers, field by field.
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

