import Foundation
import GRDB
import PasjesMoney

/// The answer to `arrangement.add` and `arrangement.end`: the line, and this month's booking
/// when the month's money has landed already.
public struct ArrangementResult: Codable, Hashable, Sendable {
    public var arrangement: Arrangement
    public var booking: ArrangementBooking?
    public var replayed: Bool
}

extension Ledger {
    /// The most arrangement lines one client can have: a form fits on a page.
    public static let maxArrangementLines = 50
    /// How many pieces one arrangement line may take per period.
    public static let arrangementQuantity: ClosedRange<Int64> = 1...100

    /// Adds a standing service to `clientNumber`'s arrangement. When this month's money has
    /// landed already, the rest of this month is booked at once (pro rata); later months are
    /// booked when their money lands.
    public func addArrangement(clientNumber: String, productCode: String, quantity: Int64, per: ArrangementPeriod,
                               from: CalendarDay, through: CalendarDay?, operator who: Operator,
                               idempotencyKey: String) throws -> ArrangementResult {
        guard Ledger.arrangementQuantity.contains(quantity) else {
            throw LedgerError.invalidQuantity.with("arrangement quantity \(Ledger.arrangementQuantity)")
        }
        if let through, through < from { throw LedgerError.invalidInput.with("through is before from") }
        return try execute(ArrangementAdd(clientNumber: clientNumber, productCode: Ledger.productCode(productCode),
                                          quantity: quantity, per: per, from: from, through: through, operator: who,
                                          key: idempotencyKey))
    }

    /// Ends an arrangement line: `through` is the last day it runs. Months booked already stay booked.
    public func endArrangement(id: String, through: CalendarDay, operator who: Operator,
                               idempotencyKey: String) throws -> ArrangementResult {
        try execute(ArrangementEnd(arrangementID: id, through: through, operator: who, key: idempotencyKey))
    }

    /// A client's arrangement lines, oldest first, with their bookings of `month` when asked.
    public func arrangements(clientNumber: String) throws -> [Arrangement] {
        try read { db in
            let client = try fetchClientRow(number: clientNumber, in: db)
            return try arrangementLines(clientID: client.id, in: db)
        }
    }

    func bookArrangementAdd(_ command: ArrangementAdd, in db: Database) throws -> ArrangementResult {
        struct Request: Encodable {
            var clientNumber: String; var productCode: String; var quantity: Int64; var per: ArrangementPeriod
            var from: CalendarDay; var through: CalendarDay?
        }
        let request = Request(clientNumber: command.clientNumber, productCode: command.productCode,
                              quantity: command.quantity, per: command.per, from: command.from, through: command.through)
        let (result, replayed) = try once(key: command.key, operation: "arrangement.add", request: request, in: db) {
            let client = try fetchClientRow(number: command.clientNumber, in: db)
            guard client.status != .ended else { throw LedgerError.clientNotActive.with("\(client.number) has left") }
            guard let product = try ProductRow.fetchOne(code: command.productCode, in: db)?.product else {
                throw LedgerError.productUnknown.with(command.productCode)
            }
            guard product.active else { throw LedgerError.productInactive.with(product.code) }
            guard product.isPersonalBudget else { throw LedgerError.notPersonalBudget.with(product.code) }
            let count = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM arrangements WHERE client_id = ?"),
                                         arguments: [client.id]) ?? 0
            guard count < Ledger.maxArrangementLines else {
                throw LedgerError.invalidInput.with("more than \(Ledger.maxArrangementLines) arrangement lines")
            }
            let id = newID()
            try db.execute(sql: """
                INSERT INTO arrangements (id, client_id, product_code, quantity, per, from_day, through_day,
                    operator_name, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, client.id, product.code, command.quantity, command.per.rawValue,
                                 command.from.description, command.through?.description, command.operator.name,
                                 nowText().1])
            let booking = try bookArrangementsIfLanded(client: client, who: command.operator, in: db)[id]
            let line = try arrangementLines(clientID: client.id, in: db).first { $0.id == id }!
            return ArrangementResult(arrangement: line, booking: booking, replayed: false)
        }
        var answer = result
        answer.replayed = replayed
        return answer
    }

    func bookArrangementEnd(_ command: ArrangementEnd, in db: Database) throws -> ArrangementResult {
        struct Request: Encodable { var arrangementID: String; var through: CalendarDay }
        let request = Request(arrangementID: command.arrangementID, through: command.through)
        let (result, replayed) = try once(key: command.key, operation: "arrangement.end", request: request, in: db) {
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT client_id, from_day, through_day FROM arrangements WHERE id = ?
                """), arguments: [command.arrangementID]) else {
                throw LedgerError.arrangementUnknown.with(command.arrangementID)
            }
            if let through = (row["through_day"] as String?).flatMap(CalendarDay.init), through <= command.through {
                throw LedgerError.arrangementEnded.with("runs through \(through)")
            }
            guard let from = CalendarDay(try row.decode(String.self, forColumn: "from_day")), command.through >= from else {
                throw LedgerError.invalidInput.with("through is before the arrangement starts")
            }
            try db.execute(sql: "UPDATE arrangements SET through_day = ? WHERE id = ?",
                           arguments: [command.through.description, command.arrangementID])
            guard let line = try arrangementLines(clientID: row.decode(forColumn: "client_id"), in: db)
                .first(where: { $0.id == command.arrangementID }) else {
                throw LedgerError.inconsistent("vaste dienst \(command.arrangementID) is niet te lezen", table: "arrangements",
                                               key: "id \(command.arrangementID)")
            }
            return ArrangementResult(arrangement: line, booking: nil, replayed: false)
        }
        var answer = result
        answer.replayed = replayed
        return answer
    }

    /// Books this month's arrangement when this month's money is in the wallet already.
    private func bookArrangementsIfLanded(client: ClientRow, who: Operator,
                                          in db: Database) throws -> [String: ArrangementBooking] {
        let month = Month(containing: nowText().0)
        let landed = try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT landed_transfer_id IS NOT NULL FROM allocations WHERE client_id = ? AND month = ?
            """), arguments: [client.id, month.description]) ?? false
        guard landed else { return [:] }
        return try bookArrangements(client: client, month: month, who: who, in: db)
    }

    /// Books every line of `client`'s arrangement that runs in `month` and is not booked for it
    /// yet: one sale per line at the arrangement counter, under the normal rules of a charge.
    ///
    /// A line that does not fit (the wallet is too low, the product was withdrawn) books nothing
    /// and is recorded with its reason, so the form shows it red and nothing is charged twice
    /// when the month's money lands again after a reversal. Runs inside the booking that lands
    /// the month's money, so it is part of that command's journal entry and replays with it.
    @discardableResult
    func bookArrangements(client: ClientRow, month: Month, who: Operator,
                          in db: Database) throws -> [String: ArrangementBooking] {
        let lines = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT a.id, a.product_code, a.quantity, a.per, a.from_day, a.through_day FROM arrangements a
            WHERE a.client_id = ?1 AND a.from_day <= ?3 AND (a.through_day IS NULL OR a.through_day >= ?2)
              AND NOT EXISTS (SELECT 1 FROM arrangement_bookings b WHERE b.arrangement_id = a.id AND b.month = ?4)
            ORDER BY a.created_at, a.id
            """), arguments: [client.id, CalendarDay.first(of: month).description, CalendarDay.last(of: month).description,
                             month.description])
        guard !lines.isEmpty else { return [:] }
        try ensureArrangementCounter(in: db)
        let absences = try absenceRanges(clientID: client.id, month: month, in: db)
        let store = SQLiteStore(ledger: self, db: db)
        let now = nowText()
        var bookings: [String: ArrangementBooking] = [:]
        for line in lines {
            guard let from = CalendarDay(try line.decode(String.self, forColumn: "from_day")),
                  let active = DayRange(from: from, through: (line["through_day"] as String?).flatMap(CalendarDay.init)
                                        ?? CalendarDay.last(of: month)),
                  let per = ArrangementPeriod(rawValue: try line.decode(forColumn: "per")) else {
                throw LedgerError.databaseError.with("bad arrangement row \(try line.decode(String.self, forColumn: "id"))")
            }
            let billed = try ArrangementRules.billedDays(active: active, month: month, absences: absences)
            let quantity = try ArrangementRules.quantity(perPeriod: try line.decode(forColumn: "quantity"), per: per, days: billed.days,
                                                     monthDays: month.dayCount)
            var booking = ArrangementBooking(arrangementID: try line.decode(forColumn: "id"), month: month, days: billed.days, quantity: quantity,
                                             saleID: nil, amount: .zero, refusal: nil)
            if quantity > 0 {
                let command = SaleCharge(
                    request: ChargeRequest(counterID: ArrangementCounter.id, payer: .client(number: client.number),
                                           items: [ChargeItem(productCode: try line.decode(forColumn: "product_code"), quantity: quantity)],
                                           reason: "vaste dienst \(month)"),
                    operator: who, key: "arrangement:\(booking.arrangementID):\(month)")
                do {
                    // A savepoint: a refused line leaves no half-booked sale behind.
                    try db.inSavepoint {
                        let payer = try store.landDueAllocations(for: command.request)
                        let facts = try store.chargeFacts(command.request, payer: payer, month: Month(containing: now.0))
                        let effects = try ChargeDecision.decide(command, facts: facts, saleID: newID(), at: now)
                        try store.apply(effects, operator: who, payer: payer)
                        booking.saleID = effects.sale.id
                        booking.amount = effects.sale.total
                        return .commit
                    }
                } catch let error as LedgerError {
                    booking.refusal = error.code
                }
            }
            try db.execute(sql: """
                INSERT INTO arrangement_bookings (arrangement_id, month, days, quantity, sale_id, amount, refusal, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [booking.arrangementID, month.description, booking.days, booking.quantity, booking.saleID,
                                 booking.amount.minorUnits, booking.refusal, now.1])
            bookings[booking.arrangementID] = booking
        }
        return bookings
    }

    /// The arrangement counter and its revenue account, made the first time something is booked there.
    private func ensureArrangementCounter(in db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO counters (id, name, categories) VALUES (?, ?, ?)",
                       arguments: [ArrangementCounter.id, ArrangementCounter.name,
                                   ProductCategory.allCases.map(\.rawValue).joined(separator: ",")])
        try Ledger.insertAccount(code: "revenue:\(ArrangementCounter.id)", kind: "revenue", ifMissing: true, in: db)
    }

    func arrangementLines(clientID: Int64, in db: Database) throws -> [Arrangement] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT a.id, c.number, a.product_code, p.name, p.price, a.quantity, a.per, a.from_day, a.through_day
            FROM arrangements a JOIN clients c ON c.id = a.client_id JOIN products p ON p.code = a.product_code
            WHERE a.client_id = ? ORDER BY a.created_at, a.id
            """), arguments: [clientID]).map { row in
                guard let per = ArrangementPeriod(rawValue: try row.decode(forColumn: "per")),
                      let from = CalendarDay(try row.decode(String.self, forColumn: "from_day")) else {
                    throw LedgerError.databaseError.with("bad arrangement row")
                }
                return Arrangement(id: try row.decode(forColumn: "id"), clientNumber: try row.decode(forColumn: "number"),
                                   productCode: try row.decode(forColumn: "product_code"),
                                   productName: try row.decode(forColumn: "name"),
                                   price: Amount(try row.decode(Int64.self, forColumn: "price")), quantity: try row.decode(forColumn: "quantity"),
                                   per: per, from: from, through: (row["through_day"] as String?).flatMap(CalendarDay.init))
            }
    }
}
