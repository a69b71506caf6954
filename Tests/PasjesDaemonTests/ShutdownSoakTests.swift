import Foundation
import PasjesProtocol
import PasjesTestSupport
import Synchronization
import Testing

/// pasjesd stopped with SIGTERM again and again while 16 clients connect and charge: every round
/// it exits 0 (no trap while connections are accepted during the shutdown), and every charge it
/// acknowledged is in the ledger. 20 rounds here; `scripts/soak` runs 200 (PASJES_SOAK_ROUNDS).
@Suite struct ShutdownSoakTests {
    static let clients = 16
    static var rounds: Int {
        max(1, min(ProcessInfo.processInfo.environment["PASJES_SOAK_ROUNDS"].flatMap { Int($0) } ?? 20, 10_000))
    }

    @Test func sigtermWhileClientsConnectAndChargeExitsCleanlyEveryRound() async throws {
        let daemon = try DaemonProcess()
        try ActivityMethodTests.resident(try daemon.client(), "9001", amount: 1_000_000_000)
        let socketPath = daemon.socketPath
        var acknowledged: [(key: String, sale: String)] = []
        var roundsWithCharges = 0
        for round in 0..<Self.rounds {
            if round > 0 { try daemon.start() }
            let stop = Atomic(false)
            let charging = Task {
                try await TestSupport.onThreads(Self.clients) { client -> [(key: String, sale: String)] in
                    var mine: [(key: String, sale: String)] = []
                    var index = 0
                    while !stop.load(ordering: .relaxed) {
                        index += 1
                        let key = "r\(round)-c\(client)-\(index)"
                        // A new connection for every charge: connections keep arriving while it stops.
                        do {
                            let c = try RPCClient(socketPath: socketPath, readTimeoutMilliseconds: 10_000)
                            let sale = try c.call("sale.charge", SaleChargeParams(
                                idempotencyKey: key, counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)],
                                clientNumber: "9001", reason: "soak"), as: SaleResult.self)
                            mine.append((key, sale.saleId))
                        } catch {
                            usleep(2_000)  // refused or closed: the daemon is stopping
                        }
                    }
                    return mine
                }
            }
            try await Task.sleep(for: .milliseconds(250))
            let status = daemon.stop(SIGTERM)
            stop.store(true, ordering: .relaxed)
            let answered = try await charging.value.flatMap { $0 }
            #expect(status == 0, "round \(round): pasjesd exits 0 after SIGTERM\n\(daemon.log.suffix(2_000))")
            #expect(!daemon.log.contains("Fatal error") && !daemon.log.contains("NIOAsyncWriter"), "round \(round)")
            if !answered.isEmpty { roundsWithCharges += 1 }
            acknowledged += answered
            if status != 0 { break }
        }
        #expect(roundsWithCharges > 0, "charges were acknowledged while it ran")
        try daemon.start()
        let c = try daemon.client()
        // Every acknowledged charge is booked: its key replays the very sale it was told.
        for (key, sale) in acknowledged {
            let replay = try c.call("sale.charge", SaleChargeParams(
                idempotencyKey: key, counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)],
                clientNumber: "9001", reason: "soak"), as: SaleResult.self)
            #expect(replay.replayed && replay.saleId == sale, "\(key) was acknowledged as \(sale)")
        }
        // 200 rounds leave a ledger of thousands of charges: its verify is a slow request (pasjesd
        // gives it minutes), longer than an ordinary client waits.
        let patient = try RPCClient(socketPath: daemon.socketPath, readTimeoutMilliseconds: 600_000)
        #expect(try patient.call("ledger.verify", NoParams(), as: VerifyResult.self).ok)
        print("shutdown soak: \(Self.rounds) rounds, \(acknowledged.count) acknowledged charges, all booked once")
    }
}
