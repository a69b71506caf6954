import GRDB
import PasjesCore
import PasjesMoney
import Testing

@Suite struct GroupCommitTests {
    private func request(_ uid: String, _ items: [(String, Int64)] = [("KOF", 1)]) -> ChargeRequest {
        ChargeRequest(counterID: "restaurant", payer: .card(uid: uid),
                      items: items.map { ChargeItem(productCode: $0.0, quantity: $0.1) })
    }

    /// A schema check the Swift code does not know about: the charge with key `poison` fails
    /// with a GRDB `DatabaseError` after it has already appended its transfers.
    private func poisonTheKey(in t: TestLedger) throws {
        let side = try DatabaseQueue(path: t.path)
        try side.write { db in
            try db.execute(sql: """
                CREATE TRIGGER poison BEFORE INSERT ON idempotency WHEN NEW.key = 'poison'
                BEGIN SELECT RAISE(ABORT, 'poisoned key'); END
                """)
        }
        try side.close()
    }

    @Test func keyLongerInBytesThanCharactersFailsAloneInItsBatch() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 5_000)
        // 100 characters to Swift, 200 code points to SQLite's length(), 300 UTF-8 bytes.
        let key = String(repeating: "e\u{0301}", count: 100)
        #expect(key.count == 100)
        let results = try t.ledger.chargeBatch([
            (request("04A22B1C"), TestLedger.cashier, key),
            (request("04A22B1C", [("MAALT", 1)]), TestLedger.cashier, "normal"),
        ])
        #expect(results.count == 2)
        guard case .failure(let refused) = results[0] else { Issue.record("the long key was booked"); return }
        #expect(refused == LedgerError.invalidInput)
        #expect(refused.detail?.contains("bytes") == true)
        guard case .success(let booked) = results[1] else { Issue.record("the normal charge failed"); return }
        #expect(booked.total == Amount(750))
        #expect(try t.balance() == 5_000 - 750)
        #expect(try t.ledger.verify().isClean)
    }

    @Test func keyOfExactlyTheByteLimitIsTaken() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 5_000)
        #expect(try t.charge([("KOF", 1)], key: String(repeating: "k", count: 128)).total == Amount(120))
        #expect(throws: LedgerError.invalidInput) { try t.charge([("KOF", 1)], key: String(repeating: "é", count: 65)) }
        #expect(try t.balance() == 5_000 - 120)
    }

    @Test func aStorageErrorFailsOnlyItsOwnCharge() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 5_000)
        try t.client("1002", uid: "04B33C2D", amount: 5_000)
        try poisonTheKey(in: t)
        let results = try t.ledger.chargeBatch([
            (request("04A22B1C"), TestLedger.cashier, "first"),
            (request("04B33C2D", [("MAALT", 1)]), TestLedger.cashier, "poison"),
            (request("04B33C2D"), TestLedger.cashier, "last"),
        ])
        #expect(results.count == 3)
        guard case .failure(let failed) = results[1] else { Issue.record("the poisoned charge was booked"); return }
        #expect(failed == LedgerError.databaseError)
        #expect(failed.detail?.contains("poisoned key") == true)
        #expect((try? results[0].get())?.total == Amount(120))
        #expect((try? results[2].get())?.total == Amount(120))
        #expect(try t.balance("1001") == 5_000 - 120)
        #expect(try t.balance("1002") == 5_000 - 120, "the poisoned charge's transfers were rolled back")
        #expect(try t.ledger.verify().isClean)
    }

    /// A group of one books without a savepoint (its transaction is its savepoint): a charge
    /// that fails after its transfers were appended must still leave nothing behind.
    @Test func aLoneChargeThatFailsHalfwayLeavesNothing() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 5_000)
        try poisonTheKey(in: t)
        let journalBefore = try t.ledger.entries(after: 0).count
        let poisoned = try t.ledger.chargeBatch([(request("04A22B1C"), TestLedger.cashier, "poison")])
        guard poisoned.count == 1, case .failure(let failed) = poisoned[0] else {
            Issue.record("the poisoned lone charge was booked: \(poisoned)"); return
        }
        #expect(failed == LedgerError.databaseError)
        #expect(failed.detail?.contains("poisoned key") == true)
        let refused = try t.ledger.chargeBatch([(request("04A22B1C", [("MAALT", 1_000)]), TestLedger.cashier, "too-much")])
        guard refused.count == 1, case .failure(let short) = refused[0] else {
            Issue.record("a basket beyond the wallet was booked: \(refused)"); return
        }
        #expect(short == LedgerError.insufficientFunds)
        #expect(try t.balance() == 5_000, "nothing of either charge stayed")
        #expect(try t.ledger.entries(after: 0).count == journalBefore)
        let booked = try t.ledger.chargeBatch([(request("04A22B1C"), TestLedger.cashier, "alone")])
        #expect((try? booked[0].get())?.total == Amount(120))
        #expect(try t.balance() == 5_000 - 120)
        #expect(try t.ledger.verify().isClean)
    }

    @Test func anyErrorBecomesALedgerError() {
        struct Strange: Error {}
        #expect(LedgerError.wrapping(LedgerError.cardLost) == LedgerError.cardLost)
        #expect(LedgerError.wrapping(Strange()) == LedgerError.internalError)
    }
}
