import ArgumentParser
import Foundation
import PasjesCore

/// Several locations on one PostgreSQL 15, in one run: online charge latency through the log
/// against the embedded ledger, catch-up apply of a long log, 12 nodes × 16 connections, and how
/// long a block takes to reach another node.
///
/// `.build/release/pasjes-bench central`: each section starts its own private server (initdb in
/// a temporary folder, a Unix socket, as `postgres` when run as root). Printed, never asserted.
struct CentralBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "central",
        abstract: "Several locations on a private PostgreSQL 15: charge latency, catch-up, 12 nodes × 16 connections, block propagation.")

    @OptionGroup var options: LedgerRunOptions
    @Option(help: "Entries in the log a new node catches up with.")
    var entries: Int = 100_000
    @Option(help: "Seconds of the run of simulated nodes.")
    var seconds: Double = 10
    @Option(help: "Simulated nodes in the load run.")
    var nodes: Int = 12
    @Option(help: "Connections (threads) per simulated node.")
    var connections: Int = 16
    @Option(help: "Blocks timed from one node to another.")
    var rounds: Int = 20
    @Option(help: "Sales charged offline one after another (the outbox grows to this).")
    var offlineSales: Int = 300
    @Option(help: "Queued sales the drain forwards.")
    var drain: Int = 10_000
    @Option(help: "Sections to run (online, catchup, load, block, offline); all when not given.")
    var only: [String] = []

    func run() throws {
        let folder = try options.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        print("pasjes-bench central: PostgreSQL 15 on a Unix socket, ledgers in \(folder.path)")
        func wanted(_ section: String) -> Bool { only.isEmpty || only.contains(section) }
        if wanted("online") { try onlineLatency(in: folder.appendingPathComponent("online")) }
        if wanted("catchup") { try catchUp(in: folder.appendingPathComponent("catchup")) }
        if wanted("load") { try load(in: folder.appendingPathComponent("load")) }
        if wanted("block") { try blockPropagation(in: folder.appendingPathComponent("block")) }
        if wanted("offline") { try offline(in: folder.appendingPathComponent("offline")) }
    }

    /// Sequential charges booked through PostgreSQL on one node, against the same charges on an
    /// embedded ledger (no log).
    func onlineLatency(in folder: URL) throws {
        let count = options.count
        let organisation = try BenchOrganisation.make(in: folder)
        defer { organisation.stop() }
        let embedded = try LedgerBench.preparedLedger(path: folder.appendingPathComponent("embedded.sqlite").path)
        let local = try measure("charge, embedded ledger", threads: 1, perThread: count) { _, index in
            _ = try embedded.charge(LedgerBench.request, operator: .system, idempotencyKey: "embedded-\(index)")
        }
        let ledger = organisation.headOffice.ledger
        let online = try measure("charge through PostgreSQL, one node", threads: 1, perThread: count) { _, index in
            _ = try ledger.charge(LedgerBench.request, operator: .system, idempotencyKey: "online-\(index)")
        }
        print("\n1. online charge, \(count) one after another")
        print(local.line())
        print(online.line())
        print(String(format: "through PostgreSQL / embedded: p50 %.1f×, p99 %.1f×; online p99 %.2f ms (goal ≤ 15 ms)",
                     online.percentile(0.50) / local.percentile(0.50), online.percentile(0.99) / local.percentile(0.99),
                     online.percentile(0.99)))
    }
}
