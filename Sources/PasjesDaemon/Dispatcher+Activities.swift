import Foundation
import Logging
import PasjesCore
import PasjesMoney
import PasjesProtocol

// Day activities: the catalogue and schedule (admins, activity workers), booking with holds,
// check-in by tap at the activity desk, cancellations, rosters and closing a session.
extension Dispatcher {
    static let activityRoutes: [Route] = [
        Route(.activityCreate, .admin, books: true, ActivityCreateParams.self, integers: [
            .amount("price", "prijs per bijeenkomst", minimum: 0), .capacity,
            WireInteger("durationMinutes", "duur in minuten",
                        Int64(Ledger.durationMinutes.lowerBound)...Int64(Ledger.durationMinutes.upperBound), .invalidInput),
        ]) { d, p, peer, _ in
            try await d.activityCreate(p, peer: peer)
        },
        Route(.activitySchedule, .activities, books: true, ActivityScheduleParams.self, integers: [.capacity]) { d, p, peer, _ in
            try await d.activitySchedule(p, peer: peer)
        },
        Route(.activityList, .cashier, ActivityListParams.self) { d, p, _, _ in try await d.activityList(p) },
        Route(.activitySessions, .cashier, ActivitySessionsParams.self,
              integers: [.offset("offset"), .limit("limit")]) { d, p, _, _ in try await d.activitySessions(p) },
        Route(.activityBook, .cashier, books: true, ActivityBookingParams.self) { d, p, peer, _ in
            try await d.activityBook(p, peer: peer)
        },
        Route(.activityCancel, .cashier, books: true, ActivityBookingParams.self) { d, p, peer, _ in
            try await d.activityCancel(p, peer: peer)
        },
        Route(.activityCheckIn, .cashier, books: true, ActivityBookingParams.self) { d, p, peer, _ in
            try await d.activityCheckIn(p, peer: peer)
        },
        Route(.activityRoster, .cashier, ActivitySessionParams.self,
              integers: [.offset("offset")]) { d, p, peer, _ in try await d.activityRoster(p, peer: peer) },
        Route(.activityClose, .activities, books: true, ActivitySessionParams.self, integers: [.offset("offset")]) { d, p, peer, _ in
            try await d.activityClose(p, peer: peer)
        },
    ]

    /// Activity workers and admins: cashiers share the rank, not these rights.
    private func requireActivityStaff(_ method: Method, _ peer: Peer) throws {
        guard peer.role == .activities || peer.role == .admin else {
            throw refuse(method, peer, "\(method.rawValue) is for the activities and admin roles")
        }
    }

    /// Activity workers and admins who may work `counter`: what every staff write needs.
    private func requireActivityStaff(_ method: Method, _ peer: Peer, at counter: String) throws {
        try requireActivityStaff(method, peer)
        try requireCounter(counter, method, peer)
    }

    /// One line per activity write (a retry's too): who (uid), at which desk, and what.
    private func logActivityWrite(_ method: Method, _ peer: Peer, counter: String, _ details: Logger.Metadata) {
        var metadata = details
        metadata["method"] = "\(method.rawValue)"
        metadata["uid"] = "\(peer.uid)"
        metadata["user"] = "\(peer.user)"
        metadata["counter"] = "\(counter)"
        logger.notice("activity write", metadata: metadata)
    }

    func activityCreate(_ p: ActivityCreateParams, peer: Peer) async throws -> ActivityInfo {
        let activity = Activity(code: p.code, name: p.name, category: p.category, price: p.price,
                                attributable: p.attributable ?? true, influenceable: p.influenceable ?? true,
                                capacity: p.capacity, place: p.place ?? "", durationMinutes: p.durationMinutes ?? 120,
                                counterID: p.counter ?? "dagbesteding")
        try requireActivityStaff(.activityCreate, peer, at: activity.counterID)
        let created = try await blocking {
            try ledger.createActivity(activity, operator: peer.operatorRecord, idempotencyKey: p.idempotencyKey)
        }
        logActivityWrite(.activityCreate, peer, counter: created.counterID, ["activity": "\(created.code)"])
        return ActivityInfo(created, unit: ledger.unit)
    }

    func activitySchedule(_ p: ActivityScheduleParams, peer: Peer) async throws -> SessionListResult {
        try requireActivityStaff(.activitySchedule, peer)
        // Only for an activity of a desk the caller works (an activity never changes desk).
        let activity = try await blocking { try ledger.activity(code: p.activity) }
        try requireCounter(activity.counterID, .activitySchedule, peer)
        let plan = SessionPlan(activityCode: p.activity, firstDay: p.day, startTime: p.time, untilDay: p.until,
                               capacity: p.capacity)
        let sessions = try await blocking {
            try ledger.schedule(plan, operator: peer.operatorRecord, idempotencyKey: p.idempotencyKey)
        }
        logActivityWrite(.activitySchedule, peer, counter: activity.counterID, [
            "activity": "\(activity.code)", "sessions": "\(sessions.map(\.id).joined(separator: ","))",
        ])
        let skipped = plan.skippedDays()
        if !skipped.isEmpty {
            logger.notice("series skips days without its start time (clocks go forward)",
                          metadata: ["activity": "\(p.activity)", "time": "\(p.time)", "days": "\(skipped.joined(separator: ","))"])
        }
        return SessionListResult(sessions: sessions.map { SessionInfo($0, unit: ledger.unit) },
                                 skipped: skipped.isEmpty ? nil : skipped)
    }

    func activityList(_ p: ActivityListParams) async throws -> ActivityListResult {
        let activities = try await blocking { try ledger.activities(after: p.after) }.map { ActivityInfo($0, unit: ledger.unit) }
        let full = activities.count == Ledger.maxActivitiesListed
        return try ReplyPaging.page(count: activities.count, offset: 0, limit: activities.count) { range, next in
            let page = Array(activities[range])
            return ActivityListResult(activities: page, next: next != nil || full ? page.last?.code : nil)
        }
    }

    func activitySessions(_ p: ActivitySessionsParams) async throws -> SessionListResult {
        let limit = max(1, min(p.limit ?? Ledger.maxSessionsListed, Ledger.maxSessionsListed))
        // Far beyond any day's sessions, and far from overflowing `offset + limit`.
        let offset = min(max(0, p.offset ?? 0), Int(Int32.max))
        let sessions = try await blocking {
            try ledger.sessions(fromDay: p.from, throughDay: p.to, counterID: p.counter, offset: offset, limit: limit)
        }.map { SessionInfo($0, unit: ledger.unit) }
        let more = sessions.count == limit
        return try ReplyPaging.page(count: sessions.count, offset: 0, limit: sessions.count) { range, next in
            SessionListResult(sessions: Array(sessions[range]),
                              next: next.map { offset + $0 } ?? (more ? offset + sessions.count : nil))
        }
    }

    /// Who a booking request names: a live tap token of the session's desk (anyone who may work
    /// that desk), or a client number (activities and admin roles only).
    private func activityPayer(_ p: ActivityBookingParams, session: ActivitySession, method: Method,
                               peer: Peer) throws -> Payer {
        if let token = p.tapToken {
            let grant = try tokens.live(token)
            guard grant.counter == session.counterID else { throw RPCError.tapTokenWrongCounter }
            try requireCounter(grant.counter, method, peer)
            return .card(uid: grant.uid)
        }
        guard peer.role == .activities || peer.role == .admin else {
            throw refuse(method, peer, counter: session.counterID,
                         "\(method.rawValue) by client number is for the activities and admin roles; give tapToken")
        }
        guard let number = p.clientNumber else { throw RPCError.invalidParams("name tapToken or clientNumber") }
        try requireCounter(session.counterID, method, peer)
        return .client(number: number)
    }

    /// The first answer of a booking or check-in under `key`, for a retry whose tap token died
    /// (a restart): only to whoever booked it, or an admin.
    private func storedBooking(_ p: ActivityBookingParams, method: Method, peer: Peer) async throws -> BookingInfo? {
        guard p.tapToken != nil else { return nil }
        let operation = method == .activityBook ? "activity.book" : "activity.checkIn"
        let stored = try await blocking { try ledger.storedBooking(idempotencyKey: p.idempotencyKey, operation: operation) }
        guard let stored, stored.sessionID == p.session, stored.operatorName == peer.user || peer.role == .admin else {
            return nil
        }
        return BookingInfo(stored, unit: ledger.unit)
    }

    func activityBook(_ p: ActivityBookingParams, peer: Peer) async throws -> BookingInfo {
        try await booking(p, method: .activityBook, peer: peer) { request, who in
            try ledger.book(request, operator: who, idempotencyKey: p.idempotencyKey)
        }
    }

    func activityCheckIn(_ p: ActivityBookingParams, peer: Peer) async throws -> BookingInfo {
        try await booking(p, method: .activityCheckIn, peer: peer) { request, who in
            try ledger.checkIn(request, rules: try activityRules(), operator: who, idempotencyKey: p.idempotencyKey)
        }
    }

    private func booking(_ p: ActivityBookingParams, method: Method, peer: Peer,
                         _ body: @escaping @Sendable (BookingRequest, Operator) throws -> BookingResult) async throws
        -> BookingInfo {
        let session = try await blocking { try ledger.session(id: p.session) }
        let payer: Payer
        do {
            payer = try activityPayer(p, session: session, method: method, peer: peer)
        } catch {
            if let replay = try await storedBooking(p, method: method, peer: peer) { return replay }
            throw error
        }
        let request = BookingRequest(sessionID: p.session, payer: payer, waitIfFull: p.waitIfFull ?? true)
        let who = peer.operatorRecord
        let result = try await blocking { try body(request, who) }
        if !result.replayed && !result.alreadyPresent {
            let change = method == .activityCheckIn ? "attended" : result.state.rawValue
            await publishActivity(session: p.session, change: change, clients: [result.clientNumber])
            logActivityWrite(method, peer, counter: session.counterID, [
                "change": "\(change)", "session": "\(p.session)", "client": "\(result.clientNumber)",
                "by": "\(p.tapToken == nil ? "number" : "tap")",
            ])
            if configuration.faultReplyDelayMilliseconds > 0 && method == .activityCheckIn {
                try? await Task.sleep(for: .milliseconds(configuration.faultReplyDelayMilliseconds))
            }
        }
        return BookingInfo(result, unit: ledger.unit)
    }

    func activityCancel(_ p: ActivityBookingParams, peer: Peer) async throws -> ActivityCancelResult {
        let session = try await blocking { try ledger.session(id: p.session) }
        let who = peer.operatorRecord
        guard p.tapToken != nil || p.clientNumber != nil else {
            // The whole session: staff only.
            try requireActivityStaff(.activityCancel, peer, at: session.counterID)
            let settled = try await blocking {
                try ledger.cancelSession(SessionRequest(sessionID: p.session, reason: p.reason), operator: who,
                                         idempotencyKey: p.idempotencyKey)
            }
            if !settled.replayed {
                await publishActivity(session: p.session, change: "session_cancelled",
                                      clients: settled.changes.map(\.clientNumber))
                logActivityWrite(.activityCancel, peer, counter: session.counterID,
                                 ["change": "session_cancelled", "session": "\(p.session)"])
            }
            return ActivityCancelResult(settled, unit: ledger.unit, free: 0)
        }
        let payer = try activityPayer(p, session: session, method: .activityCancel, peer: peer)
        let cancelled = try await blocking {
            try ledger.cancelBooking(BookingRequest(sessionID: p.session, payer: payer), rules: try activityRules(),
                                     operator: who, idempotencyKey: p.idempotencyKey)
        }
        if !cancelled.replayed {
            logActivityWrite(.activityCancel, peer, counter: session.counterID, [
                "change": "\(cancelled.state.rawValue)", "session": "\(p.session)", "client": "\(cancelled.clientNumber)",
                "by": "\(p.tapToken == nil ? "number" : "tap")",
            ])
            await publishActivity(session: p.session, change: cancelled.state.rawValue, clients: [cancelled.clientNumber])
            if !cancelled.promoted.isEmpty {
                await publishActivity(session: p.session, change: "promoted", clients: cancelled.promoted.map(\.clientNumber))
            }
        }
        return ActivityCancelResult(cancelled, unit: ledger.unit)
    }

    func activityRoster(_ p: ActivitySessionParams, peer: Peer) async throws -> RosterResult {
        let roster = try await blocking { try ledger.roster(sessionID: p.session) }
        // Names of residents: only for whoever works the activity's desk.
        try requireCounter(roster.session.counterID, .activityRoster, peer)
        let all = RosterResult(roster, unit: ledger.unit)
        return try ReplyPaging.page(count: all.entries.count, offset: p.offset ?? 0, limit: all.entries.count) { range, next in
            RosterResult(session: all.session, entries: Array(all.entries[range]), next: next)
        }
    }

    func activityClose(_ p: ActivitySessionParams, peer: Peer) async throws -> ActivityCancelResult {
        try requireActivityStaff(.activityClose, peer)
        guard let key = p.idempotencyKey else { throw RPCError.invalidParams("missing field idempotencyKey") }
        let session = try await blocking { try ledger.session(id: p.session) }
        try requireCounter(session.counterID, .activityClose, peer)
        let settled = try await blocking {
            try ledger.closeSession(SessionRequest(sessionID: p.session), rules: try activityRules(),
                                    operator: peer.operatorRecord, idempotencyKey: key)
        }
        if !settled.replayed {
            logActivityWrite(.activityClose, peer, counter: session.counterID, ["change": "closed", "session": "\(p.session)"])
            await publishActivity(session: p.session, change: "closed", clients: settled.changes.map(\.clientNumber))
        }
        return ActivityCancelResult(settled, unit: ledger.unit, free: 0)
    }

    /// The activity rules in force: in central mode the organisation's log's once the head
    /// office stored them, else the config file's (the embedded default, as always). Reads the
    /// ledger: call it where blocking is allowed.
    func activityRules() throws -> ActivityRules {
        guard configuration.central != nil, let stored = try ledger.storedActivityRules() else {
            return configuration.activityRules
        }
        return stored
    }

    /// Tells the desk (and `pasjes watch`) that a session's list changed, with its places now.
    func publishActivity(session id: String, change: String, clients: [String]) async {
        guard let session = try? await blocking({ try ledger.session(id: id) }) else { return }
        hub.publish(.activityChanged, counter: session.counterID,
                    ActivityChangedEvent(session: SessionInfo(session, unit: ledger.unit), change: change,
                                         clientNumbers: Array(clients.prefix(500))))
    }

    /// Closes forgotten sessions (ended more than the grace period ago) and tells the desks:
    /// every session when embedded; in central mode those of this node's location (the head
    /// office also those without one, and any a day overdue).
    func sweepActivities() async {
        let scope = configuration.central?.sweepScope ?? .all
        do {
            let settled = try await blocking { try ledger.sweepActivities(rules: try activityRules(), scope: scope) }
            for closed in settled where !closed.replayed {
                logger.notice("activity session closed by the sweep", metadata: ["session": "\(closed.sessionID)"])
                await publishActivity(session: closed.sessionID, change: "closed", clients: closed.changes.map(\.clientNumber))
            }
        } catch {
            logger.error("activity sweep failed", metadata: ["error": "\(error)"])
        }
    }
}

extension ActivityInfo {
    init(_ activity: Activity, unit: AmountUnit) {
        self.init(code: activity.code, name: activity.name, category: activity.category, unit: unit, price: activity.price,
                  attributable: activity.attributable, influenceable: activity.influenceable, capacity: activity.capacity,
                  place: activity.place, durationMinutes: activity.durationMinutes, counter: activity.counterID)
    }
}

extension SessionInfo {
    init(_ session: ActivitySession, unit: AmountUnit) {
        self.init(id: session.id, activity: session.activityCode, activityName: session.activityName,
                  category: session.category, unit: unit, price: session.price, place: session.place,
                  counter: session.counterID, day: session.day, startTime: session.startTime, endTime: session.endTime,
                  startsAt: session.startsAt, endsAt: session.endsAt, capacity: session.capacity, state: session.state,
                  booked: session.booked, attended: session.attended, waiting: session.waiting, free: session.free)
    }
}

extension BookingInfo {
    init(_ result: BookingResult, unit: AmountUnit) {
        self.init(bookingId: result.bookingID, session: result.sessionID, activityName: result.activityName,
                  clientNumber: result.clientNumber, clientName: result.clientName, state: result.state,
                  position: result.position, unit: unit, held: result.heldWallet, heldOwn: result.heldOwn,
                  balance: result.balance, available: result.available, reserve: result.reserve, light: result.light,
                  free: result.free, saleId: result.saleID, alreadyPresent: result.alreadyPresent,
                  operatorName: result.operatorName, at: result.createdAt, replayed: result.replayed)
    }
}

extension BookingChangeInfo {
    init(_ change: BookingChange) {
        self.init(bookingId: change.bookingID, clientNumber: change.clientNumber, state: change.state,
                  amount: change.amount, saleId: change.saleID)
    }
}

extension ActivityCancelResult {
    init(_ result: CancellationResult, unit: AmountUnit) {
        self.init(session: result.sessionID, sessionState: .open, clientNumber: result.clientNumber,
                  bookingId: result.bookingID, state: result.state, late: result.late, unit: unit,
                  released: result.released, charged: result.charged, saleId: result.saleID,
                  changes: result.promoted.map(BookingChangeInfo.init), free: result.free, replayed: result.replayed)
    }

    init(_ settlement: SessionSettlement, unit: AmountUnit, free: Int) {
        let released = settlement.changes.filter { $0.state == .released }.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
        let charged = settlement.changes.filter { $0.state == .charged }.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
        self.init(session: settlement.sessionID, sessionState: settlement.state, clientNumber: nil, bookingId: nil,
                  state: nil, late: nil, unit: unit, released: Amount(released), charged: Amount(charged), saleId: nil,
                  changes: settlement.changes.map(BookingChangeInfo.init), free: free, replayed: settlement.replayed)
    }
}

extension RosterResult {
    init(_ roster: Roster, unit: AmountUnit) {
        self.init(session: SessionInfo(roster.session, unit: unit), entries: roster.entries.map {
            RosterLine(bookingId: $0.bookingID, clientNumber: $0.clientNumber, clientName: $0.clientName, state: $0.state,
                       position: $0.position, held: $0.held, saleId: $0.saleID, absence: $0.absence)
        })
    }
}
