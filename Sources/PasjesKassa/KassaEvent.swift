import Foundation
import PasjesProtocol

/// A key the cashier pressed, already decoded from the terminal.
public enum KassaKey: Equatable, Sendable {
    /// A printable character: hotkeys, `+`, `-`, `u`, `q`, `j`, `n`.
    case character(Character)
    /// Backspace (or Delete): remove the selected line.
    case backspace
    /// Escape: clear the basket, or answer "no" to a question.
    case escape
    /// Enter: answers "yes" to nothing (kept explicit so it cannot confirm by accident).
    case enter
    /// Arrow up: select the line above.
    case up
    /// Arrow down: select the line below.
    case down
}

/// Something that happened: a key, a message from pasjesd, a change of the connection, time.
public enum KassaEvent: Sendable {
    /// The cashier pressed a key.
    case key(KassaKey)
    /// `card.tapped` arrived.
    case tap(CardTappedEvent)
    /// `reader.changed` arrived.
    case readerChanged(ReaderChangedEvent)
    /// `sale.completed` arrived (a sale at some counter; ours are kept as the last sale).
    case saleCompleted(SaleResult)
    /// `sale.reversed` arrived.
    case saleReversed(ReversalResult)
    /// `activity.changed` arrived (the activity desk).
    case activityChanged(ActivityChangedEvent)
    /// `sync.changed` arrived: a node of several locations went offline or online, or its queue
    /// of sales booked offline changed. An embedded pasjesd never sends it.
    case syncChanged(SyncInfo)
    /// The answer to a request.
    case reply(KassaReply)
    /// The connection changed.
    case connection(ConnectionEvent)
    /// The clock ticked.
    case tick(Date)
}

/// The answer to one request the front end sent.
public enum KassaReply: Sendable {
    /// `counter.list`.
    case counters(Result<[CounterInfo], RPCError>)
    /// `product.list` for this counter.
    case products(Result<[ProductInfo], RPCError>)
    /// `system.info`.
    case systemInfo(Result<SystemInfo, RPCError>)
    /// `subscribe`.
    case subscribed(Result<[EventTopic], RPCError>)
    /// `sale.charge` sent with `key`.
    case charge(key: String, Result<SaleResult, RPCError>)
    /// `sale.reverse` sent with `key`.
    case reverse(key: String, Result<ReversalResult, RPCError>)
    /// `activity.sessions` (the activity desk): one page, `next` is the offset of the following.
    case sessions(Result<SessionListResult, RPCError>)
    /// `activity.roster`.
    case roster(Result<RosterResult, RPCError>)
    /// `activity.book` or `activity.checkIn` sent with `key`.
    case booking(key: String, Result<BookingInfo, RPCError>)
    /// `activity.cancel` sent with `key`.
    case cancellation(key: String, Result<ActivityCancelResult, RPCError>)
}

/// What happened to the connection to pasjesd.
public enum ConnectionEvent: Equatable, Sendable {
    /// A connection attempt starts (0 is the first).
    case connecting(attempt: Int)
    /// Connected: the state machine asks for everything it needs again.
    case up
    /// The connection broke (or could not be made); the runner will retry.
    case down(reason: String)
}

/// What the state machine wants done. The runner does it and reports back with events.
public enum KassaCommand: Equatable, Sendable {
    /// `counter.list`.
    case loadCounters
    /// `product.list` for `counter`.
    case loadProducts(counter: String)
    /// `system.info`.
    case loadSystemInfo
    /// `subscribe` to the kassa's topics for this counter.
    case subscribe(topics: [EventTopic], counter: String)
    /// `sale.charge`.
    case charge(ChargeRequest)
    /// `sale.reverse`.
    case reverse(ReverseRequest)
    /// `activity.sessions` of one day and one desk (the activity desk); `offset` for later pages.
    case loadSessions(day: String, counter: String, offset: Int)
    /// `activity.roster` of a session; `offset` for later pages.
    case loadRoster(session: String, offset: Int = 0)
    /// `activity.book`, `activity.checkIn` or `activity.cancel`.
    case desk(DeskRequest)
    /// Drop the connection (a request timed out); the runner reconnects and we re-send.
    case resetConnection
    /// Restore the terminal and exit.
    case quit
}

extension KassaCommand {
    /// The topics the cashier's screen subscribes to.
    /// `sync.changed` only ever comes from a node of several locations; an embedded pasjesd
    /// knows the topic and never sends it.
    public static let kassaTopics: [EventTopic] = [.cardTapped, .readerChanged, .saleCompleted, .saleReversed,
                                                   .syncChanged]
    /// The topics the activity desk subscribes to.
    public static let deskTopics: [EventTopic] = [.cardTapped, .readerChanged, .activityChanged]
}
