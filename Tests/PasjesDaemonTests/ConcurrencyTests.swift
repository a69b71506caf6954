import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

@Suite struct ConcurrencyTests {
    /// 50 connections charge the same wallet at once: no lost and no double booking.
    @Test func fiftyConnectionsChargingOneWallet() async throws {
        let daemon = try InProcessDaemon()
        let admin = try daemon.client()
        _ = try admin.callRaw("client.create", ClientCreateParams(idempotencyKey: "c", number: "5000", name: "Veel Koffie",
                                                                  zzp: "VV5", location: "", department: ""))
        _ = try admin.callRaw("budget.allocate", BudgetAllocateParams(idempotencyKey: "a", clientNumber: "5000",
                                                                      month: currentMonth(), amount: Amount(1_000_000)))
        let connections = 50, chargesEach = 10
        let socketPath = daemon.socketPath
        let perConnection = try await TestSupport.onThreads(connections) { connection -> (Int64, Int) in
            let client = try RPCClient(socketPath: socketPath, readTimeoutMilliseconds: 60_000)
            var charged: Int64 = 0
            var count = 0
            for index in 0..<chargesEach {
                let key = "c\(connection)-\(index)"
                let params = SaleChargeParams(idempotencyKey: key, counter: "restaurant",
                                              items: [SaleItem(product: "KOF", quantity: 1)],
                                              clientNumber: "5000", reason: "load")
                let result = try client.call("sale.charge", params, as: SaleResult.self)
                // Every third one is retried: it must replay, not book again.
                if index % 3 == 0 {
                    #expect(try client.call("sale.charge", params, as: SaleResult.self).saleId == result.saleId)
                }
                charged += result.total.minorUnits
                count += 1
            }
            return (charged, count)
        }
        let totals = perConnection.reduce((Int64(0), 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        #expect(totals.1 == connections * chargesEach)
        let wallet = try admin.call("wallet.get", ClientRef(number: "5000"), as: WalletInfo.self)
        #expect(wallet.balance == Amount(1_000_000 - totals.0))
        #expect(wallet.spentThisMonth == Amount(Int64(connections * chargesEach) * 120))
        let verify = try admin.call("ledger.verify", NoParams(), as: VerifyResult.self)
        #expect(verify.ok)
        #expect(verify.transfers == 6 + 1 + connections * chargesEach)
    }

    /// A charge whose answer was lost because the daemon was killed (SIGKILL) is retried with
    /// the same key after a restart: it is booked exactly once.
    @Test func retryAfterSIGKILLBooksOnce() throws {
        let daemon = try DaemonProcess()
        for round in 0..<5 {
            let socket = try LineSocket(path: daemon.socketPath)
            let key = "kill-\(round)"
            let line = #"{"jsonrpc":"2.0","id":1,"method":"sale.charge","params":{"idempotencyKey":"\#(key)","counter":"restaurant","clientNumber":"1001","reason":"x","items":[{"product":"THE","quantity":1}]}}"#
            try socket.writeLine(Array(line.utf8))
            // Kill at once: the charge may or may not have committed; the client never heard.
            usleep(UInt32(round) * 3_000)
            daemon.stop(SIGKILL)
            try daemon.start()
            let retry = try daemon.client().call("sale.charge", SaleChargeParams(
                idempotencyKey: key, counter: "restaurant", items: [SaleItem(product: "THE", quantity: 1)],
                clientNumber: "1001", reason: "x"), as: SaleResult.self)
            #expect(retry.total == Amount(100))
        }
        let c = try daemon.client()
        let verify = try c.call("ledger.verify", NoParams(), as: VerifyResult.self)
        #expect(verify.ok)
        #expect(verify.transfers == 6 + 5, "five teas, each exactly once")
        let wallet = try c.call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self)
        #expect(wallet.spentThisMonth == Amount(500))
    }

    /// SIGTERM with requests in flight: they finish (or were never started), the daemon exits 0,
    /// and every answered charge is in the ledger.
    @Test func sigtermFinishesRequestsInFlight() async throws {
        let daemon = try DaemonProcess()
        let socketPath = daemon.socketPath
        let answered = try await withThrowingTaskGroup(of: [String].self) { group in
            for connection in 0..<8 {
                group.addTask {
                    let client = try RPCClient(socketPath: socketPath, readTimeoutMilliseconds: 30_000)
                    var sales: [String] = []
                    for index in 0..<200 {
                        do {
                            let result = try client.call("sale.charge", SaleChargeParams(
                                idempotencyKey: "t\(connection)-\(index)", counter: "restaurant",
                                items: [SaleItem(product: "KOF", quantity: 1)], clientNumber: "1004", reason: "x"),
                                as: SaleResult.self)
                            sales.append(result.saleId)
                        } catch {
                            break  // the daemon closed this connection: it is shutting down
                        }
                    }
                    return sales
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(daemon.stop(SIGTERM) == 0, "pasjesd exits 0 after SIGTERM")
            var all: [String] = []
            for try await sales in group { all += sales }
            return all
        }
        #expect(!answered.isEmpty)
        #expect(daemon.log.contains("stopped cleanly"))
        try daemon.start()
        let c = try daemon.client()
        #expect(try c.call("ledger.verify", NoParams(), as: VerifyResult.self).ok)
        let history = try c.call("wallet.history", WalletHistoryParams(clientNumber: "1004", limit: 5_000), as: HistoryResult.self)
        let booked = Set(history.lines.compactMap(\.saleId))
        #expect(Set(answered).isSubset(of: booked), "every answered charge is in the ledger")
    }

    /// A request that takes longer than request_timeout_ms is answered "unavailable"; the
    /// retry with the same key hears the one booking.
    @Test func slowRequestTimesOutAndTheRetryReplays() throws {
        let daemon = try InProcessDaemon(config: """
            [limits]
            request_timeout_ms = 300
            """, adjust: { $0.faultReplyDelayMilliseconds = 1500 })
        let params = SaleChargeParams(idempotencyKey: "slow", counter: "restaurant",
                                      items: [SaleItem(product: "KOF", quantity: 1)], clientNumber: "1001", reason: "x")
        let c = try daemon.client()
        let error = #expect(throws: RPCError.self) { _ = try c.call("sale.charge", params, as: SaleResult.self) }
        #expect(error?.code == RPCError.Code.unavailable)
        usleep(1_600_000)
        let retry = try c.call("sale.charge", params, as: SaleResult.self)
        #expect(retry.replayed)
        #expect(try c.call("ledger.verify", NoParams(), as: VerifyResult.self).transfers == 7)
    }
}
