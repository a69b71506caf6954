import Foundation
import GRDB
import PasjesCore
import PasjesMoney
import Testing

/// The journal covers every table: `verify` rebuilds them all from it and names what differs.
@Suite struct JournalTests {
    /// A ledger that has seen every kind of write, closed so the test can edit the file.
    private func busyLedger() throws -> (TestLedger, [ChargeResult]) {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client("1001", uid: "04A22B1C", amount: 10_000, own: true, cap: 2_000)
        try t.client("1002", uid: "04B7C2D9", amount: 5_000)
        let ledger = t.ledger
        _ = try ledger.updateClient(number: "1002", ClientChange(department: "Noord"))
        _ = try ledger.updateProduct(code: "KOF", price: Amount(130))
        _ = try ledger.setCounterLocation(id: "restaurant", location: "EHV-NOORD")
        _ = try ledger.blockCard(uid: "04B7C2D9", state: .lost, reason: "kwijt")
        _ = try ledger.unblockCard(uid: "04B7C2D9", reason: "gevonden")
        _ = try ledger.replaceCard(oldUID: "04B7C2D9", newUID: "04C3D4E5", idempotencyKey: "replace-1002")
        var sales: [ChargeResult] = []
        for _ in 0..<4 { sales.append(try t.charge([("KOF", 2), ("MAALT", 1)])) }
        sales.append(try t.charge([("DOUCHE", 1)], uid: "04C3D4E5", counter: "zorgpost"))
        _ = try ledger.reverse(saleID: sales[0].saleID, operator: TestLedger.admin, reason: "verkeerd", idempotencyKey: "rev-0")
        _ = try ledger.allocate(clientNumber: "1002", month: Month(year: 2026, month: 12), amount: Amount(4_000),
                                operator: TestLedger.admin, idempotencyKey: "dec-1002")
        _ = try ledger.reverseAllocation(clientNumber: "1002", month: Month(year: 2026, month: 12), reason: "te vroeg",
                                         operator: TestLedger.admin, idempotencyKey: "undo-dec-1002")
        for _ in 0..<3 { sales.append(try t.charge([("KOF", 1)])) }
        let report = try ledger.verify()
        #expect(report.isClean, "\(report.problems)")
        try ledger.close()
        return (t, sales)
    }

    /// Edits the closed ledger's file the way someone with the sqlite3 shell would.
    private func tamper(_ t: TestLedger, _ edit: (Database) throws -> Void) throws -> VerifyReport {
        let queue = try DatabaseQueue(path: t.path)
        try queue.write { db in try edit(db) }
        try queue.close()
        return try Ledger(path: t.path).verify()
    }

    @Test func everyWriteIsJournaledOnceAndTheRebuildMatches() throws {
        let (t, _) = try busyLedger()
        let queue = try DatabaseQueue(path: t.path)
        let kinds = try queue.read { db in try String.fetchAll(db, sql: "SELECT kind FROM journal ORDER BY seq") }
        try queue.close()
        #expect(kinds.first == "ledger.create")
        for kind in ["counter.create", "counter.setLocation", "product.create", "product.update", "client.create", "client.update",
                     "card.link", "card.block", "card.unblock", "card.replace", "budget.allocate", "budget.reverse",
                     "sale.charge", "sale.reverse"] {
            #expect(kinds.contains(kind), "no \(kind) in the journal")
        }
        #expect(kinds.filter { $0 == "sale.charge" }.count == 8)
        let reopened = try Ledger(path: t.path)
        // A retry and a refused charge change nothing and are not journaled.
        _ = try reopened.charge(ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                              items: [ChargeItem(productCode: "KOF", quantity: 1)]),
                                operator: TestLedger.cashier, idempotencyKey: "once")
        let before = try reopened.verify()
        _ = try reopened.charge(ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                              items: [ChargeItem(productCode: "KOF", quantity: 1)]),
                                operator: TestLedger.cashier, idempotencyKey: "once")
        #expect(throws: LedgerError.insufficientFunds) {
            _ = try reopened.charge(ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                                  items: [ChargeItem(productCode: "MAALT", quantity: 900)]),
                                    operator: TestLedger.cashier, idempotencyKey: "too-much")
        }
        let after = try reopened.verify()
        #expect(after.isClean)
        #expect(after.journalCount == before.journalCount)
        #expect(after.seal == before.seal)
        #expect(after.seal?.seq == Int64(after.journalCount))
    }

    @Test func aReversalInsertedBehindTheLedgersBackIsNamed() throws {
        let (t, sales) = try busyLedger()
        let report = try tamper(t) { db in
            try db.execute(sql: """
                INSERT INTO sale_reversals (sale_id, operator_uid, operator_name, reason, created_at)
                VALUES (?, 0, 'root', 'nep', '2026-11-15T11:00:00.000Z')
                """, arguments: [sales[2].saleID])
        }
        #expect(report.problems.contains { $0.kind == "row_extra" && $0.table == "sale_reversals" && $0.message.contains(sales[2].saleID) },
                "\(report.problems)")
    }

    @Test func aChangedSaleItemQuantityIsNamed() throws {
        let (t, sales) = try busyLedger()
        let report = try tamper(t) { db in
            try db.execute(sql: "UPDATE sale_items SET quantity = 1 WHERE sale_id = ? AND line = 1", arguments: [sales[1].saleID])
        }
        #expect(report.problems.contains {
            $0.kind == "row_changed" && $0.table == "sale_items" && $0.message.contains("quantity is 1, the journal gives 2")
        }, "\(report.problems)")
    }

    @Test func aDeletedIdempotencyRowIsNamed() throws {
        let (t, sales) = try busyLedger()
        let key = try DatabaseQueue(path: t.path).read { db in
            try String.fetchOne(db, sql: "SELECT idempotency_key FROM journal WHERE kind = 'sale.charge' AND result LIKE ?",
                                arguments: ["%\(sales[3].saleID)%"])
        }
        let report = try tamper(t) { db in
            try db.execute(sql: "DELETE FROM idempotency WHERE key = ?", arguments: [key])
        }
        #expect(report.problems.contains { $0.kind == "row_missing" && $0.table == "idempotency" && $0.message.contains(key ?? "?") },
                "\(report.problems)")
    }

    @Test func aCardMovedToAnotherClientIsNamed() throws {
        let (t, _) = try busyLedger()
        let report = try tamper(t) { db in
            try db.execute(sql: "UPDATE cards SET client_id = (SELECT id FROM clients WHERE number = '1002') WHERE uid = '04A22B1C'")
        }
        #expect(report.problems.contains {
            $0.kind == "row_changed" && $0.table == "cards" && $0.message.contains("04A22B1C") && $0.message.contains("client_id")
        }, "\(report.problems)")
    }

    @Test func aPolicyChangedBehindTheDaemonsBackIsNamed() throws {
        let (t, _) = try busyLedger()
        let report = try tamper(t) { db in
            try db.execute(sql: "UPDATE meta SET value = replace(value, '1000', '0') WHERE key = 'policy'")
        }
        #expect(report.problems.contains { $0.kind == "row_changed" && $0.table == "meta" && $0.message.contains("key='policy'") },
                "\(report.problems)")
    }

    @Test func anEditedJournalEntryIsNamed() throws {
        let (t, _) = try busyLedger()
        let report = try tamper(t) { db in
            try db.execute(sql: "DROP TRIGGER journal_immutable_update")
            try db.execute(sql: "UPDATE journal SET command = replace(command, '\"quantity\":2', '\"quantity\":1') WHERE seq = (SELECT MIN(seq) FROM journal WHERE kind = 'sale.charge')")
        }
        #expect(report.problems.contains { $0.kind == "journal_hash_mismatch" }, "\(report.problems)")
    }

    /// The last three charges cut off cleanly: journal, sales, items, transfers, idempotency,
    /// balances and SQLite's counters all fixed up. Only a seal written down earlier finds it.
    @Test func entriesCutOffWithEverythingFixedUpAreFoundWithTheSeal() throws {
        let (t, sales) = try busyLedger()
        let seal = try #require(try Ledger(path: t.path).verify().seal)
        let cut = sales.suffix(3).map(\.saleID)
        let report = try tamper(t) { db in
            for trigger in ["journal_immutable_delete", "transfers_immutable_delete", "sales_immutable_delete"] {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            let marks = cut.map { _ in "?" }.joined(separator: ", ")
            let ids = StatementArguments(cut)
            try db.execute(sql: "DELETE FROM idempotency WHERE key IN (SELECT idempotency_key FROM journal WHERE seq > ?)",
                           arguments: [seal.seq - 3])
            try db.execute(sql: "DELETE FROM journal WHERE seq > ?", arguments: [seal.seq - 3])
            try db.execute(sql: "DELETE FROM transfers WHERE sale_id IN (\(marks))", arguments: ids)
            try db.execute(sql: "DELETE FROM sale_items WHERE sale_id IN (\(marks))", arguments: ids)
            try db.execute(sql: "DELETE FROM sales WHERE id IN (\(marks))", arguments: ids)
            try db.execute(sql: "UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM transfers) WHERE name = 'transfers'")
            try db.execute(sql: """
                UPDATE accounts SET balance =
                    COALESCE((SELECT SUM(amount) FROM transfers WHERE credit_account_id = accounts.id), 0)
                  - COALESCE((SELECT SUM(amount) FROM transfers WHERE debit_account_id = accounts.id), 0)
                """)
        }
        #expect(report.isClean, "without the seal the shorter history is consistent: \(report.problems)")
        #expect(report.seal?.seq == seal.seq - 3)
        let sealed = try Ledger(path: t.path).verify(seal: seal)
        #expect(sealed.problems.map(\.kind) == ["seal_mismatch"], "\(sealed.problems)")
        #expect(sealed.problems.first?.journalSeq == seal.seq)
    }

    @Test func aSealOfARewrittenJournalDoesNotMatch() throws {
        let (t, _) = try busyLedger()
        let report = try Ledger(path: t.path).verify(seal: JournalSeal(seq: 3, hash: String(repeating: "a", count: 64)))
        #expect(report.problems.map(\.kind) == ["seal_mismatch"])
        #expect(JournalSeal(text: report.seal!.description) == report.seal)
        #expect(JournalSeal(text: "3:abc") == nil)
        #expect(JournalSeal(text: "0:" + String(repeating: "a", count: 64)) == nil)
    }

    /// A ledger made by the code before the journal (committed as a file) moves over by one
    /// `ledger.import` entry; from then on its earlier rows are covered like any other.
    @Test func aLedgerFromBeforeTheJournalIsImportedAndCovered() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ledger-before-journal.sqlite")
        let t = try TestLedger()
        try t.ledger.close()
        try FileManager.default.removeItem(atPath: t.path)
        try FileManager.default.copyItem(atPath: fixture.path, toPath: t.path)

        let ledger = try Ledger(path: t.path)
        let first = try ledger.verify()
        #expect(first.isClean, "\(first.problems)")
        // The import, then the move to ids from numbers and codes (the replay migration).
        #expect(first.journalCount == 2)
        #expect(first.transferCount == 10)
        let queue = try DatabaseQueue(path: t.path)
        #expect(try queue.read { db in try String.fetchAll(db, sql: "SELECT kind FROM journal ORDER BY seq") }
            == ["ledger.import", "ledger.upgrade"])
        try queue.close()
        // The imported ledger books on as before, and the rebuild still matches.
        _ = try ledger.charge(ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                            items: [ChargeItem(productCode: "KOF", quantity: 1)]),
                              operator: TestLedger.cashier, idempotencyKey: "after-import")
        let second = try ledger.verify()
        #expect(second.isClean, "\(second.problems)")
        #expect(second.journalCount == 3)
        try ledger.close()

        let report = try tamper(t) { db in
            try db.execute(sql: "UPDATE sale_items SET quantity = quantity + 1 WHERE rowid = (SELECT MIN(rowid) FROM sale_items)")
        }
        #expect(report.problems.contains { $0.kind == "row_changed" && $0.table == "sale_items" }, "\(report.problems)")
    }
}
