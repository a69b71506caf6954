import GRDB
@testable import PasjesCore
import Testing

/// Every commit of the ledger is fsynced (`synchronous = FULL`): an acknowledged charge survives
/// a power cut. GRDB's pool sets NORMAL on its writer after our `prepareDatabase`.
@Suite struct DurabilityTests {
    @Test func theWritingConnectionSyncsEveryCommit() throws {
        let t = try TestLedger()
        let mode = try t.ledger.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(mode == 2, "2 is FULL; GRDB's default for a pool is 1, NORMAL")
        let journal = try t.ledger.pool.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }
}
