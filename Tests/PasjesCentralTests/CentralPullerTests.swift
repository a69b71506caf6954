import Foundation
import PasjesCentral
@testable import PasjesCore
import PasjesDaemon
import PasjesTestSupport
import Synchronization
import Testing

/// A node's puller against many appenders: every entry applied exactly once, in order.
@Suite struct CentralPullerTests {
    /// Twelve nodes propose real commands for 10 s; a thirteenth node only pulls (LISTEN and
    /// its poll) and ends with the log's every entry, each once, in order, its chain the log's.
    @Test func twelveAppendersForTenSecondsAndAPullerAppliesEveryEntryOnceInOrder() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let folder = try TestSupport.temporaryFolder("central-pull")
        defer { try? FileManager.default.removeItem(at: folder) }
        let origin = try Ledger(path: folder.appendingPathComponent("origin.sqlite").path,
                                setup: Ledger.Setup(policy: TestPolicy.policy), node: "origin")
        try seedCatalogue(origin)
        _ = try await CentralAdmin.seed(url: fixture.server.adminURL, logger: quietLogger) { after in
            try origin.entries(after: after).map(CentralEntry.init(seeding:))
        }
        let (pullerLog, _) = try await fixture.node("puller")
        let first = try #require(try await pullerLog.entries(after: 0, limit: 1).first)
        var appenders: [(ledger: Ledger, node: CentralNode)] = []
        for index in 1...12 {
            let (log, _) = try await fixture.node("app\(index)")
            let ledger = try Ledger.replica(at: folder.appendingPathComponent("app\(index).sqlite").path,
                                            startingWith: JournalEntry(central: first), node: "app\(index)")
            appenders.append((ledger, CentralNode(ledger: ledger, log: log, logger: quietLogger)))
        }
        let pullerLedger = try Ledger.replica(at: folder.appendingPathComponent("puller.sqlite").path,
                                              startingWith: JournalEntry(central: first), node: "puller")
        let puller = CentralNode(ledger: pullerLedger, log: pullerLog, logger: quietLogger)
        let pulling = Task { try await puller.run() }
        defer { pulling.cancel() }
        let nodes = appenders
        try await onThread { for appender in nodes { try appender.node.start() } }

        let stop = Date().addingTimeInterval(10)
        let booked = try await TestSupport.onThreads(12) { index -> Int in
            let ledger = nodes[index].ledger
            var count = 0
            while Date() < stop {
                // Counters: their streams are their own, so twelve nodes never conflict.
                _ = try ledger.createCounter(Counter(id: "k\(index + 1)-\(count)", name: "Kassa \(index + 1)-\(count)",
                                                     categories: [.facilitair]))
                count += 1
            }
            return count
        }
        let head = try await pullerLog.head()
        let deadline = Date().addingTimeInterval(30)
        while try pullerLedger.journalHead()?.seq ?? 0 < head.globalSeq, Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        // Every entry of the log, once, in order, with the log's hash: the puller's journal is the log.
        var logEntries: [CentralEntry] = []
        while case let page = try await pullerLog.entries(after: logEntries.last?.globalSeq ?? 0), !page.isEmpty { logEntries += page }
        var applied: [JournalEntry] = []
        while case let page = try pullerLedger.entries(after: applied.last?.seq ?? 0), !page.isEmpty { applied += page }
        #expect(logEntries.count == Int(head.globalSeq))
        let inOrder = applied.map(\.seq) == Array(1...head.globalSeq)
        #expect(inOrder, "gap-free, in order, each once: \(applied.count) applied of \(head.globalSeq)")
        let sameChain = applied.map(\.hash) == logEntries.map(\.hash)
        #expect(sameChain, "the puller's chain is the log's")
        let counters = try pullerLedger.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM counters WHERE id LIKE 'k%'") ?? 0 }
        #expect(counters == booked.reduce(0, +), "every appender's counters, each once")
        #expect(booked.allSatisfy { $0 > 0 })
        #expect(try pullerLedger.verify().isClean)
        print("central puller: 12 appenders booked \(booked.reduce(0, +)) entries in 10 s (\(booked)); the puller applied \(applied.count)")
    }
}
