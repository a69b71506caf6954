import Foundation
import GRDB
import PasjesMoney

/// The SQL of day activities: facts for `ActivityDecision`, and the rows it decides.
extension SQLiteStore {
    static let activityColumns = """
        code, name, category, price, attributable, influenceable, capacity, place, duration_minutes, counter_id
        """

    static func activity(_ row: Row) throws -> Activity {
        Activity(code: try row.decode(forColumn: "code"), name: try row.decode(forColumn: "name"),
                 category: category(try row.decode(forColumn: "category")), price: Amount(try row.decode(Int64.self, forColumn: "price")),
                 attributable: try row.decode(forColumn: "attributable"),
                 influenceable: try row.decode(forColumn: "influenceable"), capacity: try row.decode(forColumn: "capacity"),
                 place: try row.decode(forColumn: "place"), durationMinutes: try row.decode(forColumn: "duration_minutes"),
                 counterID: try row.decode(forColumn: "counter_id"))
    }

    /// The schema allows only `dagbesteding` and `welzijn`.
    static func category(_ text: String) -> ProductCategory {
        ProductCategory(rawValue: text) ?? .dagbesteding
    }

    func activity(code: String) throws -> Activity? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.activityColumns) FROM activities WHERE code = ?"),
                         arguments: [code]).map(Self.activity)
    }

    func insert(_ activity: Activity, at time: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO activities (code, name, category, price, attributable, influenceable, capacity, place,
                duration_minutes, counter_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [activity.code, activity.name, activity.category.rawValue, activity.price.minorUnits,
                                     activity.attributable, activity.influenceable, activity.capacity, activity.place,
                                     activity.durationMinutes, activity.counterID, time])
    }

    /// The id of a new session in `slot` (`CODE-yyyyMMdd-HHmm`): the slot itself, or after
    /// cancelled sessions of that slot `slot-2`, `slot-3`, …. An open or closed session keeps the
    /// slot taken (`session_exists`). The id follows from the sessions there are, never from the
    /// clock, so replaying the journal makes the same ids.
    func newSessionID(slot: String) throws -> String {
        for number in 1...Ledger.maxSessionsPerSlot {
            let id = number == 1 ? slot : "\(slot)-\(number)"
            guard let state = try String.fetchOne(db.cachedStatement(sql: "SELECT state FROM activity_sessions WHERE id = ?"),
                                                  arguments: [id]) else { return id }
            guard state == SessionState.cancelled.rawValue else { throw LedgerError.sessionExists.with(id) }
        }
        throw LedgerError.sessionExists.with("\(slot): cancelled \(Ledger.maxSessionsPerSlot) times")
    }

    func insertSession(id: String, activityCode: String, seriesID: String?, day: String, startTime: String,
                       endTime: String, startsAt: String, endsAt: String, capacity: Int, at time: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO activity_sessions (id, activity_code, series_id, day, start_time, end_time, starts_at, ends_at,
                capacity, state, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)
            """).execute(arguments: [id, activityCode, seriesID, day, startTime, endTime, startsAt, endsAt, capacity, time])
    }

    /// The session, its activity and its places, as the rules see them.
    func sessionFacts(_ id: String) throws -> SessionFacts? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT s.id, s.state, s.starts_at, s.ends_at, s.capacity AS session_capacity,
                (SELECT COUNT(*) FROM activity_bookings b WHERE b.session_id = s.id AND b.state IN ('booked', 'attended')) AS taken,
                (SELECT COUNT(*) FROM activity_bookings b WHERE b.session_id = s.id AND b.state = 'waiting') AS waiting,
                a.code, a.name, a.category, a.price, a.attributable, a.influenceable, a.capacity, a.place,
                a.duration_minutes, a.counter_id
            FROM activity_sessions s JOIN activities a ON a.code = s.activity_code WHERE s.id = ?
            """), arguments: [id]) else { return nil }
        guard let starts = Ledger.milliseconds(timestamp: try row.decode(forColumn: "starts_at")),
              let ends = Ledger.milliseconds(timestamp: try row.decode(forColumn: "ends_at")),
              let state = SessionState(rawValue: try row.decode(forColumn: "state")) else {
            throw LedgerError.databaseError.with("session \(id) has a bad time or state")
        }
        return SessionFacts(id: try row.decode(forColumn: "id"), activity: try Self.activity(row), state: state,
                            startsAt: Date(timeIntervalSince1970: Double(starts) / 1000),
                            endsAt: Date(timeIntervalSince1970: Double(ends) / 1000),
                            capacity: try row.decode(forColumn: "session_capacity"), taken: try row.decode(forColumn: "taken"),
                            waiting: try row.decode(forColumn: "waiting"))
    }

    /// The client (and card) a payer names; nil when unknown, for the rules to refuse in order.
    func payerRows(_ payer: Payer) throws -> (client: ClientRow?, card: Card?) {
        let byNumber = "SELECT \(ClientRow.columns) FROM clients WHERE number = ?"
        let cardByUID = "SELECT \(CardRow.columns) FROM cards WHERE uid = ?"
        switch payer {
        case .client(let number):
            return (try ClientRow.fetchOne(db.cachedStatement(sql: byNumber), arguments: [number]), nil)
        case .card(let uid):
            let card = try CardRow.fetchOne(db.cachedStatement(sql: cardByUID), arguments: [uid])?.card
            guard let card else { return (nil, nil) }
            return (try ClientRow.fetchOne(db.cachedStatement(sql: byNumber), arguments: [card.clientNumber]), card)
        case .clientCard(let number, let uid):
            return (try ClientRow.fetchOne(db.cachedStatement(sql: byNumber), arguments: [number]),
                    try CardRow.fetchOne(db.cachedStatement(sql: cardByUID), arguments: [uid])?.card)
        }
    }

    /// The sum of `column` (`hold_wallet` or `hold_own`) over `:client`'s open holds: the
    /// charge's combined read; `held(clientID:)` reads both sums in one pass of its own.
    static func heldSQL(column: String) -> String {
        "SELECT COALESCE(SUM(\(column)), 0) FROM activity_bookings WHERE client_id = :client AND state = 'booked'"
    }

    /// The open holds of a client, on the wallet and on own money.
    func held(clientID: Int64) throws -> (wallet: Amount, own: Amount) {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT COALESCE(SUM(hold_wallet), 0) AS wallet, COALESCE(SUM(hold_own), 0) AS own
            FROM activity_bookings WHERE client_id = ? AND state = 'booked'
            """), arguments: [clientID])
        return (Amount(try row?.decode(Int64.self, forColumn: "wallet") ?? 0), Amount(try row?.decode(Int64.self, forColumn: "own") ?? 0))
    }

    /// The client's budget after landing what is due: what a booking decides on.
    func budgetFacts(_ client: ClientRow) throws -> BudgetFacts {
        let now = ledger.nowText()
        let month = Month(containing: now.0)
        try ledger.landDueAllocations(client: client, at: now, in: db)
        // The balance, reserve, holds and own money spent in one statement: the charge's read
        // of the same facts (`walletFacts`), one text of each query.
        let wallet = try walletFacts(client, month: month)
        return BudgetFacts(client: client.client, walletBalance: wallet.balance, reserve: wallet.reserve,
                           heldWallet: wallet.heldWallet, heldOwn: wallet.heldOwn, ownSpent: wallet.ownSpent ?? .zero)
    }

    static func booking(_ row: Row) throws -> ExistingBooking {
        guard let state = BookingState(rawValue: try row.decode(forColumn: "state")) else {
            throw LedgerError.databaseError.with("booking \(try row.decode(String.self, forColumn: "id")) has state \(try row.decode(String.self, forColumn: "state"))")
        }
        return ExistingBooking(id: try row.decode(forColumn: "id"), state: state,
                               heldWallet: Amount(try row.decode(Int64.self, forColumn: "hold_wallet")),
                               heldOwn: Amount(try row.decode(Int64.self, forColumn: "hold_own")), saleID: try row.decode(forColumn: "sale_id"))
    }

    /// The client's live entry (booked, waiting or attended) for the session.
    func liveBooking(sessionID: String, clientID: Int64) throws -> ExistingBooking? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, state, hold_wallet, hold_own, sale_id FROM activity_bookings
            WHERE session_id = ? AND client_id = ? AND state IN ('booked', 'waiting', 'attended')
            """), arguments: [sessionID, clientID]).map(Self.booking)
    }

    /// The session's bookings in `states`, in order of arrival, with their clients' ids.
    func bookings(sessionID: String, states: [BookingState], limit: Int = 1_000) throws
        -> [(booking: ExistingBooking, clientID: Int64)] {
        let list = states.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, state, hold_wallet, hold_own, sale_id, client_id FROM activity_bookings
            WHERE session_id = ? AND state IN (\(list)) ORDER BY queue_no LIMIT ?
            """), arguments: [sessionID, limit]).map { (try Self.booking($0), try $0.decode(forColumn: "client_id")) }
    }

    func insertBooking(id: String, sessionID: String, clientID: Int64, plan: BookingPlan, cardUID: String?,
                       operator who: Operator, at time: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO activity_bookings (id, session_id, client_id, state, queue_no, hold_wallet, hold_own, card_uid,
                operator_uid, operator_name, created_at)
            VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(queue_no), 0) + 1 FROM activity_bookings WHERE session_id = ?),
                ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, sessionID, clientID, plan.state.rawValue, sessionID, plan.heldWallet.minorUnits,
                                     plan.heldOwn.minorUnits, cardUID, Int64(who.uid), who.name, time])
    }

    /// A booking moves on: promoted (a new hold), attended or settled (`settledAt`).
    func updateBooking(id: String, state: BookingState, hold: BookingPlan? = nil, saleID: String? = nil,
                       settledAt: String?) throws {
        if let hold {
            try db.cachedStatement(sql: """
                UPDATE activity_bookings SET state = ?, hold_wallet = ?, hold_own = ? WHERE id = ?
                """).execute(arguments: [state.rawValue, hold.heldWallet.minorUnits, hold.heldOwn.minorUnits, id])
        } else {
            try db.cachedStatement(sql: """
                UPDATE activity_bookings SET state = ?, sale_id = COALESCE(?, sale_id), settled_at = ? WHERE id = ?
                """).execute(arguments: [state.rawValue, saleID, settledAt, id])
        }
    }

    func updateSession(id: String, state: SessionState, reason: String?, at time: String) throws {
        try db.cachedStatement(sql: "UPDATE activity_sessions SET state = ?, reason = ?, settled_at = ? WHERE id = ?")
            .execute(arguments: [state.rawValue, reason, time, id])
    }

    /// The place of a waiting booking in its line (1 is next).
    func position(bookingID: String) throws -> Int? {
        try Int.fetchOne(db.cachedStatement(sql: """
            SELECT COUNT(*) FROM activity_bookings w JOIN activity_bookings b ON b.id = ?
            WHERE w.session_id = b.session_id AND w.state = 'waiting' AND w.queue_no <= b.queue_no
              AND b.state = 'waiting'
            """), arguments: [bookingID]).flatMap { $0 > 0 ? $0 : nil }
    }

    /// Adds the product a paid activity is sold as (inactive: no counter sells it loose).
    func insertActivityProduct(_ activity: Activity) throws {
        try db.cachedStatement(sql: """
            INSERT INTO products (code, name, price, category, attributable, influenceable, active, position)
            VALUES (?, ?, ?, ?, ?, ?, 0, (SELECT COALESCE(MAX(position), 0) + 1 FROM products))
            """).execute(arguments: [activity.code, activity.name, activity.price.minorUnits, activity.category.rawValue,
                                     activity.attributable, activity.influenceable])
    }

    func productExists(_ code: String) throws -> Bool {
        try ProductRow.fetchOne(code: code, in: db) != nil
    }
}

/// Reads of sessions and rosters: in a snapshot, outside any command.
enum ActivityReads {
    static let sessionSelect = """
        SELECT s.id, s.activity_code, a.name, a.category, a.price, a.place, a.counter_id, s.day, s.start_time, s.end_time,
            s.starts_at, s.ends_at, s.capacity, s.state,
            (SELECT COUNT(*) FROM activity_bookings b WHERE b.session_id = s.id AND b.state = 'booked') AS booked,
            (SELECT COUNT(*) FROM activity_bookings b WHERE b.session_id = s.id AND b.state = 'attended') AS attended,
            (SELECT COUNT(*) FROM activity_bookings b WHERE b.session_id = s.id AND b.state = 'waiting') AS waiting
        FROM activity_sessions s JOIN activities a ON a.code = s.activity_code
        """

    static func session(_ row: Row) throws -> ActivitySession {
        let booked: Int = try row.decode(forColumn: "booked")
        let attended: Int = try row.decode(forColumn: "attended")
        let capacity: Int = try row.decode(forColumn: "capacity")
        return ActivitySession(
            id: try row.decode(forColumn: "id"), activityCode: try row.decode(forColumn: "activity_code"),
            activityName: try row.decode(forColumn: "name"), category: SQLiteStore.category(try row.decode(forColumn: "category")),
            price: Amount(try row.decode(Int64.self, forColumn: "price")), place: try row.decode(forColumn: "place"),
            counterID: try row.decode(forColumn: "counter_id"), day: try row.decode(forColumn: "day"),
            startTime: try row.decode(forColumn: "start_time"),
            endTime: try row.decode(forColumn: "end_time"), startsAt: try row.decode(forColumn: "starts_at"),
            endsAt: try row.decode(forColumn: "ends_at"), capacity: capacity,
            state: SessionState(rawValue: try row.decode(forColumn: "state")) ?? .closed, booked: booked, attended: attended,
            waiting: try row.decode(forColumn: "waiting"), free: max(0, capacity - booked - attended))
    }

    static func session(id: String, in db: Database) throws -> ActivitySession {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "\(sessionSelect) WHERE s.id = ?"), arguments: [id]) else {
            throw LedgerError.sessionUnknown.with(id)
        }
        return try session(row)
    }
}
