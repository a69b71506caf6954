import ArgumentParser
import Foundation
import GRDB
import PasjesCore
import PasjesMoney

/// Ledger throughput beside the physical limit of the disk, measured in one run.
///
/// Run on demand: `swift run -c release pasjes-bench ledger`. Never part of the tests: this
/// machine is shared and noisy, so figures are printed, not asserted.
@main
struct PasjesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pasjes-bench", abstract: "Benchmarks for pasjes (printed, never asserted).",
        subcommands: [LedgerBench.self, SocketBench.self, TapBench.self, CostBench.self, CallgrindBench.self, MonthBench.self,
                      ActivityBench.self, ReplicaBench.self, BackupCheckBench.self, CentralBench.self],
        defaultSubcommand: LedgerBench.self)
}

/// The options of the ledger runs, shared by `ledger` and `cost`.
struct LedgerRunOptions: ParsableArguments {
    @Option(help: "Folder for the benchmark databases (same disk as production, ideally).")
    var directory: String = NSTemporaryDirectory()
    @Option(help: "Commits in the raw and single-charge runs.")
    var count: Int = 2_000
    @Option(help: "Charges per group commit.")
    var batchSize: Int = 100
    @Option(help: "Batches in the group-commit run.")
    var batches: Int = 50

    /// A new folder for this run's databases under `directory`; the caller removes it.
    func makeFolder() throws -> URL {
        let folder = URL(fileURLWithPath: directory).appendingPathComponent("pasjes-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

struct LedgerBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Durable charges: one at a time and group-committed, vs raw SQLite commits.")

    @OptionGroup var options: LedgerRunOptions

    func run() throws {
        let folder = try options.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (count, batches, batchSize) = (options.count, options.batches, options.batchSize)
        print("pasjes-bench ledger: \(count) commits, \(batches) batches of \(batchSize), in \(folder.path)")

        let raw = try Self.rawCommitsPerSecond(path: folder.appendingPathComponent("raw.sqlite").path, count: count)
        let single = try Self.singleChargesPerSecond(path: folder.appendingPathComponent("single.sqlite").path, count: count)
        let batched = try Self.batchedChargesPerSecond(path: folder.appendingPathComponent("batch.sqlite").path,
                                                       batches: batches, batchSize: batchSize)

        print(String(format: "raw SQLite insert+commit (WAL, synchronous=FULL): %9.0f commits/s", raw.perSecond))
        print(String(format: "durable charge, one per transaction:              %9.0f charges/s", single.perSecond))
        print(String(format: "durable charge, group commit of %4d:             %9.0f charges/s", batchSize, batched.perSecond))
        print(String(format: "single / raw   = %.2f  (target ≥ 0.50)", single.perSecond / raw.perSecond))
        print(String(format: "batch / single = %.1f  (target ≥ 20)", batched.perSecond / single.perSecond))
    }

    /// The physical limit: one small INSERT per committed transaction, same pragmas as the ledger.
    static func rawCommitsPerSecond(path: String, count: Int) throws -> Rate {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { try $0.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)") }
        return try Rate.of(count) {
            for index in 0..<count {
                try pool.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        try db.execute(sql: "INSERT INTO t (payload) VALUES (?)", arguments: ["row \(index)"])
                        return .commit
                    }
                }
            }
        }
    }

    /// The demo ledger with client 9999, card 0B0B0B0B and a budget no run exhausts; `node`
    /// names a new file's node (nil: a random one).
    static func preparedLedger(path: String, node: String? = nil) throws -> Ledger {
        let ledger = try Ledger(path: path, setup: Ledger.demoSetup, node: node)
        try ledger.seedDemo()
        _ = try ledger.createClient(NewClient(number: "9999", name: "Bench", zzp: "VV5"), idempotencyKey: "bench-client")
        _ = try ledger.linkCard(uid: "0B0B0B0B", clientNumber: "9999", idempotencyKey: "bench-card")
        _ = try ledger.allocate(clientNumber: "9999", month: Month(containing: Date()), amount: Amount(1_000_000_000),
                                operator: .system, idempotencyKey: "bench-alloc")
        return ledger
    }

    static let request = ChargeRequest(
        counterID: "restaurant", payer: .card(uid: "0B0B0B0B"), items: [ChargeItem(productCode: "KOF", quantity: 1)])

    /// `count` durable charges, one per transaction.
    static func chargeSingly(_ ledger: Ledger, count: Int, keyPrefix: String = "single") throws {
        for index in 0..<count {
            _ = try ledger.charge(Self.request, operator: .system, idempotencyKey: "\(keyPrefix)-\(index)")
        }
    }

    /// `batches` group commits of `batchSize` durable charges each.
    static func chargeInBatches(_ ledger: Ledger, batches: Int, batchSize: Int, keyPrefix: String = "batch") throws {
        for batch in 0..<batches {
            let requests = (0..<batchSize).map { index in
                (request: Self.request, operator: Operator.system, idempotencyKey: "\(keyPrefix)-\(batch)-\(index)")
            }
            let results = try ledger.chargeBatch(requests)
            precondition(results.allSatisfy { if case .success = $0 { true } else { false } })
        }
    }

    static func singleChargesPerSecond(path: String, count: Int) throws -> Rate {
        let ledger = try Self.preparedLedger(path: path)
        let rate = try Rate.of(count) { try chargeSingly(ledger, count: count) }
        let clean = try ledger.verify().isClean
        precondition(clean, "benchmark ledger must verify")
        return rate
    }

    static func batchedChargesPerSecond(path: String, batches: Int, batchSize: Int) throws -> Rate {
        let ledger = try Self.preparedLedger(path: path)
        let rate = try Rate.of(batches * batchSize) { try chargeInBatches(ledger, batches: batches, batchSize: batchSize) }
        let clean = try ledger.verify().isClean
        precondition(clean, "benchmark ledger must verify")
        return rate
    }
}
