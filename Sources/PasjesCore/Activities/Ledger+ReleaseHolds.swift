import GRDB
import PasjesMoney

extension Ledger {
    /// Releases every hold and waiting-list spot of a client in open sessions on days `fromDay`
    /// through `throughDay` (`yyyy-MM-dd`, Europe/Amsterdam, both included), and offers each
    /// freed place to the session's waiting list. For an absence (hospital, rehabilitation):
    /// a resident is never charged for sessions missed while away.
    ///
    /// Call it only from inside a running command (`LedgerCommand.apply`), in its transaction:
    /// the rows it writes are derived tables, and `verify` rebuilds them only from the journal.
    /// The caller's command is what the journal records; this books no entry of its own.
    ///
    /// - Returns: what was released, session by session in start order.
    @discardableResult
    func releaseHolds(clientID: Int64, fromDay: String, throughDay: String, in db: Database,
                      operator who: Operator = .system) throws -> [ReleasedHold] {
        guard ActivityTime.day(fromDay) != nil, ActivityTime.day(throughDay) != nil, fromDay <= throughDay else {
            throw LedgerError.invalidInput.with("days are yyyy-MM-dd, from ≤ through")
        }
        let now = nowText()
        let store = SQLiteStore(ledger: self, db: db)
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT b.id, b.state, b.hold_wallet, b.hold_own, b.sale_id, s.id AS session_id, s.day
            FROM activity_bookings b JOIN activity_sessions s ON s.id = b.session_id
            WHERE b.client_id = ? AND b.state IN ('booked', 'waiting') AND s.state = 'open' AND s.day BETWEEN ? AND ?
            ORDER BY s.starts_at, s.id
            """), arguments: [clientID, fromDay, throughDay])
        var released: [ReleasedHold] = []
        for row in rows {
            let booking = try SQLiteStore.booking(row)
            try store.updateBooking(id: booking.id, state: .released, settledAt: now.1)
            released.append(ReleasedHold(bookingID: booking.id, sessionID: try row.decode(forColumn: "session_id"),
                                         day: try row.decode(forColumn: "day"),
                                         state: booking.state,
                                         released: Amount(booking.heldWallet.minorUnits + booking.heldOwn.minorUnits)))
        }
        for sessionID in Set(released.filter { $0.state == .booked }.map(\.sessionID)).sorted() {
            _ = try promoteWaiting(sessionID: sessionID, operator: who, store: store)
        }
        return released
    }
}

extension SQLiteStore {
    /// Month close: open holds of sessions on days of `month` are not settled yet, in words.
    func activityHoldsPending(_ month: Month) throws -> [String] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT s.id, COUNT(*) AS holds FROM activity_bookings b JOIN activity_sessions s ON s.id = b.session_id
            WHERE b.state = 'booked' AND s.day >= ? AND s.day < ? GROUP BY s.id ORDER BY s.id LIMIT 100
            """), arguments: ["\(month)-01", "\(month.next)-01"]).map {
                "activiteit \(try $0.decode(String.self, forColumn: "id")): \(try $0.decode(Int.self, forColumn: "holds")) boeking(en) nog niet afgerekend"
            }
    }
}

extension Ledger {
    /// Releases a client's holds on days `fromDay` through `throughDay` as its own command
    /// (`activity.release`): an absence recorded by hand.
    public func releaseHolds(_ request: ReleaseRequest, operator who: Operator, idempotencyKey: String) throws
        -> [ReleasedHold] {
        try execute(ActivityRelease(request: request, operator: who, key: idempotencyKey))
    }
}
