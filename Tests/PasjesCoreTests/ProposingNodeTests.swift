import Foundation
import GRDB
@testable import PasjesCore
import PasjesMoney
import Synchronization
import Testing

/// The organisation's log as the append rule defines it (origin sequence next, read streams
/// unchanged since the decision, write streams bumped), kept in memory: the proposer's loop is
/// tested here; the same rule in PostgreSQL is tested against a real server in PasjesCentralTests.
final class LogDouble: Sendable {
    private struct State {
        var entries: [JournalEntry] = []
        var versions: [String: Int64] = [:]
    }
    private let state = Mutex(State())

    init(startingWith entries: [JournalEntry]) {
        state.withLock { $0.entries = entries }
    }

    var count: Int64 { state.withLock { Int64($0.entries.count) } }

    func entries(from start: Int64, to end: Int64) -> [JournalEntry] {
        state.withLock { Array($0.entries[Int(start)..<Int(min(end, Int64($0.entries.count)))]) }
    }

    /// Appends the decision's entry at the next global position, or throws `stream_conflict`.
    func append(_ decision: Decision) throws -> Int64 {
        try state.withLock { state in
            let origin = decision.entry.origin
            let last = state.entries.filter { $0.origin == origin }.map(\.originSeq).max() ?? 0
            guard decision.entry.originSeq == last + 1 else { throw LedgerError.originGap.with("\(origin)") }
            let changed = decision.reads.filter { state.versions[$0, default: 0] > decision.decidedAt }
            guard changed.isEmpty else { throw LedgerError.streamConflict.with(changed.joined(separator: ",")) }
            var entry = decision.entry
            entry.seq = Int64(state.entries.count + 1)
            state.entries.append(entry)
            for stream in decision.writes { state.versions[stream] = entry.seq }
            return entry.seq
        }
    }
}

/// A node: proposes to the log, then applies the log up to its entry and answers from it.
final class NodeDouble: LedgerProposer {
    let log: LogDouble
    private let applying = Mutex(())
    nonisolated(unsafe) weak var ledger: Ledger?
    let conflicts = Atomic<Int>(0)

    init(log: LogDouble) { self.log = log }

    func propose(_ decision: Decision) throws -> JournalEntry {
        guard let ledger else { throw LedgerError.databaseError.with("node without ledger") }
        let position: Int64
        do {
            position = try log.append(decision)
        } catch let error as LedgerError where error == .streamConflict {
            conflicts.add(1, ordering: .relaxed)
            try catchUp(ledger, to: log.count)
            throw error
        }
        try catchUp(ledger, to: position)
        guard let entry = try ledger.entries(after: position - 1, limit: 1).first, entry.seq == position else {
            throw LedgerError.databaseError.with("entry \(position) not applied")
        }
        return entry
    }

    /// Two nodes on one log: `t`'s ledger, and a replica of it (`b.sqlite`) that has joined;
    /// from now on both propose every write.
    static func pair(_ t: TestLedger) throws -> (log: LogDouble, b: Ledger, nodes: (NodeDouble, NodeDouble)) {
        let log = LogDouble(startingWith: try t.ledger.entries(after: 0))
        let b = try Ledger.replica(at: t.folder.appendingPathComponent("b.sqlite").path,
                                   startingWith: log.entries(from: 0, to: 1)[0], clock: { t.clock.now })
        _ = try b.apply(foreign: log.entries(from: 1, to: log.count))
        let nodes = (NodeDouble(log: log), NodeDouble(log: log))
        nodes.0.ledger = t.ledger
        nodes.1.ledger = b
        t.ledger.setProposer(nodes.0)
        b.setProposer(nodes.1)
        try b.join()
        return (log, b, nodes)
    }

    /// Applies the log up to `position`, one applier at a time.
    func catchUp(_ ledger: Ledger, to position: Int64) throws {
        try applying.withLock { _ in
            let head = try ledger.entries(after: 0, limit: 1).isEmpty ? 0 : try headSeq(ledger)
            guard position > head else { return }
            _ = try ledger.apply(foreign: log.entries(from: head, to: position))
        }
    }

    private func headSeq(_ ledger: Ledger) throws -> Int64 {
        try ledger.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM journal") ?? 0 }
    }
}

@Suite struct ProposingNodeTests {
    /// Two nodes charge one wallet from 16 threads each through one log: the wallet never goes
    /// below zero, every acknowledged charge is in both ledgers once, and both ledgers are the
    /// log applied in order (same tables, same head hash).
    @Test func twoNodesChargingOneWalletNeverBreakARule() throws {
        let a = try TestLedger()
        try a.seedCatalogue()
        try a.client("1001", uid: "04A22B1C", amount: 6_000)
        let (log, b, nodes) = try NodeDouble.pair(a)

        let acknowledged = Mutex<[String: Int64]>([:])
        let refusals = Mutex<[String: Int]>([:])
        DispatchQueue.concurrentPerform(iterations: 32) { thread in
            let ledger = thread % 2 == 0 ? a.ledger : b
            for round in 0..<8 {
                do {
                    let result = try ledger.charge(
                        ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                      items: [ChargeItem(productCode: "MAALT", quantity: 1)]),
                        operator: TestLedger.cashier, idempotencyKey: "t\(thread)-\(round)")
                    acknowledged.withLock { $0[result.saleID] = result.fromWallet.minorUnits }
                } catch let error as LedgerError {
                    refusals.withLock { $0[error.code, default: 0] += 1 }
                } catch {
                    refusals.withLock { $0["\(error)", default: 0] += 1 }
                }
            }
        }
        for node in [nodes.0, nodes.1] { try node.catchUp(node.ledger!, to: log.count) }
        let sales = acknowledged.withLock { $0 }
        let refused = refusals.withLock { $0 }
        #expect(Set(refused.keys).isSubset(of: ["insufficient_funds", "busy"]), "\(refused)")
        // 6 000 with a 10 % reserve for meals of 7,50: the wallet pays at most 7 of them.
        #expect(!sales.isEmpty && sales.values.reduce(0, +) <= 6_000)
        for ledger in [a.ledger, b] {
            let balance = try ledger.wallet(clientNumber: "1001").balance.minorUnits
            #expect(balance >= 0 && balance == 6_000 - sales.values.reduce(0, +))
            let stored = try ledger.read { db in try String.fetchAll(db, sql: "SELECT id FROM sales") }
            #expect(Set(stored) == Set(sales.keys) && stored.count == sales.count)
            let report = try ledger.verify()
            #expect(report.isClean, "\(report.problems.prefix(3))")
        }
        let problems = try a.ledger.read { one in try b.read { two in try TableComparison.compare(live: one, rebuilt: two) } }
        #expect(problems.isEmpty, "\(problems.prefix(3))")
        #expect(try a.ledger.entries(after: log.count - 1).first?.hash == b.entries(after: log.count - 1).first?.hash)
        print("two nodes, one wallet: \(sales.count) charges, refusals \(refused), conflicts decided again: \(nodes.0.conflicts.load(ordering: .relaxed) + nodes.1.conflicts.load(ordering: .relaxed))")
    }
}
