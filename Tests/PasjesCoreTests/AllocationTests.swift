import Foundation
import PasjesCore
import PasjesMoney
import Testing

@Suite struct AllocationTests {
    @Test func derivedAllocationFollowsTheBudgetForm() throws {
        let t = try TestLedger()
        _ = try t.ledger.createClient(NewClient(number: "1", name: "A", zzp: "VV5"), idempotencyKey: "c")
        // 263,92 × 30 days × 3 % = 237,52 (rounded down) − 20,00 fixed = 217,52
        let result = try t.ledger.allocate(clientNumber: "1", month: Month(year: 2026, month: 11),
                                           operator: TestLedger.admin, idempotencyKey: "a")
        #expect(result.amount == Amount(21_752))
        #expect(result.reserve == Amount(2_175))
        #expect(result.light == .green)
        // February 2027 has 28 days.
        #expect(try TestLedger.policy.derivedAllocation(zzp: "VV5", month: Month(year: 2027, month: 2))
                == Amount(26_392 * 28 * 300 / 10_000 - 2_000))
        #expect(throws: LedgerError.noTariff) { try TestLedger.policy.derivedAllocation(zzp: "VV9", month: Month(year: 2026, month: 1)) }
    }

    @Test func atMostOneAllocationPerClientAndMonth() throws {
        let t = try TestLedger()
        _ = try t.ledger.createClient(NewClient(number: "1", name: "A", zzp: "VV5"), idempotencyKey: "c")
        let month = Month(year: 2026, month: 11)
        let first = try t.ledger.allocate(clientNumber: "1", month: month, amount: Amount(1_000),
                                          operator: TestLedger.admin, idempotencyKey: "a1")
        let again = try t.ledger.allocate(clientNumber: "1", month: month, amount: Amount(1_000),
                                          operator: TestLedger.admin, idempotencyKey: "a2")
        #expect(again.replayed)
        #expect(again.transferID == first.transferID)
        #expect(throws: LedgerError.alreadyAllocated) {
            _ = try t.ledger.allocate(clientNumber: "1", month: month, amount: Amount(2_000),
                                      operator: TestLedger.admin, idempotencyKey: "a3")
        }
        #expect(throws: LedgerError.invalidMonth) {
            _ = try t.ledger.allocate(clientNumber: "1", month: Month(year: 2026, month: 10), amount: Amount(2_000),
                                      operator: TestLedger.admin, idempotencyKey: "a4")
        }
        #expect(try t.balance("1") == 1_000)
    }

    private func leftoverAfterNewMonth(_ saving: BudgetPolicy.Saving, from: Month, to: Month) throws -> Int64 {
        var policy = TestLedger.policy
        policy.saving = saving
        let t = try TestLedger(policy: policy)
        _ = try t.ledger.createClient(NewClient(number: "1", name: "A", zzp: "VV5"), idempotencyKey: "c")
        t.clock.set(from.start.addingTimeInterval(10 * 86_400))
        _ = try t.ledger.allocate(clientNumber: "1", month: from, amount: Amount(10_000),
                                  operator: TestLedger.admin, idempotencyKey: "a1")
        t.clock.set(to.start.addingTimeInterval(86_400))
        _ = try t.ledger.allocate(clientNumber: "1", month: to, amount: Amount(1_000),
                                  operator: TestLedger.admin, idempotencyKey: "a2")
        #expect(try t.ledger.verify().isClean)
        return try t.balance("1") - 1_000
    }

    @Test func savingPolicies() throws {
        let nov = Month(year: 2026, month: 11), dec = Month(year: 2026, month: 12), jan = Month(year: 2027, month: 1)
        #expect(try leftoverAfterNewMonth(.none, from: nov, to: dec) == 0)
        #expect(try leftoverAfterNewMonth(.capped(maximum: Amount(2_500)), from: nov, to: dec) == 2_500)
        #expect(try leftoverAfterNewMonth(.capped(maximum: Amount(20_000)), from: nov, to: dec) == 10_000)
        #expect(try leftoverAfterNewMonth(.year, from: nov, to: dec) == 10_000)
        #expect(try leftoverAfterNewMonth(.year, from: dec, to: jan) == 0)
    }

    @Test func monthsAreCountedInAmsterdam() throws {
        // 23:30 UTC on 31 October is 00:30 on 1 November in Amsterdam (CET).
        #expect(Month(containing: TestLedger.utc("2026-10-31T23:30:00Z")) == Month(year: 2026, month: 11))
        #expect(Month(containing: TestLedger.utc("2026-10-31T22:59:00Z")) == Month(year: 2026, month: 10))
        // Summer time: 22:30 UTC on 31 May is 00:30 on 1 June (CEST).
        #expect(Month(containing: TestLedger.utc("2026-05-31T22:30:00Z")) == Month(year: 2026, month: 6))
        #expect(Month("2026-13") == nil)
        #expect(Month("2026-1") == nil)
        #expect(Month("2026-01")?.description == "2026-01")
    }

    @Test func theLastReserveHoldsUntilTheNewMonthIsAllocated() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 1_000)
        #expect(try t.ledger.wallet(clientNumber: "1001").reserve == Amount(100))
        t.clock.set(TestLedger.utc("2026-12-02T10:00:00Z"))
        // December has no allocation yet: November's reserve still protects the care money.
        let wallet = try t.ledger.wallet(clientNumber: "1001")
        #expect(wallet.reserve == Amount(100))
        #expect(wallet.allocatedThisMonth == .zero)
        #expect(wallet.month == Month(year: 2026, month: 12))
        _ = try t.ledger.allocate(clientNumber: "1001", month: Month(year: 2026, month: 12), amount: Amount(3_000),
                                  operator: TestLedger.admin, idempotencyKey: "dec")
        #expect(try t.ledger.wallet(clientNumber: "1001").reserve == Amount(300))
    }

    @Test func anOrangeResidentCannotSpendTheReserveOnTheFirst() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        _ = try t.ledger.createProduct(Product(code: "ZALF", name: "Zalf", price: Amount(100), category: .zorg,
                                               attributable: true, influenceable: true))
        try t.client(amount: 1_200)
        try t.charge([("KOF", 9)], key: "nov")
        #expect(try t.ledger.wallet(clientNumber: "1001").light == .orange, "120 left, all of it reserve")
        // 00:30 on 1 December in Amsterdam, before December's allocation.
        t.clock.set(TestLedger.utc("2026-11-30T23:30:00Z"))
        #expect(try t.ledger.wallet(clientNumber: "1001").light == .orange)
        #expect(throws: LedgerError.insufficientFunds) { try t.charge([("KOF", 1)], key: "dec-coffee") }
        #expect(try t.balance() == 120)
        // Care may still use the reserve.
        let care = try t.charge([("ZALF", 1)], counter: "zorgpost", key: "dec-care")
        #expect(care.balance == Amount(20))
        #expect(care.reserve == Amount(120))
    }

    @Test func yearSavingFlowsBackWhenJanuaryWasSkipped() throws {
        var policy = TestLedger.policy
        policy.saving = .year
        let t = try TestLedger(policy: policy)
        _ = try t.ledger.createClient(NewClient(number: "1", name: "A", zzp: "VV5"), idempotencyKey: "c")
        for (month, key) in [(Month(year: 2025, month: 11), "nov"), (Month(year: 2025, month: 12), "dec")] {
            t.clock.set(month.start.addingTimeInterval(86_400))
            _ = try t.ledger.allocate(clientNumber: "1", month: month, amount: Amount(10_000),
                                      operator: TestLedger.admin, idempotencyKey: key)
        }
        #expect(try t.balance("1") == 20_000, "saved within 2025")
        t.clock.set(Month(year: 2026, month: 2).start.addingTimeInterval(86_400))
        let february = try t.ledger.allocate(clientNumber: "1", month: Month(year: 2026, month: 2), amount: Amount(1_000),
                                             operator: TestLedger.admin, idempotencyKey: "feb")
        #expect(february.flowedBack == Amount(20_000))
        #expect(try t.balance("1") == 1_000)
        t.clock.set(Month(year: 2026, month: 3).start.addingTimeInterval(86_400))
        let march = try t.ledger.allocate(clientNumber: "1", month: Month(year: 2026, month: 3), amount: Amount(1_000),
                                          operator: TestLedger.admin, idempotencyKey: "mar")
        #expect(march.flowedBack == .zero, "once per year")
        #expect(try t.ledger.verify().isClean)
    }
}
