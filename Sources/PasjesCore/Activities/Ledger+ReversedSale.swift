import GRDB

extension Ledger {
    /// Releases the booking a reversed sale paid for (a check-in, a charged no-show): with its
    /// money back in the wallet it is neither attended nor charged, and its place goes to the
    /// waiting list as after a cancellation. Runs inside the reversal's command, so a replay of
    /// the journal releases the same booking.
    func releaseBooking(paidBy saleID: String, operator who: Operator, store: SQLiteStore) throws {
        guard let row = try Row.fetchOne(store.db.cachedStatement(sql: """
            SELECT id, session_id FROM activity_bookings WHERE sale_id = ? AND state IN ('attended', 'charged')
            """), arguments: [saleID]) else { return }
        // The schema keeps a sale id only on attended and charged bookings; the reversal names the sale.
        try store.db.cachedStatement(sql: """
            UPDATE activity_bookings SET state = 'released', sale_id = NULL, settled_at = ? WHERE id = ?
            """).execute(arguments: [nowText().1, row.decode(String.self, forColumn: "id")])
        _ = try promoteWaiting(sessionID: row.decode(forColumn: "session_id"), operator: who, store: store)
    }
}
