import GRDB
import PasjesCore
import PasjesMoney
import Testing

@Suite struct IdempotencyReversalTests {
    @Test func sameKeySameContentReturnsTheFirstResult() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 5_000)
        let first = try t.charge([("KOF", 1)], key: "basket-1")
        let second = try t.charge([("KOF", 1)], key: "basket-1")
        #expect(!first.replayed)
        #expect(second.replayed)
        #expect(second.saleID == first.saleID)
        #expect(second.balance == first.balance)
        #expect(try t.balance() == 5_000 - 120, "booked once")
    }

    @Test func sameKeyDifferentContentIsAConflict() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 5_000)
        try t.charge([("KOF", 1)], key: "basket-1")
        #expect(throws: LedgerError.idempotencyConflict) { try t.charge([("KOF", 2)], key: "basket-1") }
        #expect(throws: LedgerError.idempotencyConflict) {
            _ = try t.ledger.reverse(saleID: "x", operator: TestLedger.admin, idempotencyKey: "basket-1")
        }
    }

    @Test func aRefusedRequestLeavesItsKeyFree() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 200)
        #expect(throws: LedgerError.insufficientFunds) { try t.charge([("MAALT", 1)], key: "k") }
        // December's money is spendable only once December has started.
        t.clock.set(TestLedger.utc("2026-12-02T10:00:00Z"))
        _ = try t.ledger.allocate(clientNumber: "1001", month: Month(year: 2026, month: 12), amount: Amount(5_000),
                                  operator: TestLedger.admin, idempotencyKey: "dec")
        #expect(try t.charge([("MAALT", 1)], key: "k").replayed == false)
    }

    @Test func reversalRefundsWalletAndOwnMoneyOnce() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 1_000, own: true, cap: 1_000)
        let sale = try t.charge([("MAALT", 2)])
        #expect(sale.fromOwn == Amount(600))
        let reversal = try t.ledger.reverse(saleID: sale.saleID, operator: TestLedger.cashier, reason: "verkeerd",
                                            idempotencyKey: "rev-1")
        #expect(reversal.refundedToWallet == Amount(900))
        #expect(reversal.refundedToOwn == Amount(600))
        #expect(reversal.balance == Amount(1_000))
        #expect(try t.ledger.wallet(clientNumber: "1001").ownSpentThisMonth == .zero)
        #expect(try t.ledger.reverse(saleID: sale.saleID, operator: TestLedger.cashier, idempotencyKey: "rev-1").replayed)
        #expect(throws: LedgerError.alreadyReversed) {
            _ = try t.ledger.reverse(saleID: sale.saleID, operator: TestLedger.cashier, idempotencyKey: "rev-2")
        }
        #expect(throws: LedgerError.saleUnknown) {
            _ = try t.ledger.reverse(saleID: "nope", operator: TestLedger.cashier, idempotencyKey: "rev-3")
        }
        #expect(try t.ledger.sale(id: sale.saleID).reversed)
        #expect(try t.ledger.lastSale(counterID: "restaurant")?.id == sale.saleID)
        let history = try t.ledger.history(clientNumber: "1001")
        #expect(history.map(\.kind) == ["reversal", "reversal", "charge_own", "charge", "allocation"])
        #expect(history.map(\.amount.minorUnits).reduce(0, +) == 1_000)
        #expect(try t.ledger.verify().isClean)
    }

    @Test func schemaRefusesUpdatesDeletesAndASecondReversal() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 1_000)
        let sale = try t.charge([("KOF", 1)])
        _ = try t.ledger.reverse(saleID: sale.saleID, operator: TestLedger.admin, idempotencyKey: "r")
        try t.ledger.close()
        let queue = try DatabaseQueue(path: t.path)
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE transfers SET amount = 1") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM transfers") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM sales") } }
        // Even a hand-written second reversal of the same transfer is refused by UNIQUE.
        #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, kind, reverses_id, month,
                        operator_uid, operator_name, memo, created_at, hash)
                    SELECT 'dup', credit_account_id, debit_account_id, amount, 'reversal', reverses_id, month,
                        0, 'x', 'x', created_at, 'x' FROM transfers WHERE kind = 'reversal'
                    """)
            }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: """
                INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, kind, month, operator_uid,
                    operator_name, memo, created_at, hash) VALUES ('neg', 1, 2, -5, 'charge', '2026-11', 0, 'x', 'x', 'x', 'x')
                """) }
        }
    }
}
