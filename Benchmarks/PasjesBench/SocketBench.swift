import ArgumentParser
import Foundation
import PasjesCore
import PasjesMoney
import PasjesProtocol

/// `wallet.get` and durable `sale.charge` over the socket, 1 and 16 connections, beside the
/// in-process figures measured in the same run.
struct SocketBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket", abstract: "pasjesd over its Unix socket vs the ledger in-process.")

    @Option(help: "Requests per connection.")
    var perConnection: Int = 500

    func run() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("pasjes-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        // In-process first, on its own database file in the same folder (same disk).
        let ledger = try LedgerBench.preparedLedger(path: folder.appendingPathComponent("inproc.sqlite").path)
        let inWallet = try measure("in-process wallet read, 1 thread", threads: 1, perThread: perConnection * 4) { _, _ in
            _ = try ledger.wallet(clientNumber: "9999")
        }
        let inCharge = try measure("in-process durable charge, 1 thread", threads: 1, perThread: perConnection * 2) { _, index in
            _ = try ledger.charge(LedgerBench.request, operator: .system, idempotencyKey: "in-\(index)")
        }
        try ledger.close()

        let socketPath = folder.appendingPathComponent("d.sock").path
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: sibling("pasjesd"))
        daemon.arguments = ["--database", folder.appendingPathComponent("daemon.sqlite").path, "--socket", socketPath,
                            "--demo", "--no-readers"]
        daemon.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try daemon.run()
        defer { daemon.terminate(); daemon.waitUntilExit() }
        let deadline = Date().addingTimeInterval(30)
        while (try? RPCClient(socketPath: socketPath).callRaw("system.info", NoParams())) == nil {
            guard Date() < deadline else { throw ValidationError("pasjesd did not start") }
            usleep(50_000)
        }
        let admin = try RPCClient(socketPath: socketPath)
        _ = try admin.callRaw("client.create", ClientCreateParams(idempotencyKey: "c", number: "9999", name: "Bench",
                                                                  zzp: "VV5", location: "", department: ""))
        _ = try admin.callRaw("budget.allocate", BudgetAllocateParams(idempotencyKey: "a", clientNumber: "9999",
                                                                      month: Month(containing: Date()).description,
                                                                      amount: Amount(1_000_000_000)))
        var results = [inWallet, inCharge]
        for connections in [1, 16] {
            let clients = try (0..<connections).map { _ in try RPCClient(socketPath: socketPath) }
            results.append(try measure("socket wallet.get, \(connections) conn", threads: connections, perThread: perConnection) { t, _ in
                _ = try clients[t].callRaw("wallet.get", ClientRef(number: "9999"))
            })
            results.append(try measure("socket sale.charge (durable), \(connections) conn", threads: connections,
                                       perThread: perConnection) { t, index in
                _ = try clients[t].callRaw("sale.charge", SaleChargeParams(
                    idempotencyKey: "s\(connections)-\(t)-\(index)", counter: "restaurant",
                    items: [SaleItem(product: "KOF", quantity: 1)], clientNumber: "9999", reason: "benchmark"))
            })
        }
        print("pasjes-bench socket: \(perConnection) requests per connection\n")
        for result in results { print(result.line()) }
        let socket16 = results.last!.perSecond
        print(String(format: "\nin-process charge rate / socket charge rate at 16 conn = %.2f  (target ≤ 2.00)",
                     inCharge.perSecond / socket16))
        print(String(format: "socket charge p50 at 16 conn / in-process charge p50 = %.2f",
                     results.last!.percentile(0.5) / inCharge.percentile(0.5)))
        let verify = try admin.call("ledger.verify", NoParams(), as: VerifyResult.self)
        print("daemon ledger after the run: \(verify.transfers) transfers, \(verify.ok ? "verify clean" : "VERIFY FAILED")")
    }
}
