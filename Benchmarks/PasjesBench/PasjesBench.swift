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
        subcommands: [LedgerBench.self, SocketBench.self, TapBench.self], defaultSubcommand: LedgerBench.self)
}

struct LedgerBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Durable charges: one at a time and group-committed, vs raw SQLite commits.")

    @Option(help: "Folder for the benchmark databases (same disk as production, ideally).")
    var directory: String = NSTemporaryDirectory()
    @Option(help: "Commits in the raw and single-charge runs.")
    var count: Int = 2_000
    @Option(help: "Charges per group commit.")
    var batchSize: Int = 100
    @Option(help: "Batches in the group-commit run.")
    var batches: Int = 50

    func run() throws {
        let folder = URL(fileURLWithPath: directory).appendingPathComponent("pasjes-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        print("pasjes-bench ledger: \(count) commits, \(batches) batches of \(batchSize), in \(folder.path)")

        let raw = try rawCommitsPerSecond(path: folder.appendingPathComponent("raw.sqlite").path)
        let single = try singleChargesPerSecond(path: folder.appendingPathComponent("single.sqlite").path)
        let batched = try batchedChargesPerSecond(path: folder.appendingPathComponent("batch.sqlite").path)

        print(String(format: "raw SQLite insert+commit (WAL, synchronous=FULL): %9.0f commits/s", raw))
        print(String(format: "durable charge, one per transaction:              %9.0f charges/s", single))
        print(String(format: "durable charge, group commit of %4d:             %9.0f charges/s", batchSize, batched))
        print(String(format: "single / raw   = %.2f  (target ≥ 0.50)", single / raw))
        print(String(format: "batch / single = %.1f  (target ≥ 20)", batched / single))
    }

    /// The physical limit: one small INSERT per committed transaction, same pragmas as the ledger.
    private func rawCommitsPerSecond(path: String) throws -> Double {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { try $0.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)") }
        let start = Date()
        for index in 0..<count {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try db.execute(sql: "INSERT INTO t (payload) VALUES (?)", arguments: ["row \(index)"])
                    return .commit
                }
            }
        }
        return Double(count) / Date().timeIntervalSince(start)
    }

    static func preparedLedger(path: String) throws -> Ledger {
        let ledger = try Ledger(path: path, setup: Ledger.demoSetup)
        try ledger.seedDemo()
        _ = try ledger.createClient(NewClient(number: "9999", name: "Bench", zzp: "VV5"), idempotencyKey: "bench-client")
        _ = try ledger.linkCard(uid: "0B0B0B0B", clientNumber: "9999", idempotencyKey: "bench-card")
        _ = try ledger.allocate(clientNumber: "9999", month: Month(containing: Date()), amount: Amount(1_000_000_000),
                                operator: .system, idempotencyKey: "bench-alloc")
        return ledger
    }

    static let request = ChargeRequest(
        counterID: "restaurant", payer: .card(uid: "0B0B0B0B"), items: [ChargeItem(productCode: "KOF", quantity: 1)])

    func singleChargesPerSecond(path: String) throws -> Double {
        let ledger = try Self.preparedLedger(path: path)
        let start = Date()
        for index in 0..<count {
            _ = try ledger.charge(Self.request, operator: .system, idempotencyKey: "single-\(index)")
        }
        let rate = Double(count) / Date().timeIntervalSince(start)
        let clean = try ledger.verify().isClean
        precondition(clean, "benchmark ledger must verify")
        return rate
    }

    private func batchedChargesPerSecond(path: String) throws -> Double {
        let ledger = try Self.preparedLedger(path: path)
        let start = Date()
        for batch in 0..<batches {
            let requests = (0..<batchSize).map { index in
                (request: Self.request, operator: Operator.system, idempotencyKey: "batch-\(batch)-\(index)")
            }
            let results = try ledger.chargeBatch(requests)
            precondition(results.allSatisfy { if case .success = $0 { true } else { false } })
        }
        let rate = Double(batches * batchSize) / Date().timeIntervalSince(start)
        let clean = try ledger.verify().isClean
        precondition(clean, "benchmark ledger must verify")
        return rate
    }
}
