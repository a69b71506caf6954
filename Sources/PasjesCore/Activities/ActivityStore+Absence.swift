import GRDB
import PasjesModel

extension SQLiteStore {
    /// `client_absent` when `client` is recorded away (hospital, rehabilitation) on the day of
    /// session `sessionID`: the absence released such bookings, so none is made again.
    func refuseIfAbsent(_ client: ClientRow, sessionID: String) throws {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT s.day, x.reason, x.from_day, x.through_day FROM activity_sessions s
            JOIN client_absences x ON x.client_id = ? AND s.day BETWEEN x.from_day AND x.through_day
            WHERE s.id = ? LIMIT 1
            """), arguments: [client.id, sessionID]) else { return }
        throw LedgerError.clientAbsent(client.number, day: try row.decode(forColumn: "day"),
                                       reason: AbsenceReason(rawValue: try row.decode(forColumn: "reason")) ?? .other,
                                       from: try row.decode(forColumn: "from_day"), through: try row.decode(forColumn: "through_day"))
    }
}

extension LedgerError {
    /// `client_absent`: a booking on a day the client is recorded away.
    static func clientAbsent(_ number: String, day: String, reason: AbsenceReason, from: String,
                             through: String) -> LedgerError {
        LedgerError(code: Reason.clientAbsent.code,
                    message: "\(number) is op \(day) afwezig (\(reason.dutch), \(from) t/m \(through)): boeken kan niet.",
                    detail: "\(number) absent \(from)…\(through)")
    }
}
