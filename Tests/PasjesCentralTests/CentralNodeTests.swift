import Foundation
import GRDB
import Logging
import PasjesCentral
@testable import PasjesCore
import PasjesDaemon
import PasjesMoney
import Synchronization
import Testing

/// Two locations on one log in a real PostgreSQL: every write of a node is proposed, appended
/// and applied in the log's order, on every node the same.
@Suite(.serialized) struct CentralNodeTests {
    static let clockOffset: TimeInterval = 0

    /// Pushes an embedded ledger's journal to an empty log as its first entries (what
    /// `pasjes central seed` does): each lands at its own position with its own hash.
    private func seed(_ ledger: Ledger, into log: CentralLog) async throws {
        for entry in try ledger.entries(after: 0) {
            let appended = try await log.append(CentralProposal(
                origin: entry.origin, originSeq: entry.originSeq, createdAt: entry.createdAt,
                operatorUID: entry.operatorUID, operatorName: entry.operatorName, counterID: entry.counterID,
                kind: entry.kind, version: entry.version, idempotencyKey: entry.idempotencyKey,
                command: entry.command, result: entry.result, offline: false, reads: [], writes: [],
                decidedAt: entry.seq - 1))
            #expect(appended == .appended(globalSeq: entry.seq, hash: entry.hash))
        }
    }

    @Test func twoLocationsChargeOneWalletThroughTheLogAndEqualIt() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pasjes-central-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (logA, _) = try await fixture.node("loca")
        let (logB, _) = try await fixture.node("locb")

        // Location A's ledger starts the organisation: its first entries are the log's.
        let a = try Ledger(path: folder.appendingPathComponent("a.sqlite").path, setup: Ledger.Setup(policy: TestPolicy.policy),
                           node: "loca")
        try seedCatalogue(a)
        try await seed(a, into: logA)
        let first = try #require(try await logB.entries(after: 0, limit: 1).first)
        let b = try Ledger.replica(at: folder.appendingPathComponent("b.sqlite").path,
                                   startingWith: JournalEntry(central: first), node: "locb")
        let nodeA = CentralNode(ledger: a, log: logA, logger: quietLogger)
        let nodeB = CentralNode(ledger: b, log: logB, logger: quietLogger)
        try await onThread { try nodeA.start(); try nodeB.start(); try b.join() }

        let acknowledged = Mutex<[String: Int64]>([:])
        let refusals = Mutex<[String: Int]>([:])
        // One coffee at each location first (which of 32 threads wins the wallet is luck).
        for (ledger, key) in [(a, "first-a"), (b, "first-b")] {
            let coffee = try await onThread {
                try ledger.charge(ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                                items: [ChargeItem(productCode: "KOF", quantity: 1)]),
                                  operator: Operator(uid: 1001, name: "kassa1"), idempotencyKey: key)
            }
            acknowledged.withLock { $0[coffee.saleID] = coffee.fromWallet.minorUnits }
        }
        try await onThread {
            DispatchQueue.concurrentPerform(iterations: 32) { thread in
                let ledger = thread % 2 == 0 ? a : b
                for round in 0..<6 {
                    do {
                        let result = try ledger.charge(
                            ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                          items: [ChargeItem(productCode: "MAALT", quantity: 1)]),
                            operator: Operator(uid: 1001, name: "kassa1"), idempotencyKey: "t\(thread)-\(round)")
                        acknowledged.withLock { $0[result.saleID] = result.fromWallet.minorUnits }
                    } catch let error as LedgerError {
                        refusals.withLock { $0[error.code, default: 0] += 1 }
                    } catch {
                        refusals.withLock { $0["\(error)", default: 0] += 1 }
                    }
                }
            }
        }
        try await onThread { try nodeA.catchUp(to: .max); try nodeB.catchUp(to: .max) }
        let sales = acknowledged.withLock { $0 }
        let refused = refusals.withLock { $0 }
        #expect(Set(refused.keys).isSubset(of: ["insufficient_funds", "busy"]), "\(refused)")
        #expect(!sales.isEmpty && sales.values.reduce(0, +) <= 6_000)
        let head = try await logA.head()
        let origins = try a.entries(after: 0).filter { $0.kind == "sale.charge" }.map(\.origin)
        #expect(Set(origins) == ["loca", "locb"], "both locations booked")
        print("two locations, one wallet, real PostgreSQL: \(sales.count) charges (\(origins.filter { $0 == "locb" }.count) at locb), refusals \(refused), log head \(head.globalSeq)")
        for ledger in [a, b] {
            #expect(try ledger.wallet(clientNumber: "1001").balance.minorUnits == 6_000 - sales.values.reduce(0, +))
            #expect(try ledger.journalHead() == JournalSeal(seq: head.globalSeq, hash: head.hash))
            let report = try ledger.verify()
            #expect(report.isClean, "\(report.problems.prefix(3))")
        }
        // A fresh replay of the log equals both replicas table by table (`central verify`).
        let fresh = try Ledger.replica(at: folder.appendingPathComponent("fresh.sqlite").path,
                                       startingWith: JournalEntry(central: first))
        var position: Int64 = 1
        while true {
            let page = try await logA.entries(after: position, limit: 500)
            if page.isEmpty { break }
            _ = try fresh.apply(foreign: page.map(JournalEntry.init(central:)))
            position = page.last!.globalSeq
        }
        for ledger in [a, b] {
            let problems = try ledger.read { one in try fresh.read { two in try TableComparison.compare(live: one, rebuilt: two) } }
            #expect(problems.isEmpty, "\(problems.prefix(3))")
        }
        #expect(try fresh.journalHead() == JournalSeal(seq: head.globalSeq, hash: head.hash))
        await logA.close()
        await logB.close()
    }

    /// A card blocked at one location is refused at the other once its puller applied the block.
    @Test func aCardBlockedAtOneLocationIsRefusedAtTheOther() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pasjes-central-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (logA, _) = try await fixture.node("hoofd")
        let (logB, _) = try await fixture.node("locb")
        let a = try Ledger(path: folder.appendingPathComponent("a.sqlite").path, setup: Ledger.Setup(policy: TestPolicy.policy),
                           node: "hoofd")
        try seedCatalogue(a)
        try await seed(a, into: logA)
        let first = try #require(try await logB.entries(after: 0, limit: 1).first)
        let b = try Ledger.replica(at: folder.appendingPathComponent("b.sqlite").path,
                                   startingWith: JournalEntry(central: first), node: "locb")
        let nodeA = CentralNode(ledger: a, log: logA, logger: quietLogger)
        let nodeB = CentralNode(ledger: b, log: logB, logger: quietLogger)
        try await onThread { try nodeA.start(); try nodeB.start() }
        let puller = Task { try await nodeB.run() }
        defer { puller.cancel() }

        let started = ContinuousClock.now
        try await onThread { _ = try a.blockCard(uid: "04A22B1C", reason: "kwijt") }
        var refusedAfter: Duration?
        while ContinuousClock.now - started < .seconds(10) {
            let state = try b.read { db in try String.fetchOne(db, sql: "SELECT state FROM cards WHERE uid = '04A22B1C'") }
            if state != "active" { refusedAfter = ContinuousClock.now - started; break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(refusedAfter != nil)
        await #expect(throws: LedgerError.self) {
            try await onThread {
                _ = try b.charge(ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                               items: [ChargeItem(productCode: "KOF", quantity: 1)]),
                                 operator: Operator(uid: 1001, name: "kassa1"), idempotencyKey: "after-block")
            }
        }
        print("block reached the other location after \(refusedAfter.map { "\($0)" } ?? "never")")
        await logA.close()
        await logB.close()
    }
}

/// The catalogue, a counter and one resident with a card and 60 € for this month.
func seedCatalogue(_ ledger: Ledger) throws {
    _ = try ledger.createCounter(Counter(id: "restaurant", name: "Restaurant", categories: [.facilitair, .welzijn]))
    _ = try ledger.createProduct(Product(code: "KOF", name: "Koffie", price: Amount(120), category: .facilitair,
                                         attributable: true, influenceable: true))
    _ = try ledger.createProduct(Product(code: "MAALT", name: "Maaltijd", price: Amount(750), category: .facilitair,
                                         attributable: true, influenceable: true))
    _ = try ledger.createClient(NewClient(number: "1001", name: "Cliënt 1001", zzp: "VV5"), idempotencyKey: "c-1001")
    _ = try ledger.linkCard(uid: "04A22B1C", clientNumber: "1001", idempotencyKey: "k-1001")
    _ = try ledger.allocate(clientNumber: "1001", month: Month(containing: Date()), amount: Amount(6_000),
                            operator: Operator(uid: 0, name: "root"), idempotencyKey: "a-1001")
}

enum TestPolicy {
    static let policy = BudgetPolicy(
        saving: .none, reserveBasisPoints: 1_000, dayTariffs: ["VV5": Amount(26_392)],
        personalShareBasisPoints: 300, fixedContributionsPerMonth: Amount(2_000),
        defaultOwnContributionCap: Amount(5_000))
}

/// Runs blocking ledger work on a thread of its own, not on one of Swift's two pool threads.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
