import Foundation
import GRDB
import Testing
@testable import PasjesCore

/// The writer's own prepared statements (`WriterStatements`): found by number on a registered
/// writer, GRDB's cache anywhere else, and gone before the connection closes.
@Suite struct WriterStatementsTests {
    private static let select = HotSQL("SELECT 1 + ?")

    private static func scratchQueue() throws -> DatabaseQueue {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pasjes-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try DatabaseQueue(path: folder.appendingPathComponent("w.sqlite").path)
    }

    /// A registered writer prepares a statement once and hands the same one out again; an
    /// unregistered connection gets GRDB's cached statement of the same SQL.
    @Test func aRegisteredWriterKeepsItsOwnStatement() throws {
        let writer = try Self.scratchQueue()
        let other = try Self.scratchQueue()
        try writer.inDatabase { db in
            WriterStatements.register(db)
            defer { WriterStatements.unregister(db) }
            let first = try db.hotStatement(Self.select)
            #expect(try db.hotStatement(Self.select) === first)
            #expect(try db.cachedStatement(sql: Self.select.text) !== first, "not GRDB's")
            #expect(try ColumnValues.fetchOne(first, Int64(41))?.decode(Int64.self, atIndex: 0) == 42)
        }
        try other.inDatabase { db in
            let grdbs = try db.cachedStatement(sql: Self.select.text)
            #expect(try db.hotStatement(Self.select) === grdbs)
        }
    }

    /// SQLite closes no connection with statements of its own left: unregistering finalizes
    /// them, and the close that fails without it succeeds with it.
    @Test func unregisteringLetsTheConnectionClose() throws {
        let kept = try Self.scratchQueue()
        try kept.inDatabase { db in
            WriterStatements.register(db)
            _ = try db.hotStatement(Self.select)
        }
        let refused = #expect(throws: DatabaseError.self) { try kept.close() }
        #expect(refused?.resultCode == .SQLITE_BUSY, "a statement of its own was left: \(String(describing: refused))")
        kept.inDatabase { db in WriterStatements.unregister(db) }
        try kept.close()

        let queue = try Self.scratchQueue()
        try queue.inDatabase { db in
            WriterStatements.register(db)
            _ = try db.hotStatement(Self.select)
            WriterStatements.unregister(db)
            let grdbs = try db.cachedStatement(sql: Self.select.text)
            #expect(try db.hotStatement(Self.select) === grdbs, "GRDB's once unregistered")
        }
        try queue.close()
    }

    /// A ledger that booked closes cleanly (its writer's statements go first), and the file
    /// opens again with what it booked.
    @Test func aLedgerThatBookedClosesAndOpensAgain() throws {
        let test = try TestLedger()
        try test.seedCatalogue()
        try test.client()
        let first = try test.charge([("KOF", 2)], key: "writer-1")
        try test.ledger.close()
        let clock = test.clock
        let again = try Ledger(path: test.path, setup: Ledger.Setup(unit: .cents, policy: TestLedger.policy), clock: { clock.now })
        #expect(try again.storedCharge(idempotencyKey: "writer-1")?.saleID == first.saleID)
        let second = try again.charge(ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                                    items: [ChargeItem(productCode: "KOF", quantity: 1)]),
                                      operator: TestLedger.cashier, idempotencyKey: "writer-2")
        #expect(second.balance.minorUnits == first.balance.minorUnits - 120)
        try again.close()
    }
}
