import Foundation
import PasjesCore
import PasjesMoney
import Testing

/// `budget.reverse`: an allocation nothing was spent from goes back by reversing transfers.
@Suite struct AllocationReversalTests {
    private func reverse(_ t: TestLedger, _ month: Month, key: String = UUID().uuidString,
                         reason: String = "verkeerd bedrag") throws -> AllocationReversalResult {
        try t.ledger.reverseAllocation(clientNumber: "1001", month: month, reason: reason,
                                       operator: TestLedger.admin, idempotencyKey: key)
    }

    private let november = Month(year: 2026, month: 11)
    private let december = Month(year: 2026, month: 12)

    @Test func anUnspentAllocationGoesBackAndTheMonthCanBeAllocatedAgain() throws {
        let t = try TestLedger()
        try t.client(amount: 10_000)
        let reversal = try reverse(t, november, key: "r1")
        #expect(reversal.amount == Amount(10_000))
        #expect(reversal.balance == .zero)
        #expect(reversal.reserve == .zero)
        #expect(try reverse(t, november, key: "r1").replayed, "same key: the first answer")
        #expect(throws: LedgerError.allocationUnknown) { try reverse(t, november) }
        let history = try t.ledger.history(clientNumber: "1001")
        #expect(history.first?.kind == "reversal")
        #expect(history.first?.amount == Amount(-10_000))
        #expect(history.first?.memo.contains("verkeerd bedrag") == true)

        let again = try t.ledger.allocate(clientNumber: "1001", month: november, amount: Amount(1_000),
                                          operator: TestLedger.admin, idempotencyKey: "again")
        #expect(again.balance == Amount(1_000))
        #expect(again.reserve == Amount(100))
        #expect(try t.ledger.verify().isClean)
    }

    @Test func refusedOnceMoneyOfItWasSpentUntilThatSaleIsReversed() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 10_000)
        let sale = try t.charge([("KOF", 1)])
        let error = #expect(throws: LedgerError.allocationSpent) { try reverse(t, november) }
        #expect(error?.message.contains("al betaald") == true)
        #expect(try t.balance() == 10_000 - 120, "nothing booked")
        _ = try t.ledger.reverse(saleID: sale.saleID, operator: TestLedger.admin, idempotencyKey: "sale-back")
        #expect(try reverse(t, november).balance == .zero)
        #expect(try t.ledger.verify().isClean)
    }

    @Test func aReasonIsRequired() throws {
        let t = try TestLedger()
        try t.client(amount: 1_000)
        #expect(throws: LedgerError.allocationReasonRequired) { try reverse(t, november, reason: "  ") }
        #expect(try t.balance() == 1_000)
    }

    @Test func anAnnouncedAllocationGoesBackWithoutTouchingTheWallet() throws {
        let t = try TestLedger()
        try t.client(amount: 1_000)
        _ = try t.ledger.allocate(clientNumber: "1001", month: december, amount: Amount(5_000),
                                  operator: TestLedger.admin, idempotencyKey: "dec")
        // November cannot go while December stands on top of it.
        #expect(throws: LedgerError(code: "allocation_not_latest", message: "")) { try reverse(t, november) }
        let reversal = try reverse(t, december)
        #expect(reversal.balance == Amount(1_000))
        #expect(try t.ledger.wallet(clientNumber: "1001").announced == .zero)
        _ = try t.ledger.allocate(clientNumber: "1001", month: december, amount: Amount(4_000),
                                  operator: TestLedger.admin, idempotencyKey: "dec-2")
        #expect(try t.ledger.wallet(clientNumber: "1001").announced == Amount(4_000))
        #expect(try t.ledger.verify().isClean)
    }

    @Test func aLandedAllocationReturnsTheLeftoverThatFlowedBack() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 1_000)
        try t.charge([("KOF", 1)])
        _ = try t.ledger.allocate(clientNumber: "1001", month: december, amount: Amount(5_000),
                                  operator: TestLedger.admin, idempotencyKey: "dec")
        t.clock.set(TestLedger.utc("2026-12-02T10:00:00Z"))
        #expect(try t.ledger.landDueAllocations() == 1)
        #expect(try t.balance() == 5_000, "November's 880 flowed back")
        let reversal = try reverse(t, december)
        #expect(reversal.flowBackReturned == Amount(880))
        #expect(reversal.balance == Amount(880), "as before December's allocation")
        #expect(reversal.reserve == Amount(100), "November's reserve holds again")
        #expect(try t.ledger.verify().isClean)
        let again = try t.ledger.allocate(clientNumber: "1001", month: december, amount: Amount(3_000),
                                          operator: TestLedger.admin, idempotencyKey: "dec-again")
        #expect(again.flowedBack == Amount(880))
        #expect(again.balance == Amount(3_000))
        #expect(try t.ledger.verify().isClean)
    }
}
