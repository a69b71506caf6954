import PasjesMoney

/// A day activity (dagbesteding, welzijn) with its value-funnel answers and its limits.
///
/// The basic offer (not influenceable) is free: bookable, attendance recorded, never charged.
/// A paid activity must belong to the personal budget (both funnel questions yes).
public struct Activity: Codable, Hashable, Sendable {
    public var code: String
    public var name: String
    /// `dagbesteding` or `welzijn`.
    public var category: ProductCategory
    /// Per session, in the database's unit; zero for the basic offer.
    public var price: Amount
    /// Can it be attributed to one client?
    public var attributable: Bool
    /// Can the client decide to take more or less of it?
    public var influenceable: Bool
    /// Places per session, unless a session says otherwise.
    public var capacity: Int
    public var place: String
    public var durationMinutes: Int
    /// The counter whose revenue an attended session is booked to.
    public var counterID: String

    public init(code: String, name: String, category: ProductCategory, price: Amount, attributable: Bool = true,
                influenceable: Bool = true, capacity: Int, place: String = "", durationMinutes: Int = 120,
                counterID: String = "dagbesteding") {
        self.code = code
        self.name = name
        self.category = category
        self.price = price
        self.attributable = attributable
        self.influenceable = influenceable
        self.capacity = capacity
        self.place = place
        self.durationMinutes = durationMinutes
        self.counterID = counterID
    }

    /// Personal budget only when both funnel questions are answered yes.
    public var isPersonalBudget: Bool { attributable && influenceable }
}

/// What to schedule: one session, or a weekly series from `firstDay` through `untilDay`.
public struct SessionPlan: Codable, Hashable, Sendable {
    public var activityCode: String
    /// `yyyy-MM-dd`, Europe/Amsterdam.
    public var firstDay: String
    /// `HH:mm`, Europe/Amsterdam.
    public var startTime: String
    /// With a last day: the same weekday and time every week up to and including it.
    public var untilDay: String?
    /// Places, when this series has other room than the activity's default.
    public var capacity: Int?

    public init(activityCode: String, firstDay: String, startTime: String, untilDay: String? = nil, capacity: Int? = nil) {
        self.activityCode = activityCode
        self.firstDay = firstDay
        self.startTime = startTime
        self.untilDay = untilDay
        self.capacity = capacity
    }
}

/// One session of an activity, with its places as they are now.
public struct ActivitySession: Codable, Hashable, Sendable {
    /// `CODE-yyyyMMdd-HHmm` (local start): readable, typed at the desk and in the CLI.
    public var id: String
    public var activityCode: String
    public var activityName: String
    public var category: ProductCategory
    public var price: Amount
    public var place: String
    /// The activity's desk: where its taps come from and its revenue goes.
    public var counterID: String
    /// `yyyy-MM-dd` in Europe/Amsterdam.
    public var day: String
    /// `HH:mm` in Europe/Amsterdam.
    public var startTime: String
    public var endTime: String
    /// UTC timestamps.
    public var startsAt: String
    public var endsAt: String
    public var capacity: Int
    public var state: SessionState
    public var booked: Int
    public var attended: Int
    public var waiting: Int
    /// Places left: capacity − booked − attended.
    public var free: Int
}

/// The budget rules of the organisation for bookings: daemon configuration (in an organisation
/// of several locations the head office's, stored by `activityRules.set`), carried in each
/// command so a replay decides as the first run did.
public struct ActivityRules: Codable, Hashable, Sendable {
    /// A cancellation at least this long before the start releases the hold in full.
    public var cutoffMinutes: Int
    /// What a later cancellation or a no-show costs.
    public var latePolicy: LatePolicy
    /// No hold outlives its session's end by more than this.
    public var graceMinutes: Int

    public init(cutoffMinutes: Int = 24 * 60, latePolicy: LatePolicy = .release, graceMinutes: Int = 60) {
        self.cutoffMinutes = cutoffMinutes
        self.latePolicy = latePolicy
        self.graceMinutes = graceMinutes
    }

    /// The range each setting must lie in: a typo must not make every cancellation late.
    public func validate() throws(LedgerError) {
        guard (0...(14 * 24 * 60)).contains(cutoffMinutes), (0...(24 * 60)).contains(graceMinutes) else {
            throw LedgerError.invalidInput.with("cutoff 0–20160 minutes, grace 0–1440 minutes")
        }
    }
}

/// A booking, check-in or promotion: where one client stands for one session.
public struct BookingResult: Codable, Hashable, Sendable {
    public var bookingID: String
    public var sessionID: String
    public var activityName: String
    public var clientNumber: String
    public var clientName: String
    public var state: BookingState
    /// Position on the waiting list (1 is next), when waiting.
    public var position: Int?
    /// What is held on the wallet and on own money for this booking.
    public var heldWallet: Amount
    public var heldOwn: Amount
    /// The wallet's balance and what is left after every hold.
    public var balance: Amount
    public var available: Amount
    public var reserve: Amount
    public var light: TrafficLight
    /// Places left in the session after this.
    public var free: Int
    /// The sale a check-in booked (nil for a free activity or before check-in).
    public var saleID: String?
    /// A second tap of a client already present: nothing new was booked.
    public var alreadyPresent: Bool
    public var operatorName: String
    public var createdAt: String
    public var replayed: Bool
}

/// One client whose place changed as a side effect (promoted from the waiting list, released).
public struct BookingChange: Codable, Hashable, Sendable {
    public var bookingID: String
    public var clientNumber: String
    public var state: BookingState
    /// What was held (for a promotion) or released/charged (for a settlement).
    public var amount: Amount
    public var saleID: String?
}

/// A cancelled booking, and who moved up because of it.
public struct CancellationResult: Codable, Hashable, Sendable {
    public var bookingID: String
    public var sessionID: String
    public var clientNumber: String
    /// `cancelled` (released) or `charged` (late, policy `charge`).
    public var state: BookingState
    /// After the cutoff.
    public var late: Bool
    public var released: Amount
    public var charged: Amount
    public var saleID: String?
    public var promoted: [BookingChange]
    public var free: Int
    public var replayed: Bool
}

/// A session settled (closed) or cancelled by staff: what happened to each booking.
public struct SessionSettlement: Codable, Hashable, Sendable {
    public var sessionID: String
    public var state: SessionState
    public var changes: [BookingChange]
    public var replayed: Bool
}

/// One line of a session's roster.
public struct RosterEntry: Codable, Hashable, Sendable {
    public var bookingID: String
    public var clientNumber: String
    public var clientName: String
    public var state: BookingState
    public var position: Int?
    public var held: Amount
    public var saleID: String?
    /// Why the client is away on the session's day (a recorded absence), if so.
    public var absence: AbsenceReason?
}

/// A session with everyone on its list, in order: present and booked first, then waiting.
public struct Roster: Codable, Hashable, Sendable {
    public var session: ActivitySession
    public var entries: [RosterEntry]
}

/// A hold released by an absence (or another release), for the caller's report.
public struct ReleasedHold: Codable, Hashable, Sendable {
    public var bookingID: String
    public var sessionID: String
    public var day: String
    public var state: BookingState
    public var released: Amount
}
