import Foundation
import GRDB
@testable import PasjesCore
import PasjesMoney
import Testing

@Suite struct ActivityAttendanceTests {
    /// 20 November 2026, 10:05 in Amsterdam: five minutes into the session.
    static let duringSession = TestLedger.utc("2026-11-20T09:05:00Z")

    @Test func checkInTurnsTheHoldIntoOneSaleHoweverOftenTheCardIsTapped() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        let number = try t.resident(0)
        try t.activity(price: 2_000)
        let session = try t.session()
        try t.book(session, number)
        t.clock.set(Self.duringSession)
        let first = try t.checkIn(session, uid: TestLedger.uid(0), key: "tap-1")
        #expect(first.state == .attended)
        #expect(first.saleID != nil)
        #expect(first.balance == Amount(8_000))
        #expect(try t.held(number) == 0)
        let second = try t.checkIn(session, uid: TestLedger.uid(0), key: "tap-2")
        #expect(second.alreadyPresent)
        #expect(second.saleID == first.saleID)
        let retry = try t.checkIn(session, uid: TestLedger.uid(0), key: "tap-1")
        #expect(retry.replayed)
        #expect(retry.saleID == first.saleID)
        #expect(try t.balance(number) == 8_000, "booked once")
        let charges = try t.ledger.history(clientNumber: number).filter { $0.kind == "charge" }
        #expect(charges.count == 1)
        #expect(charges.first?.counterID == "atelier")
        #expect(charges.first?.memo == "1× Activiteit KOOR")
        // A sale like any other: it can be reversed.
        let reversal = try t.ledger.reverse(saleID: first.saleID ?? "", operator: TestLedger.admin, idempotencyKey: "undo-1")
        #expect(reversal.balance == Amount(10_000))
        #expect(try t.ledger.verify().isClean)
    }

    /// Resident 1001 booked into a session of 20,00 with `capacity` places and checked in.
    private func checkedIn(capacity: Int) throws -> (t: TestLedger, number: String, session: String, saleID: String?) {
        let t = try TestLedger()
        try t.seedCatalogue()
        let number = try t.resident(0)
        try t.activity(price: 2_000, capacity: capacity)
        let session = try t.session()
        try t.book(session, number)
        t.clock.set(Self.duringSession)
        return (t, number, session, try t.checkIn(session, uid: TestLedger.uid(0)).saleID)
    }

    @Test func reversingACheckInSaleUndoesTheAttendanceAndReplaysTheSame() throws {
        let (t, number, session, saleID) = try checkedIn(capacity: 1)
        _ = try t.ledger.reverse(saleID: saleID ?? "", operator: TestLedger.admin, idempotencyKey: "undo")
        // The wallet holds nothing and paid nothing: the roster may not say "attended".
        let roster = try t.ledger.roster(sessionID: session)
        #expect(roster.entries.map(\.state) == [.released])
        #expect(roster.session.attended == 0)
        #expect(roster.session.free == 1)
        #expect(try t.balance(number) == 10_000)
        #expect(try t.held(number) == 0)
        #expect(try t.ledger.verify().isClean, "the journal replays to the same bookings")
        // The place is free again: a tap now is a walk-in, charged once.
        let again = try t.checkIn(session, uid: TestLedger.uid(0))
        #expect(again.state == .attended)
        #expect(again.saleID != saleID)
        #expect(try t.balance(number) == 8_000)
        #expect(try t.ledger.verify().isClean)
    }

    @Test func aReversalJournaledBeforeBookingsFollowedReversalsReplaysAsItBooked() throws {
        let (t, _, session, saleID) = try checkedIn(capacity: 10)
        // As journaled before: no releasesBooking, so the booking stays as it was then.
        _ = try t.ledger.execute(SaleReverse(saleID: saleID ?? "", operator: TestLedger.admin, reason: nil,
                                             key: "old-undo"))
        #expect(try t.ledger.roster(sessionID: session).entries.map(\.state) == [.attended])
        #expect(try t.ledger.verify().isClean)
    }

    @Test func aWalkInWithAFreePlaceIsBookedAndCheckedInAtOnce() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.activity(price: 2_000, capacity: 1)
        let session = try t.session()
        try t.resident(0)
        try t.resident(1)
        t.clock.set(Self.duringSession)
        #expect(throws: LedgerError.sessionStarted) { try t.book(session, "1001") }
        let walkIn = try t.checkIn(session, uid: TestLedger.uid(0))
        #expect(walkIn.state == .attended)
        #expect(walkIn.balance == Amount(8_000))
        #expect(walkIn.free == 0)
        #expect(throws: LedgerError.sessionFull) { try t.checkIn(session, uid: TestLedger.uid(1)) }
        #expect(try t.ledger.verify().isClean)
    }

    @Test func checkInOpensShortlyBeforeTheStart() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.activity()
        let session = try t.session()
        let number = try t.resident(0)
        try t.book(session, number)
        #expect(throws: LedgerError.sessionNotStarted) { try t.checkIn(session, uid: TestLedger.uid(0)) }
    }

    @Test func staffCancellingASessionReleasesEveryone() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.activity(price: 2_000, capacity: 2)
        let session = try t.session()
        let numbers = try (0..<3).map { try t.resident($0) }
        for number in numbers { try t.book(session, number) }
        let settled = try t.ledger.cancelSession(SessionRequest(sessionID: session, reason: "begeleider ziek"),
                                                 operator: TestLedger.admin, idempotencyKey: "cancel-s")
        #expect(settled.state == .cancelled)
        #expect(Set(settled.changes.map(\.clientNumber)) == Set(numbers))
        #expect(settled.changes.allSatisfy { $0.state == .released })
        for number in numbers {
            #expect(try t.held(number) == 0)
            #expect(try t.balance(number) == 10_000)
        }
        #expect(throws: LedgerError.sessionNotOpen) { try t.book(session, numbers[0]) }
        #expect(try t.ledger.session(id: session).state == .cancelled)
        #expect(try t.ledger.verify().isClean)
    }

    @Test(arguments: [LatePolicy.release, .charge])
    func closeChargesTheAttendedOnceAndSettlesNoShowsByThePolicy(policy: LatePolicy) throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.activity(price: 2_000, capacity: 2)
        let session = try t.session()
        let came = try t.resident(0)
        let stayedAway = try t.resident(1)
        let waited = try t.resident(2)
        for number in [came, stayedAway, waited] { try t.book(session, number) }
        #expect(throws: LedgerError.sessionNotStarted) {
            try t.ledger.closeSession(SessionRequest(sessionID: session), operator: TestLedger.admin, idempotencyKey: "early")
        }
        t.clock.set(Self.duringSession)
        try t.checkIn(session, uid: TestLedger.uid(0))
        let closed = try t.ledger.closeSession(SessionRequest(sessionID: session), rules: ActivityRules(latePolicy: policy),
                                               operator: TestLedger.admin, idempotencyKey: "close-1")
        #expect(closed.state == .closed)
        #expect(closed.changes.first { $0.clientNumber == waited }?.state == .released)
        #expect(try t.balance(came) == 8_000)
        #expect(try t.balance(stayedAway) == (policy == .charge ? 8_000 : 10_000))
        for number in [came, stayedAway, waited] { #expect(try t.held(number) == 0) }
        #expect(try t.ledger.closeSession(SessionRequest(sessionID: session), rules: ActivityRules(latePolicy: policy),
                                          operator: TestLedger.admin, idempotencyKey: "close-1").replayed)
        #expect(try t.ledger.verify().isClean)
    }

    @Test func theSweepSettlesForgottenSessionsAfterTheGracePeriod() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.activity(price: 2_000)
        let session = try t.session()
        let number = try t.resident(0)
        try t.book(session, number)
        t.clock.set(TestLedger.utc("2026-11-20T11:30:00Z"))  // ended 11:00Z; grace 60 min not over
        #expect(try t.ledger.sweepActivities().isEmpty)
        t.clock.set(TestLedger.utc("2026-11-20T12:01:00Z"))
        let swept = try t.ledger.sweepActivities()
        #expect(swept.map(\.sessionID) == [session])
        #expect(try t.held(number) == 0)
        #expect(try t.ledger.sweepActivities().isEmpty, "once")
        #expect(try t.ledger.verify().isClean)
    }

    @Test func monthCloseWaitsForOpenHoldsOfTheMonth() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.activity(price: 2_000)
        let session = try t.session(day: "2026-11-30")
        try t.book(session, try t.resident(0))
        t.clock.set(TestLedger.utc("2026-12-01T08:00:00Z"))
        let pending = #expect(throws: LedgerError.self) {
            try t.ledger.closeMonth(Month(year: 2026, month: 11), operator: TestLedger.admin, idempotencyKey: "m-1")
        }
        #expect(pending?.code == "month_pending")
        #expect(pending?.message.contains(session) == true, "\(String(describing: pending))")
        #expect(try t.ledger.sweepActivities().count == 1)
        _ = try t.ledger.closeMonth(Month(year: 2026, month: 11), operator: TestLedger.admin, idempotencyKey: "m-2")
    }

    @Test func verifyRebuildsBookingsAndHoldsAndFlagsATamperedHold() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.activity(price: 2_000, capacity: 1)
        let session = try t.session()
        let a = try t.resident(0)
        let b = try t.resident(1)
        try t.book(session, a)
        try t.book(session, b)
        try t.cancel(session, a)
        #expect(try t.ledger.verify().isClean)
        try DatabaseQueue(path: t.path).write { db in
            try db.execute(sql: "UPDATE activity_bookings SET hold_wallet = 1 WHERE state = 'booked'")
        }
        let report = try t.ledger.verify()
        #expect(report.problems.contains { $0.kind == "row_changed" && $0.table == "activity_bookings" && $0.message.contains("hold_wallet") },
                "\(report.problems)")
    }

    /// Saving `none`: on 1 December November's leftover flows back, holds or not. A hold for
    /// 2 December is then more than the wallet has: check-in decides the split again (and
    /// refuses what the rules refuse); a charging policy releases instead of going below zero.
    @Test func aHoldWhoseMoneyFlowedBackIsDecidedAgain() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        let number = try t.resident(0, amount: 10_000)
        try t.activity(price: 2_000)
        let session = try t.session(day: "2026-12-02")
        try t.book(session, number)
        _ = try t.ledger.allocate(clientNumber: number, month: Month(year: 2026, month: 12), amount: Amount(1_000),
                                  operator: TestLedger.admin, idempotencyKey: "december")
        t.clock.set(TestLedger.utc("2026-12-02T09:05:00Z"))
        #expect(throws: LedgerError.insufficientFunds) { try t.checkIn(session, uid: TestLedger.uid(0)) }
        #expect(try t.balance(number) == 1_000)
        let closed = try t.ledger.closeSession(SessionRequest(sessionID: session), rules: ActivityRules(latePolicy: .charge),
                                               operator: TestLedger.admin, idempotencyKey: "close")
        #expect(closed.changes.map(\.state) == [.released], "never below the rules, whatever the policy")
        #expect(try t.balance(number) == 1_000)
        #expect(try t.held(number) == 0)
        #expect(try t.ledger.verify().isClean)
    }
}
