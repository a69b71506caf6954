import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

/// A session starting `minutesAhead` from now, as Amsterdam day and time.
func upcomingSlot(minutesAhead: Int) -> (day: String, time: String) {
    let slot = TestSupport.sessionSlot(startingAt: Date().addingTimeInterval(Double(minutesAhead) * 60))
    return (slot.day, slot.time)
}

/// The session id the daemon makes for `code` at `slot`.
func sessionID(_ code: String, _ slot: (day: String, time: String)) -> String {
    "\(code)-\(slot.day.replacingOccurrences(of: "-", with: ""))-\(slot.time.replacingOccurrences(of: ":", with: ""))"
}

@Suite struct ActivityMethodTests {
    /// A new resident with `amount` for this month (the demo's residents have spent some).
    static func resident(_ c: RPCClient, _ number: String, amount: Int64 = 10_000) throws {
        _ = try c.callRaw("client.create", ClientCreateParams(idempotencyKey: "c\(number)", number: number,
                                                              name: "Bewoner \(number)", zzp: "VV5", location: "",
                                                              department: ""))
        _ = try c.callRaw("budget.allocate", BudgetAllocateParams(idempotencyKey: "a\(number)", clientNumber: number,
                                                                  month: currentMonth(), amount: Amount(amount)))
    }

    /// An activity of the demo's dagbesteding desk with one session `minutesAhead` from now.
    static func activityWithSession(_ c: RPCClient, code: String = "KOOR", price: Int64 = 500, capacity: Int = 10,
                                    minutesAhead: Int = 24 * 60 * 3) throws -> String {
        _ = try c.call("activity.create", ActivityCreateParams(code: code, name: "Koor", category: .dagbesteding,
                                                               price: Amount(price), capacity: capacity, place: "Zaal"),
                       as: ActivityInfo.self)
        let slot = upcomingSlot(minutesAhead: minutesAhead)
        let sessions = try c.call("activity.schedule", ActivityScheduleParams(activity: code, day: slot.day, time: slot.time),
                                  as: SessionListResult.self)
        #expect(sessions.sessions.map(\.id) == [sessionID(code, slot)])
        return sessions.sessions[0].id
    }

    @Test func theLastPlaceGoesToExactlyOneOfSixteenClientsBookingAtOnce() async throws {
        let daemon = try InProcessDaemon()
        let admin = try daemon.client()
        let session = try Self.activityWithSession(admin, capacity: 3)
        for number in ["3001", "3002"] {
            try Self.resident(admin, number)
            _ = try admin.call("activity.book", ActivityBookingParams(idempotencyKey: "pre-\(number)", session: session,
                                                                      clientNumber: number), as: BookingInfo.self)
        }
        let numbers = (1...16).map { String(2000 + $0) }
        for number in numbers { try Self.resident(admin, number) }
        let socketPath = daemon.socketPath
        let outcomes = try await TestSupport.onThreads(numbers.count) { index in
            let number = numbers[index]
            let client = try RPCClient(socketPath: socketPath, readTimeoutMilliseconds: 30_000)
            do {
                let booked = try client.call("activity.book", ActivityBookingParams(
                    idempotencyKey: "last-\(number)", session: session, clientNumber: number, waitIfFull: false),
                    as: BookingInfo.self)
                return booked.state.rawValue
            } catch let error as RPCError {
                return error.data?.reason ?? "?"
            }
        }
        #expect(outcomes.filter { $0 == "booked" }.count == 1, "\(outcomes)")
        #expect(outcomes.filter { $0 == "session_full" }.count == 15, "\(outcomes)")
        let roster = try admin.call("activity.roster", ActivitySessionParams(session: session), as: RosterResult.self)
        #expect(roster.session.booked == 3)
        #expect(roster.session.free == 0)
        #expect(try admin.call("ledger.verify", NoParams(), as: VerifyResult.self).ok)
    }

    @Test func aDayAtTheDeskOverTheSocket() throws {
        let daemon = try InProcessDaemon(config: """
            [activities]
            late_policy = "charge"
            """)
        let admin = try daemon.client()
        let events = try EventListener(socketPath: daemon.socketPath, topics: [.activityChanged])
        let session = try Self.activityWithSession(admin, price: 500, capacity: 1, minutesAhead: 60)
        let list = try admin.call("activity.list", NoParams(), as: ActivityListResult.self)
        #expect(list.activities.map(\.code) == ["KOOR"])
        let slot = upcomingSlot(minutesAhead: 60)
        let day = try admin.call("activity.sessions", ActivitySessionsParams(from: slot.day, to: slot.day),
                                 as: SessionListResult.self)
        #expect(day.sessions.map(\.id) == [session])

        let booked = try admin.call("activity.book", ActivityBookingParams(idempotencyKey: "b1", session: session,
                                                                            clientNumber: "1001"), as: BookingInfo.self)
        #expect(booked.state == .booked)
        #expect(booked.held == Amount(500))
        let wallet = try admin.call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self)
        #expect(wallet.held == Amount(500))
        let waiting = try admin.call("activity.book", ActivityBookingParams(idempotencyKey: "b2", session: session,
                                                                             clientNumber: "1004"), as: BookingInfo.self)
        #expect(waiting.state == .waiting)
        #expect(waiting.position == 1)
        // Within the cutoff with policy charge: 1001 pays, 1004 moves up.
        let cancelled = try admin.call("activity.cancel", ActivityBookingParams(idempotencyKey: "x1", session: session,
                                                                                 clientNumber: "1001"),
                                       as: ActivityCancelResult.self)
        #expect(cancelled.state == .charged)
        #expect(cancelled.late == true)
        #expect(cancelled.changes.map(\.clientNumber) == ["1004"])
        let checkedIn = try admin.call("activity.checkIn", ActivityBookingParams(idempotencyKey: "in1", session: session,
                                                                                  clientNumber: "1004"), as: BookingInfo.self)
        #expect(checkedIn.state == .attended)
        #expect(checkedIn.saleId != nil)
        let again = try admin.call("activity.checkIn", ActivityBookingParams(idempotencyKey: "in2", session: session,
                                                                              clientNumber: "1004"), as: BookingInfo.self)
        #expect(again.alreadyPresent)
        let roster = try admin.call("activity.roster", ActivitySessionParams(session: session), as: RosterResult.self)
        #expect(roster.entries.map(\.state) == [.attended, .charged])
        let seen = events.wait(for: .activityChanged, as: ActivityChangedEvent.self, count: 5)
        #expect(seen.map(\.change) == ["booked", "waiting", "charged", "promoted", "attended"], "\(seen.map(\.change))")
        #expect(seen.last?.session.attended == 1)
        let refused = #expect(throws: RPCError.self) {
            _ = try admin.call("activity.close", ActivitySessionParams(idempotencyKey: "close", session: session),
                               as: ActivityCancelResult.self)
        }
        #expect(refused?.data?.reason == "session_not_started")
        #expect(try admin.call("ledger.verify", NoParams(), as: VerifyResult.self).ok)
    }

    @Test func staffCancelAndRefusalsOverTheSocket() throws {
        let daemon = try InProcessDaemon()
        let admin = try daemon.client()
        let session = try Self.activityWithSession(admin, price: 500, capacity: 2)
        for number in ["3001", "3002"] {
            try Self.resident(admin, number)
            _ = try admin.call("activity.book", ActivityBookingParams(idempotencyKey: "b\(number)", session: session,
                                                                      clientNumber: number), as: BookingInfo.self)
        }
        let funnel = #expect(throws: RPCError.self) {
            _ = try admin.call("activity.create", ActivityCreateParams(
                code: "INCOLES", name: "Niet beïnvloedbaar", category: .dagbesteding, price: Amount(300),
                influenceable: false, capacity: 5), as: ActivityInfo.self)
        }
        #expect(funnel?.data?.reason == "not_personal_budget")
        // 2 500 with a reserve of 250: three meals leave only the reserve (orange).
        try Self.resident(admin, "3003", amount: 2_500)
        _ = try admin.call("sale.charge", SaleChargeParams(idempotencyKey: "meals", counter: "restaurant",
                                                           items: [SaleItem(product: "MAALT", quantity: 3)],
                                                           clientNumber: "3003", reason: "test"), as: SaleResult.self)
        let orange = #expect(throws: RPCError.self) {
            _ = try admin.call("activity.book", ActivityBookingParams(idempotencyKey: "b3003", session: session,
                                                                      clientNumber: "3003"), as: BookingInfo.self)
        }
        #expect(orange?.data?.reason == "budget_orange")
        let cancelled = try admin.call("activity.cancel", ActivityBookingParams(idempotencyKey: "all", session: session,
                                                                                 reason: "begeleider ziek"),
                                       as: ActivityCancelResult.self)
        #expect(cancelled.sessionState == .cancelled)
        #expect(Set(cancelled.changes.map(\.clientNumber)) == ["3001", "3002"])
        #expect(cancelled.released == Amount(1_000))
        #expect(try admin.call("wallet.get", ClientRef(number: "3001"), as: WalletInfo.self).held == .zero)
        #expect(try admin.call("ledger.verify", NoParams(), as: VerifyResult.self).ok)
    }
}
