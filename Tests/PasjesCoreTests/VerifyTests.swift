import GRDB
import PasjesCore
import PasjesMoney
import Testing

@Suite struct VerifyTests {
    private func bookedLedger() throws -> (TestLedger, [ChargeResult]) {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 10_000)
        var sales: [ChargeResult] = []
        for _ in 0..<5 { sales.append(try t.charge([("KOF", 1)])) }
        #expect(try t.ledger.verify().isClean)
        try t.ledger.close()
        return (t, sales)
    }

    @Test func tamperedAmountIsNamed() throws {
        let (t, _) = try bookedLedger()
        let queue = try DatabaseQueue(path: t.path)
        // What someone with the sqlite3 shell would do: drop the guard, change an amount.
        let target = try queue.write { db -> String in
            try db.execute(sql: "DROP TRIGGER transfers_immutable_update")
            let id = try String.fetchOne(db, sql: "SELECT id FROM transfers WHERE kind = 'charge' ORDER BY seq LIMIT 1 OFFSET 2")!
            try db.execute(sql: "UPDATE transfers SET amount = 12 WHERE id = ?", arguments: [id])
            return id
        }
        try queue.close()
        let report = try Ledger(path: t.path).verify()
        #expect(!report.isClean)
        #expect(report.problems.contains { $0.kind == "hash_mismatch" && $0.transferID == target })
        #expect(report.problems.filter { $0.kind == "hash_mismatch" }.count == 1, "only the edited transfer")
        #expect(report.problems.contains { $0.kind == "balance_mismatch" && $0.accountCode == "wallet:1001" })
    }

    @Test func tamperedBalanceAndDeletedTransferAreFound() throws {
        let (t, _) = try bookedLedger()
        let queue = try DatabaseQueue(path: t.path)
        try queue.write { db in
            try db.execute(sql: "UPDATE accounts SET balance = balance + 500 WHERE code = 'wallet:1001'")
            try db.execute(sql: "DROP TRIGGER transfers_immutable_delete")
            try db.execute(sql: "DELETE FROM transfers WHERE seq = (SELECT MAX(seq) FROM transfers)")
        }
        try queue.close()
        let report = try Ledger(path: t.path).verify()
        let kinds = Set(report.problems.map(\.kind))
        #expect(kinds.contains("balance_mismatch"))
        #expect(kinds.contains("zero_sum"))
        #expect(kinds.contains("missing_transfer"))
        #expect(kinds.contains("sale_mismatch"))
    }

    @Test func aReopenedLedgerKeepsItsUnitAndPolicy() throws {
        let (t, _) = try bookedLedger()
        let reopened = try Ledger(path: t.path, setup: Ledger.Setup(unit: .points))
        #expect(reopened.unit == .cents, "the unit is fixed when the database is created")
        #expect(reopened.policy == TestLedger.policy)
    }
}
