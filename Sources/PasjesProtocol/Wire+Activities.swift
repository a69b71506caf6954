import PasjesMoney

// Day activities on the wire: params, results and the `activity.changed` event. A client is
// named by a live tap token of the activity desk, or (activities and admin roles) by number.

/// `activity.create`
public struct ActivityCreateParams: Codable, Sendable {
    /// Optional: makes a retry return the first answer.
    public var idempotencyKey: String?
    /// 1–24 letters, digits or `_`; stored upper-case. Sessions are named after it.
    public var code: String
    public var name: String
    /// `dagbesteding` or `welzijn`.
    public var category: ProductCategory
    /// Per session, in the database's unit; 0 for the basic offer.
    public var price: Amount
    /// The value funnel; both default to true. A paid activity must answer both yes.
    public var attributable: Bool?
    public var influenceable: Bool?
    /// Places per session (1–500).
    public var capacity: Int
    public var place: String?
    /// 5–720; default 120.
    public var durationMinutes: Int?
    /// The counter whose revenue attended sessions are booked to; default `dagbesteding`.
    public var counter: String?

    public init(idempotencyKey: String? = nil, code: String, name: String, category: ProductCategory, price: Amount,
                attributable: Bool? = nil, influenceable: Bool? = nil, capacity: Int, place: String? = nil,
                durationMinutes: Int? = nil, counter: String? = nil) {
        self.idempotencyKey = idempotencyKey
        self.code = code
        self.name = name
        self.category = category
        self.price = price
        self.attributable = attributable
        self.influenceable = influenceable
        self.capacity = capacity
        self.place = place
        self.durationMinutes = durationMinutes
        self.counter = counter
    }
}

/// `activity.schedule`: one session, or weekly through `until`.
public struct ActivityScheduleParams: Codable, Sendable {
    public var idempotencyKey: String?
    public var activity: String
    /// `yyyy-MM-dd`, Europe/Amsterdam.
    public var day: String
    /// `HH:mm`, Europe/Amsterdam.
    public var time: String
    /// `yyyy-MM-dd`: every week on the same weekday through this day.
    public var until: String?
    public var capacity: Int?

    public init(idempotencyKey: String? = nil, activity: String, day: String, time: String, until: String? = nil,
                capacity: Int? = nil) {
        self.idempotencyKey = idempotencyKey
        self.activity = activity
        self.day = day
        self.time = time
        self.until = until
        self.capacity = capacity
    }
}

/// `activity.sessions`: the sessions on days `from` through `to`, a page at a time (at most
/// 100: a page fits one line); the answer's `next` is the `offset` of the next page.
public struct ActivitySessionsParams: Codable, Sendable {
    public var from: String
    public var to: String
    /// Only the sessions of this desk's activities.
    public var counter: String?
    public var offset: Int?
    public var limit: Int?

    public init(from: String, to: String, counter: String? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.from = from
        self.to = to
        self.counter = counter
        self.offset = offset
        self.limit = limit
    }
}

/// `activity.list`: a page of activities by code, after `after` (at most 200).
public struct ActivityListParams: Codable, Sendable {
    public var after: String?
    public init(after: String? = nil) { self.after = after }
}

/// `activity.book`, `activity.checkIn`, `activity.cancel`: a session and who (token or number).
/// `activity.cancel` without a client cancels the whole session (activities and admin roles).
public struct ActivityBookingParams: Codable, Sendable {
    public var idempotencyKey: String
    public var session: String
    /// A live tap token of the activity's desk.
    public var tapToken: String?
    /// A client number, for the activities and admin roles.
    public var clientNumber: String?
    /// `activity.book`: whether a full session puts the client on the waiting list (default true).
    public var waitIfFull: Bool?
    /// `activity.cancel` of a whole session: why (shown to those booked).
    public var reason: String?

    public init(idempotencyKey: String, session: String, tapToken: String? = nil, clientNumber: String? = nil,
                waitIfFull: Bool? = nil, reason: String? = nil) {
        self.idempotencyKey = idempotencyKey
        self.session = session
        self.tapToken = tapToken
        self.clientNumber = clientNumber
        self.waitIfFull = waitIfFull
        self.reason = reason
    }
}

/// `activity.roster`, `activity.close`: one session.
public struct ActivitySessionParams: Codable, Sendable {
    /// Required for `activity.close`.
    public var idempotencyKey: String?
    public var session: String
    /// `activity.roster`: where the page starts (default 0), the `next` of the page before.
    public var offset: Int?

    public init(idempotencyKey: String? = nil, session: String, offset: Int? = nil) {
        self.idempotencyKey = idempotencyKey
        self.session = session
        self.offset = offset
    }
}

/// An activity.
public struct ActivityInfo: Codable, Hashable, Sendable {
    public var code: String
    public var name: String
    public var category: ProductCategory
    public var unit: AmountUnit
    public var price: Amount
    public var attributable: Bool
    public var influenceable: Bool
    public var capacity: Int
    public var place: String
    public var durationMinutes: Int
    public var counter: String

    public init(code: String, name: String, category: ProductCategory, unit: AmountUnit, price: Amount,
                attributable: Bool, influenceable: Bool, capacity: Int, place: String, durationMinutes: Int,
                counter: String) {
        self.code = code
        self.name = name
        self.category = category
        self.unit = unit
        self.price = price
        self.attributable = attributable
        self.influenceable = influenceable
        self.capacity = capacity
        self.place = place
        self.durationMinutes = durationMinutes
        self.counter = counter
    }
}

/// `activity.list`; `next` is the `after` of the next page, absent on the last.
public struct ActivityListResult: Codable, Hashable, Sendable {
    public var activities: [ActivityInfo]
    public var next: String?
    public init(activities: [ActivityInfo], next: String? = nil) {
        self.activities = activities
        self.next = next
    }
}

/// A session and its places now.
public struct SessionInfo: Codable, Hashable, Sendable {
    /// `CODE-yyyyMMdd-HHmm`.
    public var id: String
    public var activity: String
    public var activityName: String
    public var category: ProductCategory
    public var unit: AmountUnit
    public var price: Amount
    public var place: String
    public var counter: String
    /// `yyyy-MM-dd`, `HH:mm` in Europe/Amsterdam.
    public var day: String
    public var startTime: String
    public var endTime: String
    /// UTC.
    public var startsAt: String
    public var endsAt: String
    public var capacity: Int
    public var state: SessionState
    public var booked: Int
    public var attended: Int
    public var waiting: Int
    public var free: Int

    public init(id: String, activity: String, activityName: String, category: ProductCategory, unit: AmountUnit,
                price: Amount, place: String, counter: String, day: String, startTime: String, endTime: String,
                startsAt: String, endsAt: String, capacity: Int, state: SessionState, booked: Int, attended: Int,
                waiting: Int, free: Int) {
        self.id = id
        self.activity = activity
        self.activityName = activityName
        self.category = category
        self.unit = unit
        self.price = price
        self.place = place
        self.counter = counter
        self.day = day
        self.startTime = startTime
        self.endTime = endTime
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.capacity = capacity
        self.state = state
        self.booked = booked
        self.attended = attended
        self.waiting = waiting
        self.free = free
    }
}

/// `activity.schedule`, `activity.sessions`; `next` is the `offset` of the next page of
/// `activity.sessions`, absent on the last.
public struct SessionListResult: Codable, Hashable, Sendable {
    public var sessions: [SessionInfo]
    public var next: Int?
    /// `activity.schedule` of a weekly series: the days left out because the start time does
    /// not exist that day (the clocks go forward), `yyyy-MM-dd`; absent when none.
    public var skipped: [String]?
    public init(sessions: [SessionInfo], next: Int? = nil, skipped: [String]? = nil) {
        self.sessions = sessions
        self.next = next
        self.skipped = skipped
    }
}

/// `activity.book`, `activity.checkIn`: where the client stands now.
public struct BookingInfo: Codable, Hashable, Sendable {
    public var bookingId: String
    public var session: String
    public var activityName: String
    public var clientNumber: String
    public var clientName: String
    public var state: BookingState
    /// On the waiting list: 1 is next.
    public var position: Int?
    public var unit: AmountUnit
    /// Held for this booking on the wallet and on own money.
    public var held: Amount
    public var heldOwn: Amount
    public var balance: Amount
    /// Balance less every hold: what the rules use.
    public var available: Amount
    public var reserve: Amount
    public var light: TrafficLight
    /// Places left in the session.
    public var free: Int
    /// The sale a check-in booked.
    public var saleId: String?
    /// A second check-in: nothing new was booked.
    public var alreadyPresent: Bool
    public var operatorName: String
    public var at: String
    public var replayed: Bool

    public init(bookingId: String, session: String, activityName: String, clientNumber: String, clientName: String,
                state: BookingState, position: Int?, unit: AmountUnit, held: Amount, heldOwn: Amount, balance: Amount,
                available: Amount, reserve: Amount, light: TrafficLight, free: Int, saleId: String?,
                alreadyPresent: Bool, operatorName: String, at: String, replayed: Bool) {
        self.bookingId = bookingId
        self.session = session
        self.activityName = activityName
        self.clientNumber = clientNumber
        self.clientName = clientName
        self.state = state
        self.position = position
        self.unit = unit
        self.held = held
        self.heldOwn = heldOwn
        self.balance = balance
        self.available = available
        self.reserve = reserve
        self.light = light
        self.free = free
        self.saleId = saleId
        self.alreadyPresent = alreadyPresent
        self.operatorName = operatorName
        self.at = at
        self.replayed = replayed
    }
}

/// One client's place changed as a side effect: promoted, released or charged.
public struct BookingChangeInfo: Codable, Hashable, Sendable {
    public var bookingId: String
    public var clientNumber: String
    public var state: BookingState
    public var amount: Amount
    public var saleId: String?

    public init(bookingId: String, clientNumber: String, state: BookingState, amount: Amount, saleId: String?) {
        self.bookingId = bookingId
        self.clientNumber = clientNumber
        self.state = state
        self.amount = amount
        self.saleId = saleId
    }
}

/// `activity.cancel` (one client, or the whole session), `activity.close`.
public struct ActivityCancelResult: Codable, Hashable, Sendable {
    public var session: String
    /// The session's state after: `cancelled` when the whole session was cancelled.
    public var sessionState: SessionState
    /// One client's cancellation: who, and what became of the hold.
    public var clientNumber: String?
    public var bookingId: String?
    public var state: BookingState?
    /// After the cutoff.
    public var late: Bool?
    public var unit: AmountUnit
    public var released: Amount
    public var charged: Amount
    public var saleId: String?
    /// Promoted from the waiting list, or (whole session, close) released and charged.
    public var changes: [BookingChangeInfo]
    public var free: Int
    public var replayed: Bool

    public init(session: String, sessionState: SessionState, clientNumber: String?, bookingId: String?,
                state: BookingState?, late: Bool?, unit: AmountUnit, released: Amount, charged: Amount, saleId: String?,
                changes: [BookingChangeInfo], free: Int, replayed: Bool) {
        self.session = session
        self.sessionState = sessionState
        self.clientNumber = clientNumber
        self.bookingId = bookingId
        self.state = state
        self.late = late
        self.unit = unit
        self.released = released
        self.charged = charged
        self.saleId = saleId
        self.changes = changes
        self.free = free
        self.replayed = replayed
    }
}

/// One line of a roster.
public struct RosterLine: Codable, Hashable, Sendable {
    public var bookingId: String
    public var clientNumber: String
    public var clientName: String
    public var state: BookingState
    public var position: Int?
    public var held: Amount
    public var saleId: String?
    /// Why the client is away on the session's day (a recorded absence); absent when not.
    public var absence: AbsenceReason?

    public init(bookingId: String, clientNumber: String, clientName: String, state: BookingState, position: Int?,
                held: Amount, saleId: String?, absence: AbsenceReason? = nil) {
        self.bookingId = bookingId
        self.clientNumber = clientNumber
        self.clientName = clientName
        self.state = state
        self.position = position
        self.held = held
        self.saleId = saleId
        self.absence = absence
    }
}

/// `activity.roster`: present and booked first, then the waiting list in order, then the most
/// recent cancellations (at most 300 lines in all).
public struct RosterResult: Codable, Hashable, Sendable {
    public var session: SessionInfo
    /// This page of the roster.
    public var entries: [RosterLine]
    /// The `offset` of the next page, nil on the last.
    public var next: Int?

    public init(session: SessionInfo, entries: [RosterLine], next: Int? = nil) {
        self.session = session
        self.entries = entries
        self.next = next
    }
}

/// `activity.changed`: a session's bookings, waiting list or places changed.
public struct ActivityChangedEvent: Codable, Hashable, Sendable {
    public var session: SessionInfo
    /// What happened: `booked`, `waiting`, `attended`, `cancelled`, `charged`, `promoted`,
    /// `released`, `session_cancelled`, `closed`.
    public var change: String
    /// The clients it concerns (the booker, the promoted, everyone of a cancelled session).
    public var clientNumbers: [String]

    public init(session: SessionInfo, change: String, clientNumbers: [String]) {
        self.session = session
        self.change = change
        self.clientNumbers = clientNumbers
    }
}
