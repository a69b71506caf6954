import Foundation
import PasjesMoney
import PasjesProtocol

/// Everything the cashier's screen knows: the single source of truth that `reduce` changes.
///
/// Plain data (no I/O, no terminal) so every flow can be tested by feeding events.
public struct KassaState: Equatable, Sendable {
    /// The counter this terminal sells for (`--counter`).
    public var counterID: String
    /// The counter's display name from `counter.list`; nil until loaded.
    public var counterName: String?
    /// The unit of payment of this organisation (from `system.info`).
    public var unit: AmountUnit
    /// Active products of this counter in menu order, each with its hotkey.
    public var menu: [MenuEntry]
    /// The basket being put together.
    public var basket: Basket
    /// What the terminal is doing now (which keys mean what).
    public var phase: KassaPhase
    /// What the status area shows; a result stays until the next action.
    public var status: KassaStatus
    /// The connection to pasjesd.
    public var connection: ConnectionStatus
    /// This counter's reader as far as we know.
    public var reader: ReaderStatus
    /// pasjesd's link with the organisation's log (`system.info`'s `central.sync`, then
    /// `sync.changed`); nil for an embedded pasjesd (no `[central]`) and while not connected.
    public var sync: SyncInfo?
    /// The last sale booked at this counter (what `u` offers to reverse).
    public var lastSale: SaleResult?
    /// Sales counted this session, by sale id, so a replayed answer is never counted twice.
    public var countedSales: Set<String>
    /// How many sales this session booked, and their total (shown in the footer line).
    public var sessionSales: Int
    /// The sum of the sales this session booked.
    public var sessionTotal: Amount
    /// The wall clock as of the last tick.
    public var now: Date
    /// Where idempotency keys come from (random in production, a sequence in tests).
    public var keys: IdempotencyKeySource
    /// Timeouts and limits.
    public var config: KassaConfig

    /// A fresh terminal for `counterID`, not yet connected.
    public init(counterID: String, now: Date = Date(), keys: IdempotencyKeySource = .random,
                config: KassaConfig = KassaConfig()) {
        self.counterID = counterID
        self.counterName = nil
        self.unit = .cents
        self.menu = []
        self.basket = Basket()
        self.phase = .ready
        self.status = .welcome
        self.connection = .connecting(attempt: 0)
        self.reader = .unknown
        self.sync = nil
        self.lastSale = nil
        self.countedSales = []
        self.sessionSales = 0
        self.sessionTotal = .zero
        self.now = now
        self.keys = keys
        self.config = config
    }
}

/// One product on this counter's menu with the key that adds it.
public struct MenuEntry: Equatable, Sendable {
    /// The key that adds one of this product (`1`–`9`, then `a`.. without `q` and `u`).
    public var hotkey: Character
    /// The product as the daemon lists it.
    public var product: ProductInfo

    /// Pairs a hotkey with a product.
    public init(hotkey: Character, product: ProductInfo) {
        self.hotkey = hotkey
        self.product = product
    }
}

/// Which keys mean what right now.
public enum KassaPhase: Equatable, Sendable {
    /// Editing the basket; a tap pays it (or shows the balance when it is empty).
    case ready
    /// A `sale.charge` is out; it is re-sent with the same key until it gets an answer.
    case charging(PendingCharge)
    /// `u` was pressed: waiting for j/n to reverse this sale.
    case confirmUndo(SaleResult)
    /// A `sale.reverse` is out.
    case reversing(PendingReverse)
    /// `q` was pressed: waiting for j/n.
    case confirmQuit
}

/// A charge sent to pasjesd whose answer has not come yet.
public struct PendingCharge: Equatable, Sendable {
    /// Exactly what is (re)sent: the same idempotency key and tap token every time.
    public var request: ChargeRequest
    /// Whose card paid, from the tap, for the screen while waiting.
    public var clientName: String?
    /// When it was last sent; after `config.requestTimeoutMilliseconds` the connection is reset.
    public var sentAt: Date
    /// How many times it has been sent.
    public var attempts: Int
    /// True while the connection is down and the charge waits to be re-sent.
    public var awaitingReconnect: Bool

    /// A charge sent (for the first time) at `sentAt`.
    public init(request: ChargeRequest, clientName: String?, sentAt: Date) {
        self.request = request
        self.clientName = clientName
        self.sentAt = sentAt
        self.attempts = 1
        self.awaitingReconnect = false
    }
}

/// A reversal sent to pasjesd whose answer has not come yet.
public struct PendingReverse: Equatable, Sendable {
    /// Exactly what is (re)sent.
    public var request: ReverseRequest
    /// The sale being reversed.
    public var sale: SaleResult
    /// When it was last sent.
    public var sentAt: Date
    /// True while the connection is down and the reversal waits to be re-sent.
    public var awaitingReconnect: Bool

    /// A reversal sent at `sentAt`.
    public init(request: ReverseRequest, sale: SaleResult, sentAt: Date) {
        self.request = request
        self.sale = sale
        self.sentAt = sentAt
        self.awaitingReconnect = false
    }
}

/// The connection to pasjesd as the header shows it.
public enum ConnectionStatus: Equatable, Sendable {
    /// Trying to connect (attempt 0 is the first try).
    case connecting(attempt: Int)
    /// Connected and subscribed (or subscribing).
    case connected
    /// Lost; the front end reconnects by itself.
    case disconnected(reason: String)
}

/// This counter's reader.
public enum ReaderStatus: Equatable, Sendable {
    /// Not known yet (not connected, or `system.info` not answered).
    case unknown
    /// Plugged in and watched.
    case present(name: String)
    /// No reader for this counter is plugged in.
    case absent
    /// pcscd (the reader service) is down.
    case serviceDown
}

/// Where idempotency keys come from. A value (not a closure) so the state stays `Equatable`.
public enum IdempotencyKeySource: Equatable, Sendable {
    /// A random UUID per key (production).
    case random
    /// `00000000-0000-0000-0000-000000000001`, `...002`, ...: pinned keys for tests.
    case sequence(next: Int)

    /// Returns a key and advances the source.
    mutating func make() -> String {
        switch self {
        case .random:
            return UUID().uuidString.lowercased()
        case .sequence(let next):
            self = .sequence(next: next + 1)
            return Self.sequenceKey(next)
        }
    }

    /// The `n`th key of `.sequence`.
    public static func sequenceKey(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        return "00000000-0000-0000-0000-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
    }
}

/// Timeouts and limits of the front end.
public struct KassaConfig: Equatable, Sendable {
    /// How long a charge or reversal may go unanswered before the connection is reset and the
    /// request re-sent with the same key.
    public var requestTimeoutMilliseconds: Int
    /// The most lines in a basket (the daemon accepts no more).
    public var maxBasketLines: Int
    /// The largest quantity of one line.
    public var maxQuantity: Int64
    /// The time zone of the clock and of sale times.
    public var timeZone: TimeZone

    /// Defaults: 8 s request timeout, the protocol's basket limits, Europe/Amsterdam.
    public init(requestTimeoutMilliseconds: Int = 8_000,
                maxBasketLines: Int = ProtocolLimits.maxBasketItems,
                maxQuantity: Int64 = ProtocolLimits.maxItemQuantity,
                timeZone: TimeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .current) {
        self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
        self.maxBasketLines = maxBasketLines
        self.maxQuantity = maxQuantity
        self.timeZone = timeZone
    }
}
