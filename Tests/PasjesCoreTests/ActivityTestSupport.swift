import Foundation
import PasjesCore
import PasjesMoney

/// Activities for the day-activity tests, on the `atelier` counter (dagbesteding).
extension TestLedger {
    /// 20 November 2026, 10:00 in Amsterdam: five days after `midNovember`.
    static let sessionDay = "2026-11-20"

    @discardableResult
    func activity(_ code: String = "KOOR", price: Int64 = 2_000, capacity: Int = 10,
                  influenceable: Bool = true) throws -> Activity {
        try ledger.createActivity(
            Activity(code: code, name: "Activiteit \(code)", category: .dagbesteding, price: Amount(price),
                     influenceable: influenceable, capacity: capacity, place: "Atelier", durationMinutes: 120,
                     counterID: "atelier"),
            operator: TestLedger.admin)
    }

    /// One session of `code`; its id.
    func session(_ code: String = "KOOR", day: String = TestLedger.sessionDay, time: String = "10:00") throws -> String {
        try ledger.schedule(SessionPlan(activityCode: code, firstDay: day, startTime: time), operator: TestLedger.admin)[0].id
    }

    @discardableResult
    func book(_ session: String, _ number: String, wait: Bool = true, key: String = UUID().uuidString) throws -> BookingResult {
        try ledger.book(BookingRequest(sessionID: session, payer: .client(number: number), waitIfFull: wait),
                        operator: TestLedger.admin, idempotencyKey: key)
    }

    @discardableResult
    func cancel(_ session: String, _ number: String, policy: LatePolicy = .release,
                key: String = UUID().uuidString) throws -> CancellationResult {
        try ledger.cancelBooking(BookingRequest(sessionID: session, payer: .client(number: number)),
                                 rules: ActivityRules(latePolicy: policy), operator: TestLedger.admin, idempotencyKey: key)
    }

    @discardableResult
    func checkIn(_ session: String, uid: String, key: String = UUID().uuidString) throws -> BookingResult {
        try ledger.checkIn(BookingRequest(sessionID: session, payer: .card(uid: uid)), operator: TestLedger.cashier,
                           idempotencyKey: key)
    }

    /// A client `1001`+`index` with card `0B0000xx` and `amount` for November.
    @discardableResult
    func resident(_ index: Int, amount: Int64 = 10_000, own: Bool = false, cap: Int64 = 0) throws -> String {
        let number = String(1001 + index)
        try client(number, uid: TestLedger.uid(index), amount: amount, own: own, cap: cap)
        return number
    }

    static func uid(_ index: Int) -> String {
        let hex = String(index, radix: 16, uppercase: true)
        return "0B" + String(repeating: "0", count: 6 - hex.count) + hex
    }

    func held(_ number: String) throws -> Int64 { try ledger.held(clientNumber: number).wallet.minorUnits }
}
