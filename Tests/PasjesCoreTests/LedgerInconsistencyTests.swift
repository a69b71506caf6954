import GRDB
import PasjesCore
import PasjesMoney
import Testing

/// What the data file can make false is a refusal, `ledger_inconsistent`, never a trap, a
/// silent zero or another error: the booking rolls back and the ledger keeps working.
@Suite struct LedgerInconsistencyTests {
    /// Errors compare by code.
    static let inconsistent = LedgerError(code: "ledger_inconsistent", message: "")

    /// A ledger with a client, a card and two coffees, closed so a plain connection can edit it.
    private func booked() throws -> (TestLedger, ChargeResult) {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 10_000)
        let sale = try t.charge([("KOF", 2)], key: "first")
        return (t, sale)
    }

    /// Edits the file as someone with the sqlite3 shell would, then opens it again.
    private func edited(_ t: TestLedger, schema: (table: String, from: String, to: String)? = nil,
                        _ sql: String...) throws -> Ledger {
        try t.ledger.close()
        let queue = try DatabaseQueue(path: t.path)
        try queue.writeWithoutTransaction { db in
            if let schema {
                try db.execute(sql: "PRAGMA writable_schema = ON")
                try db.execute(sql: "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?",
                               arguments: [schema.from, schema.to, schema.table])
                let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
                try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
                try db.execute(sql: "PRAGMA writable_schema = OFF")
            }
        }
        try queue.close()
        let again = try DatabaseQueue(path: t.path)
        try again.writeWithoutTransaction { db in
            for statement in sql { try db.execute(sql: statement) }
        }
        try again.close()
        let clock = t.clock
        return try Ledger(path: t.path, clock: { clock.now })
    }

    private func journalCount(_ ledger: Ledger) throws -> Int {
        try ledger.verify(rebuild: false).journalCount
    }

    /// Before: `precondition(!facts.transfers.isEmpty)` trapped the process.
    @Test func reversingASaleWhoseTransfersAreGoneIsRefused() throws {
        let (t, sale) = try booked()
        let ledger = try edited(t, "DROP TRIGGER transfers_immutable_delete",
                                "DELETE FROM transfers WHERE sale_id = '\(sale.saleID)'")
        let entries = try journalCount(ledger)
        let refused = #expect(throws: Self.inconsistent) {
            _ = try ledger.reverse(saleID: sale.saleID, operator: TestLedger.admin, idempotencyKey: "undo")
        }
        #expect(refused?.detail?.contains(sale.saleID) == true, "\(String(describing: refused))")
        #expect(try journalCount(ledger) == entries, "nothing booked")
    }

    /// Before: a NULL reserve was read as no reserve at all (0), and the charge went through.
    @Test func aNullReserveIsNotZero() throws {
        let (t, _) = try booked()
        let ledger = try edited(t, schema: ("allocations", "reserve INTEGER NOT NULL", "reserve INTEGER"),
                                "UPDATE allocations SET reserve = NULL")
        let entries = try journalCount(ledger)
        #expect(throws: Self.inconsistent) {
            _ = try ledger.charge(ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                                items: [ChargeItem(productCode: "KOF", quantity: 1)]),
                                  operator: TestLedger.cashier, idempotencyKey: "second")
        }
        #expect(try journalCount(ledger) == entries, "nothing booked")
    }

    /// The card and its client are decoded by position, not through GRDB's rows: a NULL where
    /// a value belongs is still a refusal whose detail names the table, the column and the query.
    @Test func aNullInTheCardsClientIsARefusalNamingTheColumn() throws {
        let (t, _) = try booked()
        let ledger = try edited(t, schema: ("clients", "zzp TEXT NOT NULL", "zzp TEXT"), "UPDATE clients SET zzp = NULL")
        let entries = try journalCount(ledger)
        let refused = #expect(throws: Self.inconsistent) {
            _ = try ledger.charge(ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                                items: [ChargeItem(productCode: "KOF", quantity: 1)]),
                                  operator: TestLedger.cashier, idempotencyKey: "second")
        }
        #expect(refused?.detail?.contains("column zzp") == true && refused?.detail?.contains("is NULL") == true,
                "\(String(describing: refused))")
        #expect(refused?.message.hasPrefix("De administratie klopt niet") == true)
        #expect(try journalCount(ledger) == entries, "nothing booked")
    }

    /// Before: the kept result that no longer decodes surfaced as a DecodingError (`internal_error`
    /// on the wire); now a retry hears `ledger_inconsistent`.
    @Test func aKeptResultThatNoLongerDecodesIsRefusedOnRetry() throws {
        let (t, _) = try booked()
        let ledger = try edited(t, "UPDATE idempotency SET result = '{}' WHERE key = 'first'")
        #expect(throws: Self.inconsistent) {
            _ = try ledger.charge(ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                                items: [ChargeItem(productCode: "KOF", quantity: 2)]),
                                  operator: TestLedger.cashier, idempotencyKey: "first")
        }
    }
}
