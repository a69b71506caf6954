import Foundation
@testable import PasjesCore
import PasjesMoney
import Testing

/// A day the client is recorded away (hospital, rehabilitation) takes no activity booking and no
/// check-in, and the roster says why; bookings journaled before that rule replay as booked.
@Suite struct ActivityAbsenceTests {
    /// 1001 in hospital 19–21 November, with a booking on the 20th that the absence released.
    private func residentInHospital() throws -> (TestLedger, session: String, nextWeek: String) {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.resident(0)
        try t.activity(price: 2_000)
        let friday = try t.session()
        let nextFriday = try t.session(day: "2026-11-27")
        try t.book(friday, "1001")
        _ = try t.ledger.recordAbsence(clientNumber: "1001", from: CalendarDay("2026-11-19")!,
                                       through: CalendarDay("2026-11-21")!, reason: .hospital, note: nil,
                                       operator: TestLedger.admin, idempotencyKey: "ziekenhuis")
        return (t, friday, nextFriday)
    }

    @Test func noBookingAndNoCheckInOnAnAbsentDay() throws {
        let (t, friday, nextFriday) = try residentInHospital()
        let refused = #expect(throws: LedgerError(code: "client_absent", message: "")) { try t.book(friday, "1001") }
        #expect(refused?.message.contains("ziekenhuis") == true && refused?.message.contains("2026-11-20") == true,
                "\(refused?.message ?? "")")
        #expect(try t.book(nextFriday, "1001").state == .booked, "the week after she is back")
        t.clock.set(TestLedger.utc("2026-11-20T09:30:00Z"))   // 10:30 in Amsterdam, during the session
        #expect(throws: LedgerError(code: "client_absent", message: "")) { try t.checkIn(friday, uid: TestLedger.uid(0)) }
        #expect(try t.held("1001") == 2_000, "only next week's hold")
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "\(verified.problems)")
    }

    @Test func theRosterShowsTheAbsence() throws {
        let (t, friday, nextFriday) = try residentInHospital()
        let roster = try t.ledger.roster(sessionID: friday)
        #expect(roster.entries.map(\.absence) == [.hospital], "\(roster.entries)")
        try t.book(nextFriday, "1001")
        #expect(try t.ledger.roster(sessionID: nextFriday).entries.map(\.absence) == [nil])
    }

    @Test func bookingsJournaledBeforeTheRuleReplayAsBooked() throws {
        let (t, friday, _) = try residentInHospital()
        let old = try t.ledger.execute(ActivityBook(
            request: BookingRequest(sessionID: friday, payer: .client(number: "1001")), operator: TestLedger.admin,
            key: "old-book"))
        #expect(old.state == .booked)
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "\(verified.problems)")
    }
}
