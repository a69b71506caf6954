import ArgumentParser
import Foundation
import PasjesCore
import PasjesProtocol

/// The cost of a charge and of a request, measured in one run and printed with their ratios
/// (issue 10, item 8). The stable figure, instructions per charge, is `scripts/bench-callgrind`.
struct CostBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Raw commits, single and group-committed charges, wallet.get in-process and over the socket, with ratios.")

    @OptionGroup var options: LedgerRunOptions
    @Option(help: "wallet.get requests, in-process and over the socket.")
    var requests: Int = 5_000

    func run() throws {
        let folder = try options.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (count, batches, batchSize) = (options.count, options.batches, options.batchSize)
        print("pasjes-bench cost: \(count) commits and single charges, \(batches) group commits of \(batchSize), "
              + "\(requests) wallet reads, in \(folder.path)\n")
        let raw = try LedgerBench.rawCommitsPerSecond(path: folder.appendingPathComponent("raw.sqlite").path, count: count)
        let single = try LedgerBench.singleChargesPerSecond(path: folder.appendingPathComponent("single.sqlite").path,
                                                            count: count)
        let batched = try LedgerBench.batchedChargesPerSecond(path: folder.appendingPathComponent("batch.sqlite").path,
                                                              batches: batches, batchSize: batchSize)
        let (inProcess, socket) = try walletReads(folder: folder)

        func rate(_ label: String, _ value: Rate, _ unit: String) {
            print(label.padding(toLength: 50, withPad: " ", startingAt: 0)
                  + String(format: " %9.0f %@/s   %6.0f µs CPU each", value.perSecond, unit as NSString, value.cpuMicrosecondsEach))
        }
        rate("raw SQLite insert+commit (WAL, synchronous=FULL)", raw, "commits")
        rate("durable charge, one per transaction", single, "charges")
        rate("durable charge, group commit of \(batchSize)", batched, "charges")
        print(inProcess.line())
        print(socket.line())
        print("")
        print(String(format: "single charges / raw commits        = %5.2f   (target ≥ 0.50)", single.perSecond / raw.perSecond))
        print(String(format: "group-committed charges / raw       = %5.2f   (target ≥ 1.00)", batched.perSecond / raw.perSecond))
        print(String(format: "group-committed / single charges    = %5.2f", batched.perSecond / single.perSecond))
        print(String(format: "socket wallet.get / in-process rate = %5.2f   (target ≥ 0.50)", socket.perSecond / inProcess.perSecond))
        print(String(format: "socket wallet.get p50 / in-process p50 = %.1f", socket.percentile(0.5) / inProcess.percentile(0.5)))
    }

    /// `wallet.get` on one wallet: the ledger called directly, then over the Unix socket of a
    /// pasjesd assembled in this process on the same database (one connection, one request at a time).
    private func walletReads(folder: URL) throws -> (Measurement, Measurement) {
        let path = folder.appendingPathComponent("wallet.sqlite").path
        let ledger = try LedgerBench.preparedLedger(path: path)
        for _ in 0..<200 { _ = try ledger.wallet(clientNumber: "9999") }  // warm caches, as the daemon's are
        let inProcess = try measure("wallet.get in-process, 1 thread", threads: 1, perThread: requests) { _, _ in
            _ = try ledger.wallet(clientNumber: "9999")
        }
        try ledger.close()

        let daemon = try BenchDaemon(databasePath: path, socketPath: folder.appendingPathComponent("d.sock").path)
        defer { daemon.stop() }
        let client = try RPCClient(socketPath: daemon.socketPath)
        for _ in 0..<200 { _ = try client.callRaw("wallet.get", ClientRef(number: "9999")) }
        let socket = try measure("wallet.get over the socket, 1 connection", threads: 1, perThread: requests) { _, _ in
            _ = try client.callRaw("wallet.get", ClientRef(number: "9999"))
        }
        return (inProcess, socket)
    }
}
