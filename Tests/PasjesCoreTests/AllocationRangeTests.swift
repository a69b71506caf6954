import Foundation
import PasjesCore
import PasjesMoney
import Testing

/// Issue 9, allocations: which months, which clients, and next month's money before it starts.
@Suite struct AllocationRangeTests {
    private func allocate(_ t: TestLedger, _ month: Month, _ amount: Int64 = 1_000, client: String = "1001",
                          key: String = UUID().uuidString) throws -> AllocationResult {
        try t.ledger.allocate(clientNumber: client, month: month, amount: Amount(amount),
                              operator: TestLedger.admin, idempotencyKey: key)
    }

    @Test func onlyTheCurrentMonthAndTheNextAreAccepted() throws {
        let t = try TestLedger()
        try t.client(amount: 0)
        for month in [Month(year: 2025, month: 1), Month(year: 2026, month: 10), Month(year: 2027, month: 1),
                      Month(year: 2030, month: 1)] {
            let error = #expect(throws: LedgerError.invalidMonth) { try allocate(t, month) }
            #expect(error?.message.contains("alleen voor 2026-11 of 2026-12") == true, "\(String(describing: error))")
        }
        #expect(try allocate(t, Month(year: 2026, month: 11)).announced == nil)
        #expect(try allocate(t, Month(year: 2026, month: 12)).announced == true)
        // The range moves with the clock (Europe/Amsterdam): 00:30 on 1 December is December.
        t.clock.set(TestLedger.utc("2026-11-30T23:30:00Z"))
        #expect(try allocate(t, Month(year: 2027, month: 1)).announced == true)
        #expect(throws: LedgerError.invalidMonth) { try allocate(t, Month(year: 2026, month: 11)) }
        #expect(try t.ledger.verify().isClean)
    }

    @Test func aClientWhoLeftGetsNothing() throws {
        let t = try TestLedger()
        try t.client(amount: 0)
        _ = try t.ledger.updateClient(number: "1001", ClientChange(status: .ended))
        #expect(throws: LedgerError.clientNotActive) { try allocate(t, Month(year: 2026, month: 11)) }
        #expect(throws: LedgerError.clientNotActive) {
            _ = try t.ledger.allocate(clientNumber: "1001", month: Month(year: 2026, month: 11),
                                      operator: TestLedger.admin, idempotencyKey: "by-zzp")
        }
        #expect(try t.balance() == 0)
    }

    @Test func decemberAllocatedOnThirtyNovemberIsNotSpendableInNovember() throws {
        let t = try TestLedger(at: TestLedger.utc("2026-11-30T10:00:00Z"))
        try t.seedCatalogue()
        try t.client(amount: 1_000)   // November: 1 000, reserve 100
        let december = try allocate(t, Month(year: 2026, month: 12), 50_000, key: "dec")
        #expect(december.announced == true)
        #expect(december.balance == Amount(1_000), "November's balance, untouched")
        let wallet = try t.ledger.wallet(clientNumber: "1001")
        #expect(wallet.balance == Amount(1_000))
        #expect(wallet.reserve == Amount(100), "November's reserve, not December's 5 000")
        #expect(wallet.light == .green)
        #expect(wallet.announced == Amount(50_000))
        #expect(wallet.announcedMonth == Month(year: 2026, month: 12))
        // Seven meals (52,50) fit December's money but not November's 9,00 above the reserve.
        #expect(throws: LedgerError.insufficientFunds) { try t.charge([("MAALT", 7)], key: "nov-meals") }
        try t.charge([("MAALT", 1)], key: "nov-meal")
        #expect(try t.balance() == 250)
        #expect(try t.ledger.verify().isClean)

        // 00:30 on 1 December in Amsterdam: December's money lands at the first booking, after
        // November's leftover flowed back (saving: none).
        t.clock.set(TestLedger.utc("2026-11-30T23:30:00Z"))
        let first = try t.ledger.wallet(clientNumber: "1001")
        #expect(first.balance == Amount(50_000), "the wallet shows December before anything is booked")
        #expect(first.reserve == Amount(5_000))
        #expect(first.announced == .zero)
        #expect(first.allocatedThisMonth == Amount(50_000))
        let meals = try t.charge([("MAALT", 7)], key: "dec-meals")
        #expect(meals.balance == Amount(50_000 - 5_250))
        #expect(meals.reserve == Amount(5_000))
        let history = try t.ledger.history(clientNumber: "1001")
        #expect(history.contains { $0.kind == "flow_back" && $0.amount == Amount(-250) })
        #expect(history.contains { $0.kind == "allocation" && $0.amount == Amount(50_000) && $0.memo.contains("gaat in") })
        #expect(try t.ledger.verify().isClean)
    }

    @Test func announcedMoneyLandsAtDaemonStartToo() throws {
        var policy = TestLedger.policy
        policy.saving = .capped(maximum: Amount(300))
        let t = try TestLedger(policy: policy, at: TestLedger.utc("2026-11-30T10:00:00Z"))
        try t.client(amount: 1_000)
        _ = try allocate(t, Month(year: 2026, month: 12), 2_000)
        #expect(try t.ledger.landDueAllocations() == 0, "December has not started")
        t.clock.set(TestLedger.utc("2026-12-01T08:00:00Z"))
        #expect(try t.ledger.wallet(clientNumber: "1001").balance == Amount(2_300), "300 saved + 2 000")
        #expect(try t.ledger.landDueAllocations() == 1)
        #expect(try t.balance() == 2_300)
        #expect(try t.ledger.landDueAllocations() == 0)
        #expect(try t.ledger.verify().isClean)
    }

    @Test func historyByMonthFollowsTheBookingDateInAmsterdam() throws {
        let t = try TestLedger(at: TestLedger.utc("2026-11-30T10:00:00Z"))
        try t.seedCatalogue()
        try t.client(amount: 1_000)
        _ = try allocate(t, Month(year: 2026, month: 12), 2_000)
        // 23:30 UTC on 30 November is 00:30 on 1 December in Amsterdam.
        t.clock.set(TestLedger.utc("2026-11-30T23:30:00Z"))
        try t.charge([("KOF", 1)], key: "dec-coffee")
        let november = try t.ledger.history(clientNumber: "1001", month: Month(year: 2026, month: 11))
        let december = try t.ledger.history(clientNumber: "1001", month: Month(year: 2026, month: 12))
        #expect(november.map(\.kind) == ["allocation"], "\(november)")
        #expect(Set(december.map(\.kind)) == ["charge", "allocation", "flow_back"], "\(december)")
    }
}
