import Foundation
import PasjesMoney
import PasjesProtocol

/// Everything the activity desk knows: today's sessions, the selected session's roster, what a
/// tap does, and the request in flight. Plain data, changed only by `reduceDesk`.
public struct DeskState: Equatable, Sendable {
    /// The desk's counter (`--counter dagbesteding`).
    public var counterID: String
    public var counterName: String?
    public var unit: AmountUnit
    /// Today's sessions of this desk, by start.
    public var sessions: [SessionInfo]
    /// The session a tap or a roster key applies to.
    public var selected: Int
    /// The selected session's roster (nil until loaded).
    public var roster: RosterResult?
    /// What a tap does: check in (the default) or book.
    public var mode: DeskMode
    public var phase: DeskPhase
    /// The status area, most important first.
    public var status: [StatusLine]
    public var connection: ConnectionStatus
    public var reader: ReaderStatus
    /// What `u` offers to undo: the last check-in (its sale is reversed) or booking (cancelled).
    public var lastAction: DeskUndo?
    public var now: Date
    /// The day shown, `yyyy-MM-dd` in Europe/Amsterdam.
    public var day: String
    public var keys: IdempotencyKeySource
    public var config: KassaConfig
    /// Sessions of the pages read so far while more pages are being loaded.
    public var pendingSessions: [SessionInfo]?
    /// The most sessions of one day the desk shows.
    public static let maxSessions = 1_000
    /// The roster pages read so far while more are being loaded.
    public var pendingRoster: RosterResult?
    /// The most roster lines the desk reads (the daemon lists at most 300).
    public static let maxRosterLines = 1_000

    public init(counterID: String, now: Date = Date(), keys: IdempotencyKeySource = .random,
                config: KassaConfig = KassaConfig()) {
        self.counterID = counterID
        counterName = nil
        unit = .cents
        sessions = []
        selected = 0
        roster = nil
        mode = .checkIn
        phase = .ready
        status = [StatusLine(DeskText.welcome, .prompt)]
        connection = .connecting(attempt: 0)
        reader = .unknown
        lastAction = nil
        self.now = now
        day = DeskState.dayText(now, timeZone: config.timeZone)
        self.keys = keys
        self.config = config
        pendingSessions = nil
        pendingRoster = nil
    }

    /// The selected session, if there is one.
    public var session: SessionInfo? { sessions.indices.contains(selected) ? sessions[selected] : nil }

    static func dayText(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}

/// What a tap at the desk does.
public enum DeskMode: Equatable, Sendable {
    /// Check the card's holder in: the hold becomes a sale (a walk-in is booked at once).
    case checkIn
    /// Book the card's holder a place (or the waiting list).
    case book
}

/// Which keys mean what right now.
public enum DeskPhase: Equatable, Sendable {
    case ready
    /// A request is out; re-sent with the same key until it is answered.
    case sending(DeskPending)
    /// `u` was pressed: j/n.
    case confirmUndo(DeskUndo)
    /// `q` was pressed: j/n.
    case confirmQuit
}

/// A request whose answer has not come yet.
public struct DeskPending: Equatable, Sendable {
    /// Exactly what is (re)sent.
    public var command: KassaCommand
    /// The key its answer carries.
    public var key: String
    public var sentAt: Date
    public var awaitingReconnect: Bool
}

/// What `u` can undo.
public enum DeskUndo: Equatable, Sendable {
    /// A check-in: its sale is reversed, which releases the booking.
    case checkIn(BookingInfo)
    /// A booking made at the desk: it is cancelled.
    case booking(BookingInfo)
}

/// The desk's sentences.
enum DeskText {
    static let welcome = "Kies de activiteit met ↑↓; een pas aanbieden meldt aan."
    static let noSessions = "Vandaag staan er geen activiteiten op het programma."
    static let modeCheckIn = "Pas: AANMELDEN"
    static let modeBook = "Pas: BOEKEN"
    static let sending = "Bezig..."
    static let interrupted = "Verbinding verbroken; wordt opnieuw verstuurd (één keer geboekt)."
    static let nothingToUndo = "Er is nog niets om terug te draaien."
    static let undoCancelled = "Terugdraaien geannuleerd."
    static let confirmQuit = "Balie afsluiten? j = ja, n = nee"
    static let reverseReason = "aanmelding teruggedraaid aan de balie"

    static func state(_ state: BookingState, position: Int?) -> (String, CellStyle) {
        switch state {
        case .booked: ("GEBOEKT", .warning)
        case .waiting: ("WACHTLIJST \(position.map(String.init) ?? "")", .dim)
        case .attended: ("AANWEZIG", .good)
        case .cancelled: ("AFGEMELD", .dim)
        case .charged: ("AFGEREKEND", .dim)
        case .released: ("VRIJGEGEVEN", .dim)
        }
    }
}
