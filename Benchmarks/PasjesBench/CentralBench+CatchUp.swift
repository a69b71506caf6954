import Foundation
import PasjesCore
import PasjesDaemon

extension CentralBench {
    /// A new node catching up with a log of `entries` charges (`CentralNode.catchUp`), beside the
    /// same entries applied to a replica straight from the journal, without PostgreSQL.
    func catchUp(in folder: URL) throws {
        let batchSize = max(1, options.batchSize)
        let organisation = try BenchOrganisation.make(in: folder) { ledger in
            try LedgerBench.chargeInBatches(ledger, batches: max(1, entries / batchSize), batchSize: batchSize, keyPrefix: "catchup")
        }
        defer { organisation.stop() }
        let source = organisation.headOffice.ledger
        var journal: [JournalEntry] = []
        while case let page = try source.entries(after: journal.last?.seq ?? 0), !page.isEmpty { journal += page }

        let replica = try Ledger.replica(at: folder.appendingPathComponent("plain.sqlite").path, startingWith: journal[0])
        let plain = try Rate.of(journal.count - 1) {
            for start in stride(from: 1, to: journal.count, by: Ledger.maxReplicaBatch) {
                let report = try replica.apply(foreign: Array(journal[start..<min(start + Ledger.maxReplicaBatch, journal.count)]))
                precondition(report.divergences.isEmpty, "a replica must answer as its origin did")
            }
        }
        let newcomer = try organisation.node("nieuw", start: false)
        let central = try Rate.of(journal.count - 1) { try newcomer.node.catchUp(to: .max) }
        let logHead = try waitForTask { try await newcomer.log.head() }
        let sameHead = try newcomer.ledger.journalHead()?.hash == logHead.hash && logHead.globalSeq == journal.last?.seq
        organisation.stop([newcomer])

        print("\n2. catch-up: a new node applies a log of \(journal.count) entries (group-committed charges)")
        print(String(format: "seed of %lld entries into the empty log:  %9.0f entries/s", organisation.seededEntries,
                     organisation.seeded.perSecond))
        print(String(format: "catch-up from PostgreSQL, pages of %d:     %9.0f entries/s (%.0f µs CPU each; goal ≥ 5000/s)",
                     Ledger.maxReplicaBatch, central.perSecond, central.cpuMicrosecondsEach))
        print(String(format: "apply without PostgreSQL, batches of %d:  %9.0f entries/s (%.0f µs CPU each)",
                     Ledger.maxReplicaBatch, plain.perSecond, plain.cpuMicrosecondsEach))
        print(String(format: "through PostgreSQL / without = %.2f; the new node's head is the log's: %@",
                     central.perSecond / plain.perSecond, sameHead ? "yes" : "NO"))
    }
}
