import Foundation
import PasjesCore
import PasjesMoney
import Testing

/// Month close against a real ledger file with a clock the test moves (Europe/Amsterdam).
@Suite struct MonthCloseTests {
    static let november = Month(year: 2026, month: 11)
    static let december = Month(year: 2026, month: 12)
    /// 1 December 2026, 00:30 in Amsterdam: November has just ended.
    static let firstOfDecember = TestLedger.utc("2026-11-30T23:30:00Z")

    @Test func refusedBeforeTheMonthEndsThenClosedOnceAndRefusedTwice() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client("1001", amount: 10_000)
        try t.charge([("KOF", 2), ("MAALT", 1)])
        t.clock.set(TestLedger.utc("2026-11-30T22:59:59Z"))   // 23:59:59 on 30 November in Amsterdam
        #expect(throws: LedgerError(code: "month_not_ended", message: "")) {
            _ = try t.ledger.closeMonth(Self.november, operator: TestLedger.admin, idempotencyKey: "close-1")
        }
        t.clock.set(Self.firstOfDecember)
        let record = try t.ledger.closeMonth(Self.november, operator: TestLedger.admin, idempotencyKey: "close-1")
        #expect(record.month == Self.november && !record.replayed)
        // saving `none`: the whole leftover (100,00 − 9,90) flows back at the close.
        #expect(record.flowedBack == Amount(9_010))
        #expect(record.totals.allocated == Amount(10_000) && record.totals.purchases == Amount(990))
        #expect(record.totals.closing == .zero)
        #expect(try t.balance() == 0)
        let again = try t.ledger.closeMonth(Self.november, operator: TestLedger.admin, idempotencyKey: "close-1")
        #expect(again.replayed && again.seal == record.seal)
        #expect(throws: LedgerError(code: "month_already_closed", message: "")) {
            _ = try t.ledger.closeMonth(Self.november, operator: TestLedger.admin, idempotencyKey: "close-2")
        }
        #expect(try t.ledger.monthCloseRecord(Self.november)?.totals == record.totals)
        let verified = try t.ledger.verify(seal: record.seal)
        #expect(verified.isClean, "\(verified.problems)")
    }

    @Test func nothingIsBookedIntoAClosedMonthAndAnOldSaleIsReversedInTheOpenMonth() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client("1001", amount: 10_000)
        let sale = try t.charge([("MAALT", 2)])
        t.clock.set(Self.firstOfDecember)
        _ = try t.ledger.allocate(clientNumber: "1001", month: Self.december, amount: Amount(8_000),
                                  operator: TestLedger.admin, idempotencyKey: "dec")
        let record = try t.ledger.closeMonth(Self.november, operator: TestLedger.admin, idempotencyKey: "close")
        // December's allocation landed first and sent November's leftover back then: nothing more now.
        #expect(record.flowedBack == .zero)
        let reversal = try t.ledger.reverse(saleID: sale.saleID, operator: TestLedger.admin, reason: "dubbel",
                                            idempotencyKey: "rev")
        #expect(reversal.refundedToWallet == Amount(1_500))
        #expect(try t.ledger.monthReport(Self.november).totals == record.totals, "a closed month's figures do not move")
        let december = try t.ledger.monthReport(Self.december)
        #expect(december.counters.first { $0.key == "restaurant" }?.reversals == Amount(1_500))
        #expect(december.clients.first?.reversals == Amount(1_500))
        #expect(december.tieOut.balanced, "\(december.tieOut.checks)")
        t.clock.set(TestLedger.utc("2026-11-20T10:00:00Z"))   // a clock set back: still no booking into November
        #expect(throws: LedgerError(code: "month_closed", message: "")) { try t.charge([("KOF", 1)]) }
        t.clock.set(TestLedger.utc("2027-01-02T10:00:00Z"))
        _ = try t.ledger.closeMonth(Self.december, operator: TestLedger.admin, idempotencyKey: "close-dec")
        #expect(throws: LedgerError(code: "month_close_order", message: "")) {
            _ = try t.ledger.closeMonth(Month(year: 2026, month: 10), operator: TestLedger.admin, idempotencyKey: "close-oct")
        }
        #expect(try t.ledger.verify().isClean)
    }

    @Test func aCappedSavingPolicyKeepsTheCapAtTheClose() throws {
        var policy = TestLedger.policy
        policy.saving = .capped(maximum: Amount(2_000))
        let t = try TestLedger(policy: policy)
        try t.seedCatalogue()
        try t.client("1001", amount: 10_000)
        try t.client("1002", uid: "04B7C2D9", amount: 3_000)
        try t.charge([("MAALT", 2)], uid: "04B7C2D9")
        t.clock.set(Self.firstOfDecember)
        let record = try t.ledger.closeMonth(Self.november, operator: TestLedger.admin, idempotencyKey: "close")
        #expect(record.flowedBack == Amount(8_000))
        #expect(try t.balance("1001") == 2_000 && t.balance("1002") == 1_500)
        let report = try t.ledger.monthReport(Self.november)
        #expect(report.clients.map(\.closing) == [Amount(2_000), Amount(1_500)])
        #expect(report.clients[1].purchasesByCategory["facilitair"] == Amount(1_500))
        #expect(report.tieOut.balanced)
    }
}

/// Contacts: who a statement goes to, journaled like every write.
@Suite struct ClientContactTests {
    @Test func aContactIsOnTheStatementAndTheJournalRebuildsIt() throws {
        let t = try TestLedger()
        try t.client("1001", amount: 5_000)
        let anna = ClientContact(role: "mentor", name: " Anna de Vries ", email: "anna@example.nl")
        #expect(try t.ledger.addContact(clientNumber: "1001", anna, idempotencyKey: "anna").name == "Anna de Vries")
        _ = try t.ledger.addContact(clientNumber: "1001", anna, idempotencyKey: "anna")
        #expect(throws: LedgerError.invalidInput) {
            _ = try t.ledger.addContact(clientNumber: "1001", ClientContact(role: "buurman", name: "Piet", email: "p@x.nl"),
                                        idempotencyKey: "piet")
        }
        #expect(throws: LedgerError.invalidInput) {
            _ = try t.ledger.addContact(clientNumber: "1001", ClientContact(role: "familie", name: "Piet", email: "geen"),
                                        idempotencyKey: "piet2")
        }
        let statement = try t.ledger.statement(clientNumber: "1001", month: MonthCloseTests.november)
        #expect(statement.contacts.map(\.name) == ["Anna de Vries"], "a retry adds nothing")
        #expect(try t.ledger.verify().isClean)
    }
}
