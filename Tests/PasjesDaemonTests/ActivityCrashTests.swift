import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

@Suite struct ActivityCrashTests {
    /// The activity sales (charges at the dagbesteding desk) of a client.
    static func activitySales(_ c: RPCClient, _ number: String) throws -> [String] {
        let history = try c.call("wallet.history", WalletHistoryParams(clientNumber: number, limit: 500), as: HistoryResult.self)
        return history.lines.filter { $0.kind == "charge" && $0.counter == "dagbesteding" }.compactMap(\.saleId)
    }

    /// pasjesd is SIGKILLed while a check-in is committed but not yet answered (the reply is held
    /// back by fault injection), or just before or after: there is one sale or none, and the
    /// retry with the same key after the restart answers with that one sale.
    @Test func aSIGKILLBetweenCheckInAndReplyLeavesOneSaleOrNone() throws {
        let daemon = try DaemonProcess(environment: ["PASJESD_FAULT_REPLY_DELAY_MS": "600"])
        let setup = try daemon.client()
        let session = try ActivityMethodTests.activityWithSession(setup, price: 500, capacity: 10, minutesAhead: 60)
        let numbers = ["3001", "3002", "3003"]
        for number in numbers {
            try ActivityMethodTests.resident(setup, number)
            _ = try setup.call("activity.book", ActivityBookingParams(idempotencyKey: "b\(number)", session: session,
                                                                      clientNumber: number), as: BookingInfo.self)
        }
        var sawCommittedBeforeReply = false
        for (round, number) in numbers.enumerated() {
            let key = "kill-\(round)"
            let socket = try LineSocket(path: daemon.socketPath)
            let line = #"{"jsonrpc":"2.0","id":1,"method":"activity.checkIn","params":{"idempotencyKey":"\#(key)","session":"\#(session)","clientNumber":"\#(number)"}}"#
            try socket.writeLine(Array(line.utf8))
            // 0 ms: probably before the commit; 300 and 450 ms: committed, reply held back.
            usleep(UInt32([0, 300_000, 450_000][round]))
            daemon.stop(SIGKILL)
            try daemon.start()
            let c = try daemon.client()
            let before = try Self.activitySales(c, number)
            #expect(before.count <= 1, "one sale or none after the kill")
            let retry = try c.call("activity.checkIn", ActivityBookingParams(idempotencyKey: key, session: session,
                                                                              clientNumber: number), as: BookingInfo.self)
            #expect(retry.state == .attended)
            if let first = before.first {
                sawCommittedBeforeReply = true
                #expect(retry.replayed, "the retry answers the first result")
                #expect(retry.saleId == first)
            }
            #expect(try Self.activitySales(c, number) == [retry.saleId].compactMap { $0 }, "exactly one sale")
        }
        #expect(sawCommittedBeforeReply, "at least one kill fell between the commit and the reply")
        let c = try daemon.client()
        #expect(try c.call("ledger.verify", NoParams(), as: VerifyResult.self).ok)
    }
}
