import GRDB
import PasjesMoney

/// `activity.create`: an activity, and for a paid one the product its sessions are sold as.
struct ActivityCreate: LedgerCommand {
    static let kind = "activity.create"
    var activity: Activity
    var `operator`: Operator
    var key: String?

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> Activity {
        try ledger.onceIfKeyed(key, operation: Self.kind, request: activity, in: db) {
            try ledger.bookActivityCreate(activity, in: db)
        }
    }
}

/// `activity.schedule`: one session or a weekly series of an activity.
struct ActivitySchedule: LedgerCommand {
    static let kind = "activity.schedule"
    var plan: SessionPlan
    var `operator`: Operator
    var key: String?

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> [ActivitySession] {
        try ledger.onceIfKeyed(key, operation: Self.kind, request: plan, in: db) {
            try ledger.bookSchedule(plan, in: db)
        }
    }
}

/// What a booking, check-in or cancellation names: the session and who.
public struct BookingRequest: Codable, Hashable, Sendable {
    public var sessionID: String
    /// A tapped card at the desk, or (activities and admin roles) a client number.
    public var payer: Payer
    /// Whether a full session puts the client on the waiting list (else `session_full`).
    public var waitIfFull: Bool

    public init(sessionID: String, payer: Payer, waitIfFull: Bool = true) {
        self.sessionID = sessionID
        self.payer = payer
        self.waitIfFull = waitIfFull
    }
}

/// `activity.book`: a place with a hold, or a spot on the waiting list.
struct ActivityBook: LedgerCommand {
    static let kind = "activity.book"
    var request: BookingRequest
    var `operator`: Operator
    var key: String
    /// True: a day the client is recorded absent is refused. Absent in entries journaled before
    /// that rule, so replaying them books what they booked then.
    var refusesAbsence: Bool?

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> BookingResult {
        try ledger.replayMarked(ledger.once(key: key, operation: Self.kind, request: request, in: db) {
            try ledger.bookActivity(self, in: db)
        })
    }
}

/// `activity.checkIn`: the hold becomes a sale; a walk-in with a free place is booked and
/// checked in at once; a second tap books nothing.
struct ActivityCheckIn: LedgerCommand {
    static let kind = "activity.checkIn"
    var request: BookingRequest
    var rules: ActivityRules
    var `operator`: Operator
    var key: String
    /// As `ActivityBook.refusesAbsence`.
    var refusesAbsence: Bool?

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> BookingResult {
        try ledger.replayMarked(ledger.once(key: key, operation: Self.kind, request: request, in: db) {
            try ledger.bookCheckIn(self, in: db)
        })
    }
}

/// `activity.cancel` for one client: released before the cutoff, later by the policy; the place
/// goes to the first on the waiting list whose budget allows it.
struct ActivityCancelBooking: LedgerCommand {
    static let kind = "activity.cancelBooking"
    var request: BookingRequest
    var rules: ActivityRules
    var `operator`: Operator
    var key: String

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> CancellationResult {
        let (result, replayed) = try ledger.once(key: key, operation: Self.kind, request: request, in: db) {
            try ledger.bookCancellation(self, in: db)
        }
        var answer = result
        answer.replayed = replayed
        return answer
    }
}

/// What cancelling or closing a whole session names.
public struct SessionRequest: Codable, Hashable, Sendable {
    public var sessionID: String
    public var reason: String?

    public init(sessionID: String, reason: String? = nil) {
        self.sessionID = sessionID
        self.reason = reason
    }
}

/// `activity.cancel` for a whole session (staff): every hold released, nobody charged.
struct ActivityCancelSession: LedgerCommand {
    static let kind = "activity.cancelSession"
    var request: SessionRequest
    var `operator`: Operator
    var key: String

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> SessionSettlement {
        try ledger.settlementMarked(ledger.once(key: key, operation: Self.kind, request: request, in: db) {
            try ledger.bookSessionCancel(self, in: db)
        })
    }
}

/// `activity.close`: attended stay charged, no-shows by the policy, the waiting list released.
/// The sweep runs it too, as `system`, for sessions past their end plus the grace period.
struct ActivityClose: LedgerCommand {
    static let kind = "activity.close"
    var request: SessionRequest
    var rules: ActivityRules
    var `operator`: Operator
    var key: String

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> SessionSettlement {
        try ledger.settlementMarked(ledger.once(key: key, operation: Self.kind, request: request, in: db) {
            try ledger.bookClose(self, in: db)
        })
    }
}

extension Ledger {
    func onceIfKeyed<Request: Encodable, Result: Codable>(
        _ key: String?, operation: String, request: Request, in db: Database, _ body: () throws -> Result
    ) throws -> Result {
        guard let key else { return try body() }
        return try once(key: key, operation: operation, request: request, in: db, body).result
    }

    func replayMarked(_ outcome: (result: BookingResult, replayed: Bool)) -> BookingResult {
        var answer = outcome.result
        answer.replayed = outcome.replayed
        return answer
    }

    func settlementMarked(_ outcome: (result: SessionSettlement, replayed: Bool)) -> SessionSettlement {
        var answer = outcome.result
        answer.replayed = outcome.replayed
        return answer
    }
}

/// What releasing a client's holds over some days names (an absence, by hand).
public struct ReleaseRequest: Codable, Hashable, Sendable {
    public var clientNumber: String
    /// `yyyy-MM-dd`, Europe/Amsterdam, both included.
    public var fromDay: String
    public var throughDay: String

    public init(clientNumber: String, fromDay: String, throughDay: String) {
        self.clientNumber = clientNumber
        self.fromDay = fromDay
        self.throughDay = throughDay
    }
}

/// `activity.release`: every hold and waiting-list spot of a client on some days released (an
/// absence recorded by hand); the absence command calls `releaseHolds` itself.
struct ActivityRelease: LedgerCommand {
    static let kind = "activity.release"
    var request: ReleaseRequest
    var `operator`: Operator
    var key: String

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> [ReleasedHold] {
        try ledger.once(key: key, operation: Self.kind, request: request, in: db) {
            let client = try ledger.fetchClientRow(number: request.clientNumber, in: db)
            return try ledger.releaseHolds(clientID: client.id, fromDay: request.fromDay, throughDay: request.throughDay,
                                           in: db, operator: self.operator)
        }.result
    }
}
