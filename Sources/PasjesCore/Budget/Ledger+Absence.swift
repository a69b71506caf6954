import Foundation
import GRDB
import PasjesMoney

/// A recorded absence.
public struct Absence: Codable, Hashable, Sendable {
    public var id: String
    public var clientNumber: String
    public var from: CalendarDay
    public var through: CalendarDay
    public var reason: AbsenceReason
    public var note: String?
}

/// One refund an absence booked: an arrangement line's billed days, pro rata.
public struct AbsenceRefund: Codable, Hashable, Sendable {
    public var arrangementID: String
    public var productName: String
    public var month: Month
    public var days: Int
    public var amount: Amount
    public var transferID: String
}

/// The answer to `client.absence`.
public struct AbsenceResult: Codable, Hashable, Sendable {
    public var absence: Absence
    public var refunds: [AbsenceRefund]
    /// Activity bookings and waiting-list places in the absent days that were released.
    public var holdsReleased: Int
    /// The wallet after the refunds.
    public var balance: Amount
    public var light: TrafficLight
    public var replayed: Bool
}

extension Ledger {
    /// The longest absence recorded at once: a year; a longer stay is recorded again.
    public static let maxAbsenceDays = 366

    /// Records that `clientNumber` is away (hospital, rehabilitation, other) from `from` through
    /// `through`. The arrangement's services of the absent days that were booked already are
    /// refunded pro rata per day into the wallet; months not booked yet leave those days out
    /// when they are. Card purchases are untouched. Absences of one client never overlap.
    public func recordAbsence(clientNumber: String, from: CalendarDay, through: CalendarDay, reason: AbsenceReason,
                              note: String?, operator who: Operator, idempotencyKey: String) throws -> AbsenceResult {
        guard let range = DayRange(from: from, through: through) else {
            throw LedgerError.invalidInput.with("through is before from")
        }
        guard range.dayCount <= Ledger.maxAbsenceDays else {
            throw LedgerError.invalidInput.with("an absence of more than \(Ledger.maxAbsenceDays) days")
        }
        if let note { try Ledger.validate(text: note, field: "note", maxLength: 200) }
        return try execute(ClientAbsenceRecord(clientNumber: clientNumber, from: from, through: through, reason: reason,
                                               note: note, operator: who, key: idempotencyKey))
    }

    /// A client's absences, latest first.
    public func absences(clientNumber: String) throws -> [Absence] {
        try read { db in
            let client = try fetchClientRow(number: clientNumber, in: db)
            return try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, from_day, through_day, reason, note FROM client_absences WHERE client_id = ?
                ORDER BY from_day DESC LIMIT 500
                """), arguments: [client.id]).map { row in
                    guard let from = CalendarDay(try row.decode(String.self, forColumn: "from_day")),
                          let through = CalendarDay(try row.decode(String.self, forColumn: "through_day")),
                          let reason = AbsenceReason(rawValue: try row.decode(forColumn: "reason")) else {
                        throw LedgerError.databaseError.with("bad absence row")
                    }
                    return Absence(id: try row.decode(forColumn: "id"), clientNumber: client.number, from: from, through: through, reason: reason,
                                   note: try row.decode(forColumn: "note"))
                }
        }
    }

    func bookAbsence(_ command: ClientAbsenceRecord, in db: Database) throws -> AbsenceResult {
        struct Request: Encodable {
            var clientNumber: String; var from: CalendarDay; var through: CalendarDay; var reason: AbsenceReason
            var note: String?
        }
        let request = Request(clientNumber: command.clientNumber, from: command.from, through: command.through,
                              reason: command.reason, note: command.note)
        let (result, replayed) = try once(key: command.key, operation: "client.absence", request: request, in: db) {
            try absenceInTransaction(command, in: db)
        }
        var answer = result
        answer.replayed = replayed
        return answer
    }

    private func absenceInTransaction(_ command: ClientAbsenceRecord, in db: Database) throws -> AbsenceResult {
        let client = try fetchClientRow(number: command.clientNumber, in: db)
        guard let range = DayRange(from: command.from, through: command.through) else {
            throw LedgerError.invalidInput.with("through is before from")
        }
        if let other = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT from_day, through_day FROM client_absences WHERE client_id = ? AND from_day <= ? AND through_day >= ?
            """), arguments: [client.id, range.through.description, range.from.description]) {
            throw LedgerError.absenceOverlaps.with("\(try other.decode(String.self, forColumn: "from_day")) – \(try other.decode(String.self, forColumn: "through_day"))")
        }
        let now = nowText()
        let id = newID()
        try db.execute(sql: """
            INSERT INTO client_absences (id, client_id, from_day, through_day, reason, note, operator_name, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, client.id, range.from.description, range.through.description, command.reason.rawValue,
                             command.note, command.operator.name, now.1])
        let refunds = try refundArrangements(absenceID: id, range: range, reason: command.reason, client: client,
                                             who: command.operator, at: now, in: db)
        // Nobody is charged for an activity missed in hospital: the holds of those days go.
        let released = try releaseHolds(clientID: client.id, fromDay: range.from.description,
                                        throughDay: range.through.description, in: db, operator: command.operator)
        let wallet = try walletSummary(client: client, month: Month(containing: now.0), in: db)
        return AbsenceResult(
            absence: Absence(id: id, clientNumber: client.number, from: range.from, through: range.through,
                             reason: command.reason, note: command.note),
            refunds: refunds, holdsReleased: released.count, balance: wallet.balance, light: wallet.light, replayed: false)
    }

    /// Gives back, per booked arrangement line, the absent days' share of what it cost: from the
    /// arrangement counter's revenue into the wallet, booked now (in the open month), never into
    /// a closed one.
    private func refundArrangements(absenceID: String, range: DayRange, reason: AbsenceReason, client: ClientRow,
                                    who: Operator, at now: (Date, String), in db: Database) throws -> [AbsenceRefund] {
        let bookings = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT b.arrangement_id, b.month, b.days, b.amount, a.from_day, a.through_day, p.name,
                   COALESCE((SELECT SUM(r.days) FROM absence_refunds r
                             WHERE r.arrangement_id = b.arrangement_id AND r.month = b.month), 0) AS refunded_days,
                   COALESCE((SELECT SUM(r.amount) FROM absence_refunds r
                             WHERE r.arrangement_id = b.arrangement_id AND r.month = b.month), 0) AS refunded_amount
            FROM arrangement_bookings b JOIN arrangements a ON a.id = b.arrangement_id
            JOIN products p ON p.code = a.product_code
            WHERE a.client_id = ? AND b.amount > 0 AND b.month BETWEEN ? AND ?
              AND b.sale_id NOT IN (SELECT sale_id FROM sale_reversals)
            ORDER BY b.month, a.created_at, a.id
            """), arguments: [client.id, range.from.calendarMonth.description, range.through.calendarMonth.description])
        guard !bookings.isEmpty else { return [] }
        let revenueID = try accountID(code: "revenue:\(ArrangementCounter.id)", in: db)
        let month = Month(containing: now.0)
        var refunds: [AbsenceRefund] = []
        for row in bookings {
            guard let bookedMonth = Month(try row.decode(String.self, forColumn: "month")),
                  let from = CalendarDay(try row.decode(String.self, forColumn: "from_day")),
                  let active = DayRange(from: from, through: (row["through_day"] as String?).flatMap(CalendarDay.init)
                                        ?? CalendarDay.last(of: bookedMonth)) else {
                throw LedgerError.databaseError.with("bad arrangement booking")
            }
            guard let billedRange = active.intersection(DayRange(month: bookedMonth)),
                  let absent = billedRange.intersection(range) else { continue }
            let amount = try ArrangementRules.refund(
                bookedAmount: try row.decode(forColumn: "amount"), bookedDays: try row.decode(forColumn: "days"),
                refundedDays: try row.decode(forColumn: "refunded_days"),
                refundedAmount: try row.decode(forColumn: "refunded_amount"), newDays: absent.dayCount)
            guard amount > 0 else { continue }
            let days = min(absent.dayCount, (try row.decode(Int.self, forColumn: "days")) - (try row.decode(Int.self, forColumn: "refunded_days")))
            let transferID = try append(NewTransfer(
                debitAccountID: revenueID, creditAccountID: client.walletAccountID, amount: Amount(amount),
                kind: .absenceRefund, month: month, operatorUID: who.uid, operatorName: who.name,
                counterID: ArrangementCounter.id,
                memo: "terug: \(row.decode(String.self, forColumn: "name")), \(days) \(days == 1 ? "dag" : "dagen") afwezig (\(reason.dutch)) in \(bookedMonth)"),
                in: db, at: now)
            try db.execute(sql: """
                INSERT INTO absence_refunds (absence_id, arrangement_id, month, days, amount, transfer_id)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [absenceID, row["arrangement_id"], bookedMonth.description, days, amount, transferID])
            refunds.append(AbsenceRefund(arrangementID: try row.decode(forColumn: "arrangement_id"),
                                         productName: try row.decode(forColumn: "name"), month: bookedMonth,
                                         days: days, amount: Amount(amount), transferID: transferID))
        }
        return refunds
    }

    /// The absences of `clientID` that touch `month`, as day ranges.
    func absenceRanges(clientID: Int64, month: Month, in db: Database) throws -> [DayRange] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT from_day, through_day FROM client_absences WHERE client_id = ? AND from_day <= ? AND through_day >= ?
            """), arguments: [clientID, CalendarDay.last(of: month).description, CalendarDay.first(of: month).description])
            .compactMap { row in
                guard let from = CalendarDay(try row.decode(String.self, forColumn: "from_day")),
                      let through = CalendarDay(try row.decode(String.self, forColumn: "through_day")) else {
                    return nil
                }
                return DayRange(from: from, through: through)
            }
    }
}
