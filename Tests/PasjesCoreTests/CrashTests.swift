import Foundation
import GRDB
import PasjesCore
import PasjesTestSupport
import Testing

@Suite struct CrashTests {
    /// A child books charges in a loop and is killed with SIGKILL at random moments. After each
    /// kill the database opens, verify is clean, and every charge the child reported as committed
    /// is there exactly once.
    @Test func killedWriterLosesNothingItAcknowledged() throws {
        let folder = try TestSupport.temporaryFolder("crash")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("ledger.sqlite").path
        var random = SystemRandomNumberGenerator()
        var acknowledged: [String: String] = [:]
        for round in 0..<6 {
            let child = try SpawnedProcess(
                [TestSupport.binary("pasjes-ledger"), "charge-loop", "--database", database, "--key-prefix", "round\(round)"],
                outputPath: folder.appendingPathComponent("round\(round).out").path)
            // Wait for the first commit, then kill at a random moment while it keeps booking.
            #expect(child.waitForLine { $0.hasPrefix("committed") } != nil, "child never committed")
            usleep(UInt32.random(in: 5_000...150_000, using: &random))
            child.stop(SIGKILL)
            for line in child.outputLines where line.hasPrefix("committed ") {
                let parts = line.split(separator: " ")
                acknowledged[String(parts[1])] = String(parts[2])
            }
            let ledger = try Ledger(path: database)
            let report = try ledger.verify()
            #expect(report.isClean, "round \(round): \(report.problems)")
            for (_, saleID) in acknowledged {
                #expect(try ledger.sale(id: saleID).total.minorUnits == 100)
            }
            try ledger.close()
        }
        #expect(acknowledged.count >= 6)
        // Exactly once: one sale per key, no sale without its key.
        let queue = try DatabaseQueue(path: database)
        let (sales, keys, tea) = try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sales")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM idempotency WHERE operation = 'sale.charge'")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sales WHERE id IN (SELECT DISTINCT sale_id FROM transfers)")!)
        }
        #expect(sales == keys)
        #expect(tea == sales)
        #expect(sales >= acknowledged.count, "every acknowledged sale is there; a few unacknowledged may be too")
    }
}
