import Foundation
import GRDB
@testable import PasjesCore
import PasjesModel
import PasjesMoney
import Testing

/// One replay everywhere: an entry books the same rows on any ledger that applies it, and a
/// ledger applies other nodes' entries in the order of the organisation's log.
@Suite struct ReplicaTests {
    private func id(_ sql: String, _ arguments: StatementArguments, in ledger: Ledger) throws -> Int64? {
        try ledger.read { db in try Int64.fetchOne(db, sql: sql, arguments: arguments) }
    }

    /// A node that starts from `source`'s journal up to its entry `upTo` (all of it when nil).
    private func replica(of source: Ledger, upTo: Int64? = nil, clock: TestClock) throws -> (Ledger, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pasjes-replica-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let entries = try allEntries(of: source).filter { upTo == nil || $0.seq <= upTo! }
        let ledger = try Ledger.replica(at: folder.appendingPathComponent("ledger.sqlite").path,
                                        startingWith: entries[0], clock: { clock.now })
        for batch in stride(from: 1, to: entries.count, by: Ledger.maxReplicaBatch) {
            _ = try ledger.apply(foreign: Array(entries[batch..<min(batch + Ledger.maxReplicaBatch, entries.count)]))
        }
        return (ledger, folder)
    }

    private func allEntries(of ledger: Ledger) throws -> [JournalEntry] {
        var entries: [JournalEntry] = []
        while true {
            let page = try ledger.entries(after: entries.last?.seq ?? 0)
            if page.isEmpty { return entries }
            entries += page
        }
    }

    // MARK: What stood in the way

    /// Row ids came from SQLite's counter: a client got 2 on one node and 1 on another.
    @Test func aClientHasTheSameIDOnEveryLedgerWhateverCameBeforeIt() throws {
        let x = try TestLedger(), y = try TestLedger()
        for t in [x, y] { try t.seedCatalogue() }
        try x.client("1001", uid: "04A22B1C")
        try x.client("1002", uid: "04B33C2D")
        try y.client("1002", uid: "04B33C2D")
        let sql = "SELECT id FROM clients WHERE number = ?"
        #expect(try id(sql, ["1002"], in: x.ledger) == id(sql, ["1002"], in: y.ledger))
        for code in ["wallet:1002", "own:1002", "revenue:restaurant", "funding"] {
            let accountSQL = "SELECT id FROM accounts WHERE code = ?"
            #expect(try id(accountSQL, [code], in: x.ledger) == id(accountSQL, [code], in: y.ledger), "\(code)")
        }
    }

    /// Accounts made on first use (`INSERT OR IGNORE`) got whatever id was next at that moment.
    @Test func anAccountMadeOnFirstUseHasTheSameIDWhenever() throws {
        let x = try TestLedger(), y = try TestLedger()
        for t in [x, y] { try t.seedCatalogue() }
        _ = try x.ledger.setSolidarity(SolidarityPolicy(basisPoints: 200))
        try x.client("1001", uid: "04A22B1C")
        try y.client("1001", uid: "04A22B1C")
        try y.client("1002", uid: "04B33C2D")
        _ = try y.ledger.setSolidarity(SolidarityPolicy(basisPoints: 200))
        _ = try y.ledger.allocate(clientNumber: "1002", month: Month(year: 2026, month: 12), amount: Amount(1_000),
                                  operator: TestLedger.admin, idempotencyKey: "later")
        let sql = "SELECT id FROM accounts WHERE code = ?"
        #expect(try id(sql, ["solidarity"], in: x.ledger) != nil)
        #expect(try id(sql, ["solidarity"], in: x.ledger) == id(sql, ["solidarity"], in: y.ledger))
        #expect(try id(sql, ["announced"], in: y.ledger) == StableRowID.account(code: "announced"))
    }

    /// Reading a charge's facts landed due allocations: a decision could not be read-only.
    @Test func readingAChargesFactsWritesNothing() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client("1001", uid: "04A22B1C")
        // December's money is announced in November and due once December starts.
        _ = try t.ledger.allocate(clientNumber: "1001", month: Month(year: 2026, month: 12), amount: Amount(4_000),
                                  operator: TestLedger.admin, idempotencyKey: "december")
        t.clock.set(TestLedger.utc("2026-12-02T09:00:00Z"))
        let request = ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                    items: [ChargeItem(productCode: "KOF", quantity: 1)])
        let context = ExecutionContext(origin: "test", originSeq: 1, seq: 1,
                                       timeMilliseconds: Ledger.milliseconds(t.clock.now))
        t.ledger.execution.withLock { $0 = context }
        defer { t.ledger.execution.withLock { $0 = nil } }
        // A read transaction: SQLite refuses any write in it.
        let facts = try t.ledger.read { db in
            let store = SQLiteStore(ledger: t.ledger, db: db)
            return try store.chargeFacts(request, payer: try store.payer(of: request), month: Month(year: 2026, month: 12))
        }
        #expect(facts.client?.number == "1001")
    }

    /// The `node` row is no entry's result: an edit to it went unnoticed by `verify`.
    @Test func anEditedNodeRowIsFoundByVerify() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        #expect(try t.ledger.verify().isClean)
        try t.ledger.close()
        let queue = try DatabaseQueue(path: t.path)
        try queue.write { db in try db.execute(sql: "UPDATE node SET id = 'f00dfeed-0000-4000-8000-000000000000'") }
        try queue.close()
        let report = try Ledger(path: t.path).verify()
        #expect(report.problems.map(\.kind) == ["node_identity"], "\(report.problems)")
    }

    /// A foreign entry whose idempotency key was booked already booked nothing and was not
    /// journaled, so the next entry of its origin looked like a gap.
    @Test func aForeignRetryIsJournaledAsAReplayAndItsOriginGoesOn() throws {
        let a = try TestLedger()
        try a.seedCatalogue()
        try a.client("1001", uid: "04A22B1C")
        let prefix = try allEntries(of: a.ledger).last!.seq
        let (b, _) = try replica(of: a.ledger, clock: a.clock)
        try b.join()
        // The same request with the same key, at two locations (a cashier's retry that went elsewhere).
        let request = ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                    items: [ChargeItem(productCode: "KOF", quantity: 1)])
        let first = try a.ledger.charge(request, operator: TestLedger.cashier, idempotencyKey: "same-key")
        _ = try b.charge(request, operator: TestLedger.cashier, idempotencyKey: "same-key")
        _ = try b.charge(request, operator: TestLedger.cashier, idempotencyKey: "next-key")
        let fromA = try allEntries(of: a.ledger).filter { $0.seq > prefix }
        let fromB = try allEntries(of: b).filter { $0.origin == b.nodeID }
        #expect(fromB.map(\.kind) == ["node.join", "sale.charge", "sale.charge"])

        let (r, _) = try replica(of: a.ledger, upTo: prefix, clock: a.clock)
        let report = try r.apply(foreign: fromA + fromB)
        #expect(report.applied == 4)
        // B's retry answers A's first result, marked as a replay; that is the one divergence.
        #expect(report.divergences.map(\.originSeq) == [2])
        let replayed = try JSONDecoder().decode(ChargeResult.self, from: Data(report.divergences[0].localResult.utf8))
        #expect(replayed.saleID == first.saleID && replayed.replayed)
        #expect(try r.wallet(clientNumber: "1001").balance.minorUnits == a.ledger.wallet(clientNumber: "1001").balance.minorUnits - 120)
        // Applying the same entries again changes nothing.
        let again = try r.apply(foreign: fromA + fromB)
        #expect(again.applied == 0 && again.alreadyPresent == 4 && again.head == report.head)
    }

    @Test func anOriginThatSkipsASequenceIsAGapAndOtherContentIsAConflict() throws {
        let a = try TestLedger()
        try a.seedCatalogue()
        let prefix = try allEntries(of: a.ledger).last!.seq
        try a.client("1001", uid: "04A22B1C")
        let later = try allEntries(of: a.ledger).filter { $0.seq > prefix }
        #expect(later.count >= 3)
        let (r, _) = try replica(of: a.ledger, upTo: prefix, clock: a.clock)
        let head = try r.entries(after: 0).last!.seq
        #expect(throws: LedgerError.originGap) { try r.apply(foreign: [later[1]]) }
        // All or nothing: the first entry of a batch that ends in a gap is not kept either.
        #expect(throws: LedgerError.originGap) { try r.apply(foreign: [later[0], later[2]]) }
        #expect(try r.entries(after: 0).last!.seq == head)
        _ = try r.apply(foreign: [later[0]])
        var forged = later[0]
        forged.command = forged.command.replacingOccurrences(of: "1001", with: "1009")
        #expect(throws: LedgerError.originConflict) { try r.apply(foreign: [forged]) }
    }

    @Test func entriesAfterASequenceComeInOrderWithinTheirLimit() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        let all = try t.ledger.entries(after: 0)
        #expect(all.map(\.seq) == Array(1...Int64(all.count)))
        #expect(try t.ledger.entries(after: 3, limit: 2).map(\.seq) == [4, 5])
        #expect(throws: LedgerError.invalidInput) { try t.ledger.entries(after: 0, limit: Ledger.maxReplicaBatch + 1) }
        #expect(throws: LedgerError.invalidInput) { try t.ledger.entries(after: -1) }
    }
}
