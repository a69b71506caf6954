import ArgumentParser
import Foundation
import PasjesCore
import Synchronization

/// How long the backup run's check of the live file takes on a big ledger, and what the
/// counters notice meanwhile: one charge at a time goes on beside it, its latency measured
/// before and during the check.
struct BackupCheckBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup-check",
        abstract: "integrity_check + journal verify of the live file (the backup run's check), while charges go on.")

    @OptionGroup var options: LedgerRunOptions
    @Option(help: "Charges in the ledger before the check (group-committed, 500 a batch).")
    var charges: Int = 20_000

    func run() throws {
        let folder = try options.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = try LedgerBench.preparedLedger(path: folder.appendingPathComponent("live.sqlite").path)
        try LedgerBench.chargeInBatches(ledger, batches: max(1, charges / 500), batchSize: 500, keyPrefix: "fill")
        let bytes = (try? FileManager.default.attributesOfItem(atPath: ledger.path)[.size] as? Int64) ?? 0
        print("pasjes-bench backup-check: \(charges) charges, file \(bytes / 1_048_576) MiB (plus WAL), in \(folder.path)")

        let alone = try Self.charges(ledger, prefix: "alone", until: { $0 >= 200 })
        let stop = Atomic(false)
        let during = Mutex<Measurement?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            during.withLock { $0 = try? Self.charges(ledger, prefix: "during", until: { _ in stop.load(ordering: .relaxed) }) }
            done.signal()
        }.start()
        let check = ledger.checkLiveFile()
        stop.store(true, ordering: .relaxed)
        done.wait()
        print("live check: \(check.milliseconds) ms, \(check.isClean ? "clean" : "PROBLEMS: \(check.problems)"), seal \(check.seal.map { "\($0)" } ?? "-")")
        print(alone.line())
        if let during = during.withLock({ $0 }) { print(during.line()) }
    }

    /// Charges one at a time until `done(count)`; their latencies.
    static func charges(_ ledger: Ledger, prefix: String, until done: (Int) -> Bool) throws -> Measurement {
        var latencies: [UInt64] = []
        let start = DispatchTime.now().uptimeNanoseconds
        while !done(latencies.count) {
            let began = DispatchTime.now().uptimeNanoseconds
            _ = try ledger.charge(LedgerBench.request, operator: .system, idempotencyKey: "\(prefix)-\(latencies.count)")
            latencies.append(DispatchTime.now().uptimeNanoseconds - began)
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Measurement(label: "charges \(prefix) the check", latenciesNanoseconds: latencies, elapsedSeconds: elapsed)
    }
}
