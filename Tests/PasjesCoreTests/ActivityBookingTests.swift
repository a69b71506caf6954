import Foundation
import GRDB
import PasjesCore
import PasjesMoney
import Testing

@Suite struct ActivityBookingTests {
    @Test func bookingHoldsWithoutSpendingAndEveryChargeSeesTheHold() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        let number = try t.resident(0, amount: 10_000)  // reserve 1 000
        try t.activity(price: 2_000)
        let session = try t.session()
        #expect(session == "KOOR-20261120-1000")
        let booked = try t.book(session, number)
        #expect(booked.state == .booked)
        #expect(booked.heldWallet == Amount(2_000))
        #expect(booked.balance == Amount(10_000), "held, not spent")
        #expect(booked.available == Amount(8_000))
        let wallet = try t.ledger.wallet(clientNumber: number)
        #expect(wallet.held == Amount(2_000))
        #expect(wallet.balance == Amount(10_000))
        // Above the reserve 9 000 was free, 7 000 is after the hold: 10 meals (7 500) no longer fit.
        #expect(throws: LedgerError.insufficientFunds) { try t.charge([("MAALT", 10)], uid: TestLedger.uid(0)) }
        let meals = try t.charge([("MAALT", 9)], uid: TestLedger.uid(0))
        #expect(meals.balance == Amount(3_250))
        #expect(try t.ledger.verify().isClean)
    }

    @Test func orangeResidentCannotBookAPaidActivityButMayBookTheBasicOffer() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        let number = try t.resident(0, amount: 1_000)  // reserve 100
        _ = try t.ledger.createProduct(Product(code: "P900", name: "Negen euro", price: Amount(900), category: .facilitair,
                                               attributable: true, influenceable: true))
        try t.charge([("P900", 1)], uid: TestLedger.uid(0))  // 100 left = the reserve: orange
        try t.activity("KOOR", price: 50)
        try t.activity("BASIS", price: 0, influenceable: false)
        let paid = try t.session("KOOR")
        let free = try t.session("BASIS")
        #expect(throws: LedgerError.budgetOrange) { try t.book(paid, number) }
        let basic = try t.book(free, number)
        #expect(basic.state == .booked)
        #expect(basic.heldWallet == .zero)
        #expect(try t.ledger.roster(sessionID: paid).entries.isEmpty, "a refusal books nothing")
    }

    @Test func ownMoneyCoversThePartAboveTheReserveWithinTheCap() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        let number = try t.resident(0, amount: 1_000, own: true, cap: 1_500)  // 900 above the reserve
        try t.activity("KOOR", price: 2_000)
        try t.activity("DANS", price: 2_000)
        let booked = try t.book(try t.session("KOOR"), number)
        #expect(booked.heldWallet == Amount(900))
        #expect(booked.heldOwn == Amount(1_100))
        #expect(booked.light == .orange, "what is left is the reserve")
        // The reserve is for care; and the cap has 400 left: no second activity.
        #expect(throws: LedgerError.budgetOrange) { try t.book(try t.session("DANS"), number) }
        let poor = try t.resident(1, amount: 1_000, own: false)
        #expect(throws: LedgerError.insufficientFunds) { try t.book(try t.session("KOOR", time: "14:00"), poor) }
    }

    @Test func aPaidActivityOutsideThePersonalBudgetCannotExistSoCannotBeBooked() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        #expect(throws: LedgerError.notPersonalBudget) { try t.activity("INCOLES", price: 500, influenceable: false) }
        #expect(throws: LedgerError.activityUnknown) { try t.session("INCOLES") }
        #expect(throws: LedgerError.sessionUnknown) { try t.book("INCOLES-20261120-1000", try t.resident(0)) }
    }

    @Test func capacityIsHardAndAFullSessionTakesAWaitingListInOrder() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.activity(capacity: 2)
        let session = try t.session()
        let numbers = try (0..<4).map { try t.resident($0) }
        #expect(try t.book(session, numbers[0]).free == 1)
        #expect(try t.book(session, numbers[1]).free == 0)
        #expect(throws: LedgerError.sessionFull) { try t.book(session, numbers[2], wait: false) }
        let third = try t.book(session, numbers[2])
        #expect(third.state == .waiting)
        #expect(third.position == 1)
        #expect(third.heldWallet == .zero, "the waiting list holds nothing")
        #expect(try t.book(session, numbers[3]).position == 2)
        #expect(throws: LedgerError.alreadyBooked) { try t.book(session, numbers[0]) }
        let roster = try t.ledger.roster(sessionID: session)
        #expect(roster.session.free == 0)
        #expect(roster.session.waiting == 2)
        #expect(roster.entries.map(\.clientNumber) == numbers)
        #expect(roster.entries.map(\.position) == [nil, nil, 1, 2])
    }

    @Test func aCancellationOffersThePlaceToTheFirstWhoseBudgetStillAllowsIt() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.activity(price: 2_000, capacity: 1)
        let session = try t.session()
        let first = try t.resident(0)
        let spender = try t.resident(1)
        let next = try t.resident(2)
        try t.book(session, first)
        #expect(try t.book(session, spender).position == 1)
        #expect(try t.book(session, next).position == 2)
        try t.charge([("MAALT", 12)], uid: TestLedger.uid(1))  // 9 000 spent: only the reserve is left
        let cancelled = try t.cancel(session, first)
        #expect(cancelled.state == .cancelled)
        #expect(cancelled.released == Amount(2_000))
        #expect(cancelled.promoted.map(\.clientNumber) == [next])
        #expect(try t.held(next) == 2_000)
        let roster = try t.ledger.roster(sessionID: session)
        #expect(roster.entries.first { $0.clientNumber == spender }?.position == 1, "the skipped one stays in line")
        #expect(roster.entries.first { $0.clientNumber == next }?.state == .booked)
        #expect(try t.ledger.verify().isClean)
    }

    @Test(arguments: [LatePolicy.release, .charge])
    func aCancellationBeforeTheCutoffIsReleasedInFull(policy: LatePolicy) throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        let number = try t.resident(0)
        try t.activity(price: 2_000)
        let session = try t.session()
        try t.book(session, number)
        t.clock.set(TestLedger.utc("2026-11-19T08:59:00Z"))  // 24 h and a minute before the start
        let cancelled = try t.cancel(session, number, policy: policy)
        #expect(cancelled.late == false)
        #expect(cancelled.state == .cancelled)
        #expect(cancelled.released == Amount(2_000))
        #expect(cancelled.saleID == nil)
        #expect(try t.held(number) == 0)
        #expect(try t.balance(number) == 10_000)
    }

    @Test(arguments: [LatePolicy.release, .charge])
    func aLateCancellationFollowsThePolicy(policy: LatePolicy) throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        let number = try t.resident(0)
        try t.activity(price: 2_000)
        let session = try t.session()
        try t.book(session, number)
        t.clock.set(TestLedger.utc("2026-11-19T12:00:00Z"))  // 21 h before the start
        let cancelled = try t.cancel(session, number, policy: policy)
        #expect(cancelled.late)
        #expect(try t.held(number) == 0, "no hold is left either way")
        switch policy {
        case .release:
            #expect(cancelled.state == .cancelled)
            #expect(cancelled.released == Amount(2_000))
            #expect(try t.balance(number) == 10_000)
        case .charge:
            #expect(cancelled.state == .charged)
            #expect(cancelled.charged == Amount(2_000))
            #expect(cancelled.saleID != nil)
            #expect(try t.balance(number) == 8_000)
            #expect(try t.ledger.history(clientNumber: number).contains { $0.saleID == cancelled.saleID && $0.amount == Amount(-2_000) })
        }
        #expect(try t.ledger.verify().isClean)
    }

    @Test func releaseHoldsFreesEveryHoldOnTheDaysOfAnAbsenceAndMovesTheLine() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        let away = try t.resident(0)
        let waiting = try t.resident(1)
        try t.activity(price: 2_000, capacity: 1)
        let friday = try t.session()
        let nextFriday = try t.session(day: "2026-11-27")
        try t.book(friday, away)
        try t.book(nextFriday, away)
        #expect(try t.book(friday, waiting).state == .waiting)
        #expect(try t.held(away) == 4_000)
        let released = try t.ledger.releaseHolds(ReleaseRequest(clientNumber: away, fromDay: "2026-11-19", throughDay: "2026-11-21"),
                                                 operator: TestLedger.admin, idempotencyKey: "absent-1")
        #expect(released.map(\.sessionID) == [friday])
        #expect(released.first?.released == Amount(2_000))
        #expect(try t.held(away) == 2_000, "the hold on the 27th stays")
        #expect(try t.held(waiting) == 2_000, "the freed place went to the waiting list")
        let again = try t.ledger.releaseHolds(ReleaseRequest(clientNumber: away, fromDay: "2026-11-19", throughDay: "2026-11-21"),
                                              operator: TestLedger.admin, idempotencyKey: "absent-1")
        #expect(again == released, "a retry answers the first result")
        #expect(throws: LedgerError.invalidInput) {
            try t.ledger.releaseHolds(ReleaseRequest(clientNumber: away, fromDay: "2026-11-30", throughDay: "2026-11-01"),
                                      operator: TestLedger.admin, idempotencyKey: "absent-2")
        }
        #expect(try t.ledger.verify().isClean)
    }

    @Test func anAbsenceReleasesTheHoldsOfItsDaysAndMovesTheLine() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        let away = try t.resident(0)
        let waiting = try t.resident(1)
        try t.activity(price: 2_000, capacity: 1)
        let friday = try t.session()
        let nextFriday = try t.session(day: "2026-11-27")
        try t.book(friday, away)
        try t.book(nextFriday, away)
        #expect(try t.book(friday, waiting).state == .waiting)
        let absence = try t.ledger.recordAbsence(clientNumber: away, from: CalendarDay("2026-11-19")!,
                                                 through: CalendarDay("2026-11-21")!, reason: .hospital, note: nil,
                                                 operator: TestLedger.admin, idempotencyKey: "ziekenhuis")
        #expect(absence.holdsReleased == 1)
        #expect(try t.held(away) == 2_000, "the hold on the 27th stays")
        #expect(try t.held(waiting) == 2_000, "the freed place went to the waiting list")
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "\(verified.problems)")
    }

    @Test func aCancelledSlotCanBeScheduledAgainAsANewSession() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        let number = try t.resident(0)
        try t.activity(price: 2_000)
        let first = try t.session()
        try t.book(first, number)
        _ = try t.ledger.cancelSession(SessionRequest(sessionID: first, reason: "docent ziek"), operator: TestLedger.admin,
                                       idempotencyKey: "cancel-1")
        #expect(throws: LedgerError.sessionNotOpen) { try t.book(first, number) }
        // The slot is free again: a new session, the cancelled one stays as it was.
        let second = try t.session()
        #expect(second != first)
        #expect(try t.ledger.session(id: second).state == .open)
        #expect(try t.ledger.session(id: first).state == .cancelled)
        #expect(try t.book(second, number).state == .booked)
        // An open (or closed) session still blocks its slot.
        #expect(throws: LedgerError.sessionExists) { try t.session() }
        // Twice cancelled, scheduled a third time; a weekly series over a cancelled week too.
        _ = try t.ledger.cancelSession(SessionRequest(sessionID: second), operator: TestLedger.admin,
                                       idempotencyKey: "cancel-2")
        let series = try t.ledger.schedule(SessionPlan(activityCode: "KOOR", firstDay: TestLedger.sessionDay,
                                                       startTime: "10:00", untilDay: "2026-11-27"),
                                           operator: TestLedger.admin)
        #expect(series.count == 2)
        #expect(Set(series.map(\.id) + [first, second]).count == 4)
        #expect(try t.ledger.sessions(fromDay: TestLedger.sessionDay, throughDay: TestLedger.sessionDay)
            .map(\.state) == [.cancelled, .cancelled, .open])
        #expect(try t.ledger.verify().isClean, "the journal replays to the same session ids")
    }
}
