import ArgumentParser
import Foundation
import GRDB
import PasjesCore
import PasjesProtocol

/// N operations of one kind after a fixed setup, for `scripts/bench-callgrind`: run under
/// callgrind with `--count 0` and `--count N`, the difference of the instruction counts divided
/// by N is the instructions of one operation. Everything before the measured loop is the same in
/// both runs, so its cost cancels out.
struct CallgrindBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callgrind", abstract: "N operations of one kind after a fixed setup (for scripts/bench-callgrind).")

    enum Measure: String, ExpressibleByArgument, CaseIterable {
        /// Durable charges, one per transaction.
        case single
        /// Durable charges in group commits of `--batch-size`.
        case group
        /// `wallet.get` as the ledger call, in this thread.
        case wallet
        /// `wallet.get` over the Unix socket of a pasjesd server in this process; the script
        /// counts the server's threads only (see scripts/bench-callgrind).
        case walletSocket = "wallet-socket"
        /// Journal entries (charges) applied to a replica in batches of `Ledger.maxReplicaBatch`.
        case apply
        /// One INSERT per committed transaction with the ledger's pragmas: the floor under a
        /// durable write, printed beside the budgets.
        case rawCommit = "raw-commit"
    }

    @Option(help: "What to measure: \(Measure.allCases.map(\.rawValue).joined(separator: ", ")).")
    var measure: Measure
    @Option(help: "Operations after the setup (0: the setup alone).")
    var count: Int = 200
    @Option(help: "Charges per group commit (group only).")
    var batchSize: Int = 100
    @Option(help: "Charges in the source journal (apply only): the same in the run with 0 and with N, so the setup is.")
    var sourceCharges: Int = 600
    @Option(help: "Folder for the benchmark database.")
    var directory: String = NSTemporaryDirectory()

    func validate() throws {
        guard count >= 0, batchSize >= 1 else { throw ValidationError("--count ≥ 0 and --batch-size ≥ 1") }
        if measure == .group, count % batchSize != 0 { throw ValidationError("--count must be a multiple of --batch-size") }
        if measure == .apply, sourceCharges % 100 != 0 || count + 1 > sourceCharges {
            throw ValidationError("--source-charges must be a multiple of 100 and above --count (one charge is the warm-up)")
        }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: directory).appendingPathComponent("pasjes-callgrind-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("ledger.sqlite").path
        switch measure {
        case .single, .group: try charges(path: path)
        case .wallet: try walletInProcess(path: path)
        case .walletSocket: try walletOverSocket(path: path, socketPath: folder.appendingPathComponent("d.sock").path)
        case .apply: try applyJournal(folder: folder)
        case .rawCommit: try rawCommits(path: path)
        }
        print("callgrind \(measure.rawValue): \(count) after the setup")
        // Ended here, nothing closed: closing checkpoints the WAL, work that grows with N and is
        // no part of one operation (the checkpoints SQLite makes while the loop runs are).
        try? FileManager.default.removeItem(at: folder)
        Foundation.exit(0)
    }

    /// The N operations, in a frame of their own: `scripts/bench-callgrind --profile` collects
    /// only inside it (`--toggle-collect=*measuredLoop*`), so the profile leaves the setup out.
    @inline(never)
    func measuredLoop(_ body: () throws -> Void) rethrows {
        try body()
    }

    private func charges(path: String) throws {
        let ledger = try LedgerBench.preparedLedger(path: path)
        // One charge in every run, N or 0: first-use costs (statement cache, lazy setup) cancel out.
        try LedgerBench.chargeSingly(ledger, count: 1, keyPrefix: "warm")
        if measure == .single {
            try measuredLoop { try LedgerBench.chargeSingly(ledger, count: count) }
        } else {
            try measuredLoop { try LedgerBench.chargeInBatches(ledger, batches: count / batchSize, batchSize: batchSize) }
        }
    }

    private func walletInProcess(path: String) throws {
        let ledger = try LedgerBench.preparedLedger(path: path)
        for _ in 0..<20 { _ = try ledger.wallet(clientNumber: "9999") }  // warm, as the daemon's caches are
        try measuredLoop { for _ in 0..<count { _ = try ledger.wallet(clientNumber: "9999") } }
    }

    /// The client is this (main) thread alone, blocked on the socket while the server works on
    /// NIO's and Swift's threads: the script sums the server's threads, not this one.
    private func walletOverSocket(path: String, socketPath: String) throws {
        try LedgerBench.preparedLedger(path: path).close()
        let daemon = try BenchDaemon(databasePath: path, socketPath: socketPath)
        let client = try RPCClient(socketPath: daemon.socketPath)
        for _ in 0..<20 { _ = try client.callRaw("wallet.get", ClientRef(number: "9999")) }
        try measuredLoop { for _ in 0..<count { _ = try client.callRaw("wallet.get", ClientRef(number: "9999")) } }
    }

    /// A source books `sourceCharges` charges in groups of 100 (as counters do); a new replica
    /// applies the source's setup and first charge (warm-up), then `count` charge entries.
    private func applyJournal(folder: URL) throws {
        let source = try LedgerBench.preparedLedger(path: folder.appendingPathComponent("source.sqlite").path)
        let setupEntries = try Int(source.journalHead()?.seq ?? 0)
        try LedgerBench.chargeInBatches(source, batches: sourceCharges / 100, batchSize: 100, keyPrefix: "replica")
        var journal: [JournalEntry] = []
        while case let page = try source.entries(after: journal.last?.seq ?? 0), !page.isEmpty { journal += page }

        let replica = try Ledger.replica(at: folder.appendingPathComponent("replica.sqlite").path, startingWith: journal[0])
        func apply(_ entries: ArraySlice<JournalEntry>) throws {
            for start in stride(from: entries.startIndex, to: entries.endIndex, by: Ledger.maxReplicaBatch) {
                let report = try replica.apply(foreign: Array(entries[start..<min(start + Ledger.maxReplicaBatch, entries.endIndex)]))
                precondition(report.divergences.isEmpty, "a replica must answer as its origin did")
            }
        }
        // journal[i] has seq i + 1: the setup's entries and one charge, then the measured charges.
        try apply(journal[1...setupEntries])
        try measuredLoop { try apply(journal[(setupEntries + 1)..<(setupEntries + 1 + count)]) }
    }

    private func rawCommits(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { try $0.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)") }
        func commit(_ index: Int) throws {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try db.execute(sql: "INSERT INTO t (payload) VALUES (?)", arguments: ["row \(index)"])
                    return .commit
                }
            }
        }
        try commit(0)  // warm-up, in every run
        try measuredLoop { for index in 0..<count { try commit(index + 1) } }
    }
}
