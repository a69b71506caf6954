import Foundation
import GRDB
@testable import PasjesCore
import PasjesModel
import PasjesMoney
import Testing

/// A ledger written by the code before one replay everywhere (committed as a file, made on
/// 2026-12-02 from commit 1387c4c) moves over by one journaled `ledger.upgrade` entry.
@Suite struct ReplayMigrationTests {
    /// The seal that code printed for the fixture: operators keep such seals off the machine.
    static let sealBefore = JournalSeal(text: "26:1542b07b818be3a67774b7c0915ed0a087e7f9265b2758f5066f6cb5907cad72")!

    private func copyOfFixture() throws -> TestLedger {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ledger-before-replay.sqlite")
        let t = try TestLedger()
        try t.ledger.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: t.path + suffix) }
        try FileManager.default.copyItem(atPath: fixture.path, toPath: t.path)
        return t
    }

    @Test func aLedgerFromBeforeTheUpgradeKeepsItsRowsAndItsSealStillVerifies() throws {
        let t = try copyOfFixture()
        let before = try DatabaseQueue(path: t.path)
        let oldIDs = try before.read { db in try Row.fetchAll(db, sql: "SELECT id, code FROM accounts ORDER BY id") }
        let oldSeal = try before.read { db in try String.fetchOne(db, sql: "SELECT hash FROM journal WHERE seq = 26") }
        try before.close()
        #expect(oldSeal == Self.sealBefore.hash)

        let ledger = try Ledger(path: t.path, clock: { t.clock.now })
        let report = try ledger.verify(seal: Self.sealBefore)
        #expect(report.isClean, "\(report.problems)")
        #expect(report.journalCount == 27)
        let upgrade = try ledger.entries(after: 26)
        #expect(upgrade.map(\.kind) == ["ledger.upgrade"])
        #expect(upgrade.first?.origin == ledger.nodeID && upgrade.first?.previousHash == Self.sealBefore.hash)
        // Rows booked before keep the ids they had; new ones get ids from their numbers and codes.
        #expect(try ledger.read { db in try Row.fetchAll(db, sql: "SELECT id, code FROM accounts ORDER BY id") } == oldIDs)
        _ = try ledger.createClient(NewClient(number: "1004", name: "Cliënt 1004", zzp: "VV5"), idempotencyKey: "c-1004")
        _ = try ledger.linkCard(uid: "04D55E4F", clientNumber: "1004", idempotencyKey: "k-1004")
        _ = try ledger.allocate(clientNumber: "1004", month: Month(year: 2026, month: 11), amount: Amount(3_000),
                                operator: TestLedger.admin, idempotencyKey: "a-1004")
        #expect(try ledger.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM clients WHERE number = '1004'") }
            == StableRowID.client(number: "1004"))
        _ = try ledger.charge(ChargeRequest(counterID: "restaurant", payer: .card(uid: "04D55E4F"),
                                            items: [ChargeItem(productCode: "KOF", quantity: 1)]),
                              operator: TestLedger.cashier, idempotencyKey: "after-upgrade")
        // The whole journal, old rules and new, replays to the same tables, and the old seal holds.
        let after = try ledger.verify(seal: Self.sealBefore)
        #expect(after.isClean, "\(after.problems)")
        // Opening it again journals no second upgrade.
        try ledger.close()
        let reopened = try Ledger(path: t.path, clock: { t.clock.now })
        #expect(try reopened.entries(after: 26).filter { $0.kind == "ledger.upgrade" }.count == 1)
        try reopened.close()
    }
}
