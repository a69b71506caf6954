import ArgumentParser
import Foundation
import PasjesCore

/// Journal entries applied per second on a replica, beside `verify`'s rebuild of the same
/// journal, in one run.
///
/// `swift run -c release pasjes-bench replica`: a source ledger books `entries` charges in group
/// commits; a new replica applies its whole journal in batches of 500 (what a node pays to catch
/// up with the organisation's log), then the source's `verify` rebuilds it (what an operator pays).
struct ReplicaBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replica", abstract: "Journal entries applied per second on a replica (batches of 500), beside verify's rebuild.")

    @OptionGroup var options: LedgerRunOptions
    @Option(help: "Charges in the source journal.")
    var entries: Int = 5_000

    func run() throws {
        let folder = try options.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try LedgerBench.preparedLedger(path: folder.appendingPathComponent("source.sqlite").path)
        try LedgerBench.chargeInBatches(source, batches: max(1, entries / 100), batchSize: 100, keyPrefix: "replica")
        var journal: [JournalEntry] = []
        while case let page = try source.entries(after: journal.last?.seq ?? 0), !page.isEmpty { journal += page }
        print("pasjes-bench replica: \(journal.count) journal entries, in \(folder.path)")

        let replica = try Ledger.replica(at: folder.appendingPathComponent("replica.sqlite").path, startingWith: journal[0])
        let apply = try Rate.of(journal.count - 1) {
            for start in stride(from: 1, to: journal.count, by: Ledger.maxReplicaBatch) {
                let report = try replica.apply(foreign: Array(journal[start..<min(start + Ledger.maxReplicaBatch, journal.count)]))
                precondition(report.divergences.isEmpty, "a replica must answer as its origin did")
            }
        }
        let rebuild = try Rate.of(journal.count) {
            let report = try source.verify()
            precondition(report.isClean, "benchmark ledger must verify")
        }
        let heads = (try replica.entries(after: Int64(journal.count - 1)).last?.hash, journal.last?.hash)
        print(String(format: "replica apply, batches of %d:   %9.0f entries/s (%.0f µs CPU each; goal ≥ 5000/s)",
                     Ledger.maxReplicaBatch, apply.perSecond, apply.cpuMicrosecondsEach))
        print(String(format: "verify (checks + rebuild):       %9.0f entries/s", rebuild.perSecond))
        print(String(format: "apply / verify = %.2f; same head hash as the source: %@", apply.perSecond / rebuild.perSecond,
                     heads.0 == heads.1 ? "yes" : "NO"))
    }
}
