import Foundation
import GRDB
import PasjesMoney

extension Ledger {
    /// The most sessions one `activity.schedule` makes (a weekly series of a year).
    public static let maxSessionsPerSeries = 53
    /// How often one slot of an activity can be scheduled again after a cancellation.
    static let maxSessionsPerSlot = 20
    /// The most sessions one `sessions(fromDay:throughDay:)` page returns: a page must fit one
    /// protocol line (64 KiB) with room to spare.
    public static let maxSessionsListed = 100
    /// The most lines of a roster: every live place and waiting spot (capacity ≤ 200, waiting
    /// list ≤ 50) and then the most recent cancellations, so the answer fits one protocol line.
    public static let maxRosterEntries = 300
    /// The most places of one session.
    public static let maxCapacity = 200
    /// How long one session of an activity lasts, in minutes.
    public static let durationMinutes = 5...720
    /// The most activities `activities()` lists.
    public static let maxActivitiesListed = 200

    // MARK: - Public API

    /// Adds an activity; a paid one also becomes an (inactive) product of the same code, which
    /// is what its sessions are sold as. The code is upper-cased.
    public func createActivity(_ typed: Activity, operator who: Operator, idempotencyKey: String? = nil) throws -> Activity {
        var activity = typed
        activity.code = Ledger.productCode(typed.code)
        try Ledger.validate(activityCode: activity.code)
        try Ledger.validate(name: activity.name, field: "name", label: "naam van de activiteit", maxLength: 100)
        try Ledger.validate(text: activity.place, field: "place", maxLength: 100, allowEmpty: true)
        guard [.dagbesteding, .welzijn].contains(activity.category) else {
            throw LedgerError.invalidInput.with("category: dagbesteding or welzijn")
        }
        guard activity.price.minorUnits >= 0 else { throw LedgerError.invalidAmount.with("price must be ≥ 0") }
        guard (1...Ledger.maxCapacity).contains(activity.capacity) else {
            throw LedgerError.invalidInput.with("capacity 1–\(Ledger.maxCapacity)")
        }
        guard Ledger.durationMinutes.contains(activity.durationMinutes) else {
            throw LedgerError.invalidInput.with("duration \(Ledger.durationMinutes.lowerBound)–\(Ledger.durationMinutes.upperBound) minutes")
        }
        return try execute(ActivityCreate(activity: activity, operator: who, key: idempotencyKey))
    }

    /// Plans one session, or a weekly series through `plan.untilDay` (at most
    /// `maxSessionsPerSeries`), at a local time in Europe/Amsterdam.
    public func schedule(_ plan: SessionPlan, operator who: Operator, idempotencyKey: String? = nil) throws -> [ActivitySession] {
        var plan = plan
        plan.activityCode = Ledger.productCode(plan.activityCode)
        return try execute(ActivitySchedule(plan: plan, operator: who, key: idempotencyKey))
    }

    /// Books a place with a hold (or a waiting-list spot) for the payer.
    public func book(_ request: BookingRequest, operator who: Operator, idempotencyKey: String) throws -> BookingResult {
        try execute(ActivityBook(request: try normalised(request), operator: who, key: idempotencyKey, refusesAbsence: true))
    }

    /// Checks a client in: the hold becomes a sale at the activity's counter; a walk-in with a
    /// free place is booked and checked in at once; a second check-in books nothing.
    public func checkIn(_ request: BookingRequest, rules: ActivityRules = ActivityRules(), operator who: Operator,
                        idempotencyKey: String) throws -> BookingResult {
        try rules.validate()
        return try execute(ActivityCheckIn(request: try normalised(request), rules: rules, operator: who, key: idempotencyKey,
                                           refusesAbsence: true))
    }

    /// Cancels one client's booking or waiting-list spot.
    public func cancelBooking(_ request: BookingRequest, rules: ActivityRules = ActivityRules(), operator who: Operator,
                              idempotencyKey: String) throws -> CancellationResult {
        try rules.validate()
        return try execute(ActivityCancelBooking(request: try normalised(request), rules: rules, operator: who,
                                                 key: idempotencyKey))
    }

    /// Cancels a whole session (staff): everyone's hold released, nobody charged.
    public func cancelSession(_ request: SessionRequest, operator who: Operator, idempotencyKey: String) throws
        -> SessionSettlement {
        if let reason = request.reason { try Ledger.validate(text: reason, field: "reason", maxLength: 200) }
        return try execute(ActivityCancelSession(request: request, operator: who, key: idempotencyKey))
    }

    /// Settles a session that has started: attended are charged already, no-shows go by the
    /// policy, the waiting list is released.
    public func closeSession(_ request: SessionRequest, rules: ActivityRules = ActivityRules(), operator who: Operator,
                             idempotencyKey: String) throws -> SessionSettlement {
        try rules.validate()
        return try execute(ActivityClose(request: request, rules: rules, operator: who, key: idempotencyKey))
    }

    /// Closes every open session of `scope` that ended more than the grace period ago (at most
    /// `limit`), each as its own `activity.close` by `system`: no hold outlives its session for
    /// long. Two nodes closing one session book it once: the close carries the key
    /// `sweep:<session>`, so the second replays the first (or finds the session closed).
    public func sweepActivities(rules: ActivityRules = ActivityRules(), scope: SweepScope = .all,
                                limit: Int = 100) throws -> [SessionSettlement] {
        try rules.validate()
        let now = clock()
        let before = Ledger.timestamp(now.addingTimeInterval(-Double(rules.graceMinutes) * 60))
        let due = try read { db in try dueSessions(endedBefore: before, scope: scope, now: now, limit: limit, in: db) }
        var settled: [SessionSettlement] = []
        for id in due {
            do {
                settled.append(try closeSession(SessionRequest(sessionID: id, reason: "automatisch afgesloten"),
                                                rules: rules, operator: .system, idempotencyKey: "sweep:\(id)"))
            } catch let error as LedgerError where error == .sessionNotOpen {
                continue  // closed or cancelled by staff in between
            }
        }
        return settled
    }

    /// Activities by code, from `after` on (a page of at most `maxActivitiesListed`).
    public func activities(after: String? = nil, limit: Int = Ledger.maxActivitiesListed) throws -> [Activity] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(SQLiteStore.activityColumns) FROM activities WHERE code > ? ORDER BY code LIMIT ?
                """), arguments: [after ?? "", max(1, min(limit, Ledger.maxActivitiesListed))]).map(SQLiteStore.activity)
        }
    }

    /// One activity by code (upper-cased as at creation).
    public func activity(code: String) throws -> Activity {
        let code = Ledger.productCode(code)
        return try read { db in
            guard let activity = try SQLiteStore(ledger: self, db: db).activity(code: code) else {
                throw LedgerError.activityUnknown.with(code)
            }
            return activity
        }
    }

    /// Sessions on days `fromDay` through `throughDay` (`yyyy-MM-dd`), by start; only of
    /// `counterID`'s activities when given. One page: skip `offset`, at most `limit`
    /// (`maxSessionsListed`).
    public func sessions(fromDay: String, throughDay: String, counterID: String? = nil, offset: Int = 0,
                         limit: Int = Ledger.maxSessionsListed) throws -> [ActivitySession] {
        guard ActivityTime.day(fromDay) != nil, ActivityTime.day(throughDay) != nil else {
            throw LedgerError.invalidInput.with("days are yyyy-MM-dd")
        }
        guard (0...1_000_000).contains(offset) else { throw LedgerError.invalidInput.with("offset 0–1000000") }
        return try read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                \(ActivityReads.sessionSelect) WHERE s.day BETWEEN ? AND ? AND (?3 IS NULL OR a.counter_id = ?3)
                ORDER BY s.starts_at, s.id LIMIT ?4 OFFSET ?5
                """), arguments: [fromDay, throughDay, counterID, max(1, min(limit, Ledger.maxSessionsListed)), offset])
                .map(ActivityReads.session)
        }
    }

    /// One session with its places now.
    public func session(id: String) throws -> ActivitySession {
        try read { db in try ActivityReads.session(id: id, in: db) }
    }

    /// A session and everyone on its list: present and booked by arrival, then the waiting list.
    public func roster(sessionID: String) throws -> Roster {
        try read { db in
            let session = try ActivityReads.session(id: sessionID, in: db)
            var position = 0
            let entries = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT b.id, c.number, c.name, b.state, b.hold_wallet + b.hold_own AS held, b.sale_id,
                    (SELECT x.reason FROM client_absences x
                     WHERE x.client_id = b.client_id AND ?1 BETWEEN x.from_day AND x.through_day LIMIT 1) AS absence
                FROM activity_bookings b JOIN clients c ON c.id = b.client_id
                WHERE b.session_id = ?2
                ORDER BY CASE b.state WHEN 'attended' THEN 0 WHEN 'booked' THEN 1 WHEN 'waiting' THEN 2 ELSE 3 END,
                         CASE WHEN b.state IN ('attended', 'booked', 'waiting') THEN b.queue_no ELSE -b.queue_no END
                LIMIT ?3
                """), arguments: [session.day, sessionID, Ledger.maxRosterEntries]).map { row -> RosterEntry in
                    let state = BookingState(rawValue: try row.decode(forColumn: "state")) ?? .released
                    if state == .waiting { position += 1 }
                    return RosterEntry(bookingID: try row.decode(forColumn: "id"),
                                       clientNumber: try row.decode(forColumn: "number"), clientName: try row.decode(forColumn: "name"),
                                       state: state, position: state == .waiting ? position : nil,
                                       held: Amount(state == .booked ? try row.decode(forColumn: "held") : 0),
                                       saleID: try row.decode(forColumn: "sale_id"),
                                       absence: (row["absence"] as String?).flatMap(AbsenceReason.init(rawValue:)))
                }
            return Roster(session: session, entries: entries)
        }
    }

    /// What is held for a client's open bookings (wallet and own money).
    public func held(clientNumber: String) throws -> (wallet: Amount, own: Amount) {
        try read { db in
            let client = try fetchClientRow(number: clientNumber, in: db)
            return try SQLiteStore(ledger: self, db: db).held(clientID: client.id)
        }
    }

    private func normalised(_ request: BookingRequest) throws -> BookingRequest {
        guard !request.sessionID.isEmpty, request.sessionID.utf8.count <= 64 else {
            throw LedgerError.invalidInput.with("session id 1–64 bytes")
        }
        var normalised = request
        switch request.payer {
        case .card(let uid): normalised.payer = .card(uid: try CardUID.normalise(uid))
        case .clientCard(let number, let uid): normalised.payer = .clientCard(number: number, uid: try CardUID.normalise(uid))
        case .client: break
        }
        return normalised
    }

    // MARK: - Inside the commands

    func bookActivityCreate(_ activity: Activity, in db: Database) throws -> Activity {
        let store = SQLiteStore(ledger: self, db: db)
        if try store.activity(code: activity.code) != nil { throw LedgerError.activityExists.with(activity.code) }
        let counter = try fetchCounter(id: activity.counterID, in: db)
        guard counter.categories.contains(activity.category) else {
            throw LedgerError.categoryNotAllowed.with("\(activity.code) at \(counter.id)")
        }
        if activity.price.minorUnits > 0 {
            // The value funnel: what is not attributable and influenceable is never charged.
            guard activity.isPersonalBudget else { throw LedgerError.notPersonalBudget.with(activity.code) }
            guard try !store.productExists(activity.code) else {
                throw LedgerError.activityExists.with("product \(activity.code) exists")
            }
            try store.insertActivityProduct(activity)
        }
        try store.insert(activity, at: nowText().1)
        return activity
    }

    func bookSchedule(_ plan: SessionPlan, in db: Database) throws -> [ActivitySession] {
        let store = SQLiteStore(ledger: self, db: db)
        guard let activity = try store.activity(code: plan.activityCode) else {
            throw LedgerError.activityUnknown.with(plan.activityCode)
        }
        let capacity = plan.capacity ?? activity.capacity
        guard (1...Ledger.maxCapacity).contains(capacity) else {
            throw LedgerError.invalidInput.with("capacity 1–\(Ledger.maxCapacity)")
        }
        // Each week's day at the same local time: 7 calendar days apart, 167 or 169 hours across a
        // clock change; a day without that time is skipped (`SessionPlan.skippedDays`).
        let starts = try plan.calendarStarts().starts
        let now = nowText()
        guard let firstStart = starts.first, firstStart > now.0 else {
            throw LedgerError.invalidInput.with("\(plan.firstDay) \(plan.startTime) is past")
        }
        let seriesID = plan.untilDay == nil ? nil : newID()
        var ids: [String] = []
        for start in starts {
            let end = start.addingTimeInterval(Double(activity.durationMinutes) * 60)
            let day = ActivityTime.dayText(start)
            let startTime = ActivityTime.timeText(start)
            let slot = "\(activity.code)-\(day.replacingOccurrences(of: "-", with: ""))-\(startTime.replacingOccurrences(of: ":", with: ""))"
            let id = try store.newSessionID(slot: slot)
            try store.insertSession(id: id, activityCode: activity.code, seriesID: seriesID, day: day,
                                    startTime: startTime, endTime: ActivityTime.timeText(end),
                                    startsAt: Ledger.timestamp(start), endsAt: Ledger.timestamp(end),
                                    capacity: capacity, at: now.1)
            ids.append(id)
        }
        return try ids.map { try ActivityReads.session(id: $0, in: db) }
    }

    /// The client a request names, checked as a charge checks its payer (a blocked card never
    /// books), with the card used.
    private func payer(_ payer: Payer, store: SQLiteStore) throws -> (ClientRow, String?) {
        let rows = try store.payerRows(payer)
        let facts = ChargeFacts(client: rows.client?.client, card: rows.card, counter: nil, products: [:],
                                walletBalance: .zero, reserve: .zero, ownSpent: nil)
        let (_, cardUID) = try ChargeDecision.payer(payer, facts: facts)
        guard let row = rows.client else { throw LedgerError.clientUnknown }
        return (row, cardUID)
    }

    func bookActivity(_ command: ActivityBook, in db: Database) throws -> BookingResult {
        let store = SQLiteStore(ledger: self, db: db)
        let now = nowText()
        guard let session = try store.sessionFacts(command.request.sessionID) else {
            throw LedgerError.sessionUnknown.with(command.request.sessionID)
        }
        let (client, cardUID) = try payer(command.request.payer, store: store)
        if command.refusesAbsence == true { try store.refuseIfAbsent(client, sessionID: session.id) }
        let budget = try store.budgetFacts(client)
        let existing = try store.liveBooking(sessionID: session.id, clientID: client.id)
        let plan = try ActivityDecision.book(session: session, existing: existing, budget: budget, now: now.0,
                                             waitIfFull: command.request.waitIfFull)
        let id = newID()
        try store.insertBooking(id: id, sessionID: session.id, clientID: client.id, plan: plan, cardUID: cardUID,
                                operator: command.operator, at: now.1)
        return try bookingResult(id, session: session.id, client: client, saleID: nil, alreadyPresent: false,
                                 operator: command.operator, store: store)
    }

    func bookCheckIn(_ command: ActivityCheckIn, in db: Database) throws -> BookingResult {
        let store = SQLiteStore(ledger: self, db: db)
        let now = nowText()
        guard let session = try store.sessionFacts(command.request.sessionID) else {
            throw LedgerError.sessionUnknown.with(command.request.sessionID)
        }
        let (client, cardUID) = try payer(command.request.payer, store: store)
        let budget = try store.budgetFacts(client)
        let existing = try store.liveBooking(sessionID: session.id, clientID: client.id)
        let booking: ExistingBooking
        switch try ActivityDecision.checkIn(session: session, existing: existing, budget: budget, now: now.0,
                                            graceMinutes: command.rules.graceMinutes) {
        case .alreadyPresent(let present):
            return try bookingResult(present.id, session: session.id, client: client, saleID: present.saleID,
                                     alreadyPresent: true, operator: command.operator, store: store)
        case .convert(let booked):
            if command.refusesAbsence == true { try store.refuseIfAbsent(client, sessionID: session.id) }
            booking = booked
        case .walkIn(let plan, let replacing):
            if command.refusesAbsence == true { try store.refuseIfAbsent(client, sessionID: session.id) }
            if let replacing {
                try store.updateBooking(id: replacing.id, state: .booked, hold: plan, settledAt: nil)
                booking = ExistingBooking(id: replacing.id, state: .booked, heldWallet: plan.heldWallet,
                                          heldOwn: plan.heldOwn, saleID: nil)
            } else {
                let id = newID()
                try store.insertBooking(id: id, sessionID: session.id, clientID: client.id, plan: plan, cardUID: cardUID,
                                        operator: command.operator, at: now.1)
                booking = ExistingBooking(id: id, state: .booked, heldWallet: plan.heldWallet, heldOwn: plan.heldOwn,
                                          saleID: nil)
            }
        }
        let saleID = try convert(booking, activity: session.activity, client: client, cardUID: cardUID, memoSuffix: "",
                                 operator: command.operator, store: store)
        try store.updateBooking(id: booking.id, state: .attended, saleID: saleID, settledAt: now.1)
        return try bookingResult(booking.id, session: session.id, client: client, saleID: saleID, alreadyPresent: false,
                                 operator: command.operator, store: store)
    }

    /// Books the sale a hold becomes; nil for a free activity, and (with `releaseIfUnpayable`,
    /// for the policy's charges) when the wallet can no longer pay it under the rules.
    private func convert(_ held: ExistingBooking, activity: Activity, client: ClientRow, cardUID: String?,
                         memoSuffix: String, operator who: Operator, store: SQLiteStore,
                         releaseIfUnpayable: Bool = false) throws -> String? {
        let budget = try store.budgetFacts(client)
        let booking: ExistingBooking
        do {
            booking = try ActivityDecision.settlement(of: held, activity: activity, budget: budget)
        } catch is LedgerError where releaseIfUnpayable {
            return nil  // a policy never takes a wallet below its rules: released instead
        }
        guard let effects = ActivityDecision.sale(
            of: booking, activity: activity, client: client.client, cardUID: cardUID, walletBalance: budget.walletBalance,
            reserve: budget.reserve, saleID: newID(), operator: who, at: nowText(), memoSuffix: memoSuffix) else { return nil }
        try store.apply(effects, operator: who, payer: (client: client, card: nil))
        return effects.sale.id
    }

    func bookCancellation(_ command: ActivityCancelBooking, in db: Database) throws -> CancellationResult {
        let store = SQLiteStore(ledger: self, db: db)
        let now = nowText()
        guard let session = try store.sessionFacts(command.request.sessionID) else {
            throw LedgerError.sessionUnknown.with(command.request.sessionID)
        }
        let (client, _) = try payer(command.request.payer, store: store)
        guard let booking = try store.liveBooking(sessionID: session.id, clientID: client.id) else {
            throw LedgerError.bookingUnknown.with("\(client.number) in \(session.id)")
        }
        var state = try ActivityDecision.cancel(booking, session: session, now: now.0, rules: command.rules)
        let held = Amount(booking.heldWallet.minorUnits + booking.heldOwn.minorUnits)
        var saleID: String?
        if state == .charged {
            // What can no longer be paid is released: a policy never takes a wallet below its rules.
            saleID = try convert(booking, activity: session.activity, client: client, cardUID: nil,
                                 memoSuffix: " (te laat afgemeld)", operator: command.operator, store: store,
                                 releaseIfUnpayable: true)
            if saleID == nil { state = .cancelled }
        }
        try store.updateBooking(id: booking.id, state: state, saleID: saleID, settledAt: now.1)
        let promoted = try promoteWaiting(sessionID: session.id, operator: command.operator, store: store)
        let free = try store.sessionFacts(session.id)?.free ?? 0
        return CancellationResult(
            bookingID: booking.id, sessionID: session.id, clientNumber: client.number, state: state,
            late: ActivityDecision.isLate(session: session, now: now.0, rules: command.rules),
            released: state == .charged ? .zero : held, charged: state == .charged ? held : .zero, saleID: saleID,
            promoted: promoted, free: free, replayed: false)
    }

    /// Offers free places of a session that has not started to the waiting list, in order: each
    /// to the first whose budget allows it; the others stay in line.
    func promoteWaiting(sessionID: String, operator who: Operator, store: SQLiteStore) throws -> [BookingChange] {
        let now = nowText()
        var promoted: [BookingChange] = []
        while let session = try store.sessionFacts(sessionID), session.free > 0, session.waiting > 0,
              now.0 < session.startsAt {
            var candidates: [(booking: ExistingBooking, budget: BudgetFacts)] = []
            var numbers: [String: String] = [:]
            for entry in try store.bookings(sessionID: sessionID, states: [.waiting], limit: ActivityDecision.maxWaiting) {
                let client = try fetchClientRow(id: entry.clientID, in: store.db)
                numbers[entry.booking.id] = client.number
                candidates.append((entry.booking, try store.budgetFacts(client)))
            }
            guard let (booking, plan) = ActivityDecision.promote(session: session, waiting: candidates) else { break }
            try store.updateBooking(id: booking.id, state: .booked, hold: plan, settledAt: nil)
            promoted.append(BookingChange(bookingID: booking.id, clientNumber: numbers[booking.id] ?? "", state: .booked,
                                          amount: Amount(plan.heldWallet.minorUnits + plan.heldOwn.minorUnits), saleID: nil))
        }
        return promoted
    }

    func bookSessionCancel(_ command: ActivityCancelSession, in db: Database) throws -> SessionSettlement {
        let store = SQLiteStore(ledger: self, db: db)
        let now = nowText()
        guard let session = try store.sessionFacts(command.request.sessionID) else {
            throw LedgerError.sessionUnknown.with(command.request.sessionID)
        }
        guard session.state == .open else { throw LedgerError.sessionNotOpen.with(session.id) }
        var changes: [BookingChange] = []
        for entry in try store.bookings(sessionID: session.id, states: [.booked, .waiting, .attended], limit: 10_000) {
            let number = try fetchClientRow(id: entry.clientID, in: db).number
            // Someone already checked in keeps their sale: reversing it is a separate, visible act.
            guard entry.booking.state != .attended else { continue }
            try store.updateBooking(id: entry.booking.id, state: .released, settledAt: now.1)
            changes.append(BookingChange(bookingID: entry.booking.id, clientNumber: number, state: .released,
                                         amount: Amount(entry.booking.heldWallet.minorUnits + entry.booking.heldOwn.minorUnits),
                                         saleID: nil))
        }
        try store.updateSession(id: session.id, state: .cancelled, reason: command.request.reason, at: now.1)
        return SessionSettlement(sessionID: session.id, state: .cancelled, changes: changes, replayed: false)
    }

    func bookClose(_ command: ActivityClose, in db: Database) throws -> SessionSettlement {
        let store = SQLiteStore(ledger: self, db: db)
        let now = nowText()
        guard let session = try store.sessionFacts(command.request.sessionID) else {
            throw LedgerError.sessionUnknown.with(command.request.sessionID)
        }
        guard session.state == .open else { throw LedgerError.sessionNotOpen.with(session.id) }
        guard now.0 >= session.startsAt else { throw LedgerError.sessionNotStarted.with(session.id) }
        var changes: [BookingChange] = []
        for entry in try store.bookings(sessionID: session.id, states: [.booked, .waiting], limit: 10_000) {
            guard var state = ActivityDecision.settleOnClose(entry.booking, rules: command.rules) else { continue }
            let client = try fetchClientRow(id: entry.clientID, in: db)
            var saleID: String?
            if state == .charged {
                saleID = try convert(entry.booking, activity: session.activity, client: client, cardUID: nil,
                                     memoSuffix: " (niet gekomen)", operator: command.operator, store: store,
                                     releaseIfUnpayable: true)
                if saleID == nil { state = .released }
            }
            try store.updateBooking(id: entry.booking.id, state: state, saleID: saleID, settledAt: now.1)
            changes.append(BookingChange(bookingID: entry.booking.id, clientNumber: client.number, state: state,
                                         amount: Amount(entry.booking.heldWallet.minorUnits + entry.booking.heldOwn.minorUnits),
                                         saleID: saleID))
        }
        try store.updateSession(id: session.id, state: .closed, reason: command.request.reason, at: now.1)
        return SessionSettlement(sessionID: session.id, state: .closed, changes: changes, replayed: false)
    }

    /// Where one client stands now, after a booking, check-in or promotion.
    private func bookingResult(_ id: String, session sessionID: String, client: ClientRow, saleID: String?,
                               alreadyPresent: Bool, operator who: Operator, store: SQLiteStore) throws -> BookingResult {
        guard let row = try Row.fetchOne(store.db.cachedStatement(sql: """
            SELECT state, hold_wallet, hold_own FROM activity_bookings WHERE id = ?
            """), arguments: [id]), let state = BookingState(rawValue: try row.decode(forColumn: "state")),
              let session = try store.sessionFacts(sessionID) else {
            throw LedgerError.databaseError.with("booking \(id) vanished")
        }
        let budget = try store.budgetFacts(client)
        return BookingResult(
            bookingID: id, sessionID: sessionID, activityName: session.activity.name, clientNumber: client.number,
            clientName: client.name, state: state, position: try store.position(bookingID: id),
            heldWallet: Amount(try row.decode(Int64.self, forColumn: "hold_wallet")),
            heldOwn: Amount(try row.decode(Int64.self, forColumn: "hold_own")),
            balance: budget.walletBalance, available: budget.available, reserve: budget.reserve, light: budget.light,
            free: session.free, saleID: saleID, alreadyPresent: alreadyPresent, operatorName: who.name,
            createdAt: nowText().1, replayed: false)
    }
}

extension Ledger {
    /// The first answer of a booking (`activity.book`) or check-in (`activity.checkIn`) stored
    /// under `idempotencyKey`, if there was one: for a retry whose tap token died with a restart.
    public func storedBooking(idempotencyKey key: String, operation: String) throws -> BookingResult? {
        guard [ActivityBook.kind, ActivityCheckIn.kind].contains(operation) else { return nil }
        return try read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT result FROM idempotency WHERE key = ? AND operation = ?
                """), arguments: [key, operation]) else { return nil }
            var result = try JSONDecoder().decode(BookingResult.self, from: row.decode(Data.self, forColumn: "result"))
            result.replayed = true
            return result
        }
    }
}

/// One client's open holds in a month's sessions.
public struct MonthHolds: Codable, Hashable, Sendable {
    public var clientNumber: String
    public var sessions: Int
    public var held: Amount
}

extension Ledger {
    /// Books many places in one transaction (group commit): one fsync for all. Each booking runs
    /// in its own savepoint, so a refused one books nothing and leaves the others alone.
    public func bookBatch(_ requests: [(request: BookingRequest, operator: Operator, idempotencyKey: String)]) throws
        -> [Result<BookingResult, LedgerError>] {
        var results = [Result<BookingResult, LedgerError>]()
        results.reserveCapacity(requests.count)
        try book { db in
            for entry in requests {
                do {
                    let command = ActivityBook(request: try normalised(entry.request), operator: entry.operator,
                                               key: entry.idempotencyKey)
                    var booked: BookingResult?
                    try db.inSavepoint {
                        booked = try executeInTransaction(command, in: db)
                        return .commit
                    }
                    guard let booked else { throw LedgerError.internalError.with("savepoint without a result") }
                    results.append(.success(booked))
                } catch let error as LedgerError {
                    results.append(.failure(error))
                } catch {
                    guard db.isInsideTransaction else { throw error }
                    results.append(.failure(LedgerError.wrapping(error)))
                }
            }
        }
        return results
    }

    /// The month's open holds per client (sessions on days of `month`): what is promised and not
    /// yet spent, for the month's review. At most `limit` clients, most held first.
    public func monthHolds(_ month: Month, limit: Int = 10_000) throws -> [MonthHolds] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT c.number, COUNT(*) AS sessions, SUM(b.hold_wallet + b.hold_own) AS held
                FROM activity_bookings b JOIN activity_sessions s ON s.id = b.session_id JOIN clients c ON c.id = b.client_id
                WHERE b.state = 'booked' AND s.day >= ? AND s.day < ?
                GROUP BY c.number ORDER BY held DESC, c.number LIMIT ?
                """), arguments: ["\(month)-01", "\(month.next)-01", max(1, min(limit, 100_000))]).map {
                    MonthHolds(clientNumber: try $0.decode(forColumn: "number"), sessions: try $0.decode(forColumn: "sessions"),
                               held: Amount(try $0.decode(Int64.self, forColumn: "held")))
                }
        }
    }
}
