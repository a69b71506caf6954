import Foundation
import GRDB

extension Ledger {
    /// The open sessions of `scope` that ended before `before` (and, for the head office's
    /// fallback, any open session that ended a day before `now`), the longest ended first.
    func dueSessions(endedBefore before: String, scope: SweepScope, now: Date, limit: Int,
                     in db: Database) throws -> [String] {
        let limit = max(1, min(limit, 1_000))
        switch scope {
        case .all:
            return try String.fetchAll(db.cachedStatement(sql: """
                SELECT id FROM activity_sessions WHERE state = 'open' AND ends_at < ? ORDER BY ends_at LIMIT ?
                """), arguments: [before, limit])
        case .location(let location):
            guard let location else { return [] }
            return try String.fetchAll(db.cachedStatement(sql: """
                SELECT s.id FROM activity_sessions s JOIN activities a ON a.code = s.activity_code
                    JOIN counters c ON c.id = a.counter_id
                WHERE s.state = 'open' AND s.ends_at < ? AND c.location = ? ORDER BY s.ends_at LIMIT ?
                """), arguments: [before, location, limit])
        case .headOffice(let location):
            let dayBefore = Ledger.timestamp(now.addingTimeInterval(-Double(SweepScope.fallbackHours) * 3_600))
            // The grace period is at most a day, so `before` is never earlier than `dayBefore`.
            return try String.fetchAll(db.cachedStatement(sql: """
                SELECT s.id FROM activity_sessions s JOIN activities a ON a.code = s.activity_code
                    JOIN counters c ON c.id = a.counter_id
                WHERE s.state = 'open' AND s.ends_at < ?1
                    AND (c.location IS NULL OR c.location IS ?2 OR s.ends_at < ?3)
                ORDER BY s.ends_at LIMIT ?4
                """), arguments: [before, location, dayBefore, limit])
        }
    }
}
