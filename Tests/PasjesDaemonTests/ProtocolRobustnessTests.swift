import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Bad input never takes the daemon down, and nothing half-done is booked.
@Suite struct ProtocolRobustnessTests {
    private func exchange(_ daemon: InProcessDaemon, _ lines: [[UInt8]]) throws -> [JSONValue] {
        let socket = try LineSocket(path: daemon.socketPath)
        socket.setReadTimeout(milliseconds: 10_000)
        for line in lines { try socket.writeLine(line) }
        return try lines.map { _ in
            guard let reply = try socket.readLine() else { throw TestError("connection closed") }
            return try JSONDecoder().decode(JSONValue.self, from: Data(reply))
        }
    }

    private func errorCode(_ value: JSONValue) -> Int64? {
        guard case .object(let fields) = value, case .object(let error)? = fields["error"],
              case .integer(let code)? = error["code"] else { return nil }
        return code
    }

    private func reason(_ value: JSONValue) -> String? {
        guard case .object(let fields) = value, case .object(let error)? = fields["error"],
              case .object(let data)? = error["data"], case .string(let reason)? = data["reason"] else { return nil }
        return reason
    }

    @Test func pipelinedRequestsAreAnsweredWithTheirIDs() throws {
        let daemon = try InProcessDaemon()
        let lines = (1...25).map { id in
            Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"wallet.get","params":{"number":"1001"}}"#.utf8)
        }
        let replies = try exchange(daemon, lines)
        let ids = replies.compactMap { reply -> Int64? in
            guard case .object(let fields) = reply, case .integer(let id)? = fields["id"] else { return nil }
            return id
        }
        #expect(ids == Array(1...25))
    }

    @Test func badLinesGetJSONRPCErrorsAndTheDaemonKeepsServing() throws {
        let daemon = try InProcessDaemon()
        let lines: [[UInt8]] = [
            Array("this is not json".utf8),
            [0x7B, 0xFF, 0xFE, 0x7D],  // invalid UTF-8
            Array(#"[1,2,3]"#.utf8),
            Array(#"{"jsonrpc":"2.0","id":1,"method":"no.such.method"}"#.utf8),
            Array(#"{"jsonrpc":"2.0","id":2,"method":"wallet.get","params":{"number":1001}}"#.utf8),
            Array(#"{"jsonrpc":"2.0","id":3,"method":"sale.charge","params":{"idempotencyKey":"n","counter":"restaurant","clientNumber":"1001","reason":"x","items":[{"product":"KOF","quantity":-5}]}}"#.utf8),
            Array(#"{"jsonrpc":"2.0","id":4,"method":"sale.charge","params":{"idempotencyKey":"h","counter":"restaurant","clientNumber":"1001","reason":"x","items":[{"product":"KOF","quantity":99999999999999999999}]}}"#.utf8),
            Array(#"{"jsonrpc":"2.0","id":5,"method":"product.create","params":{"code":"NEG","name":"Negatief","price":-100,"category":"facilitair","attributable":true,"influenceable":true}}"#.utf8),
            Array(#"{"jsonrpc":"1.0","id":6,"method":"system.info"}"#.utf8),
            Array(#"{"jsonrpc":"2.0","id":7,"method":"sale.charge","params":{"idempotencyKey":"m","counter":"restaurant","clientNumber":"1001","reason":"x","items":[{"product":"MAALT","quantity":1000}]}}"#.utf8),
        ]
        let replies = try exchange(daemon, lines)
        #expect(errorCode(replies[0]) == -32700)
        #expect(errorCode(replies[1]) == -32700)
        // A batch of three non-requests: three "invalid request" answers (JSON-RPC 2.0 §6).
        guard case .array(let batch) = replies[2] else { throw TestError("not a batch answer: \(replies[2])") }
        #expect(batch.map(errorCode) == [-32600, -32600, -32600])
        #expect(errorCode(replies[3]) == -32601)
        #expect(errorCode(replies[4]) == -32602)
        #expect(reason(replies[5]) == "invalid_quantity")
        #expect(errorCode(replies[6]) == -32602)
        #expect(reason(replies[7]) == "invalid_amount")
        #expect(errorCode(replies[8]) == -32600)
        #expect(reason(replies[9]) == "insufficient_funds")
        let verify = try daemon.client().call("ledger.verify", NoParams(), as: VerifyResult.self)
        #expect(verify.ok)
        #expect(verify.transfers == 6, "only the demo's bookings: nothing half-done")
    }

    @Test func overLongLineClosesOnlyThatConnection() throws {
        let daemon = try InProcessDaemon()
        let bystander = try daemon.client()
        let socket = try LineSocket(path: daemon.socketPath)
        socket.setReadTimeout(milliseconds: 10_000)
        // 100 KiB without a newline, then one: over the 64 KiB limit.
        try socket.writeLine([UInt8](repeating: UInt8(ascii: "a"), count: 100 * 1024))
        let reply = try socket.readLine()
        if let reply { #expect(String(decoding: reply, as: UTF8.self).contains("-32600")) }
        #expect(try socket.readLine() == nil, "the connection is closed after an over-long line")
        #expect(try bystander.call("system.info", NoParams(), as: SystemInfo.self).role == "admin")
    }

    @Test func clientThatDisconnectsMidRequestChangesNothingHalfDone() throws {
        let daemon = try InProcessDaemon()
        let charge = #"{"jsonrpc":"2.0","id":1,"method":"sale.charge","params":{"idempotencyKey":"gone","counter":"restaurant","clientNumber":"1001","reason":"x","items":[{"product":"KOF","quantity":1}]}}"#
        for _ in 0..<10 {
            // Half a request, then gone: nothing to book.
            let socket = try LineSocket(path: daemon.socketPath)
            try socket.write(Array(charge.utf8.prefix(80)))
            socket.shutdownBoth()
        }
        for _ in 0..<10 {
            // A whole request, gone before the answer: booked once (the same key every time).
            let socket = try LineSocket(path: daemon.socketPath)
            try socket.writeLine(Array(charge.utf8))
            socket.shutdownBoth()
        }
        let c = try daemon.client()
        let sale = try c.call("sale.charge", SaleChargeParams(idempotencyKey: "gone", counter: "restaurant",
                                                              items: [SaleItem(product: "KOF", quantity: 1)],
                                                              clientNumber: "1001", reason: "x"), as: SaleResult.self)
        #expect(sale.replayed)
        let verify = try c.call("ledger.verify", NoParams(), as: VerifyResult.self)
        #expect(verify.ok)
        #expect(verify.transfers == 7, "the demo's 6 and one coffee")
    }

    @Test func socatIsEnoughToTalkToIt() throws {
        let daemon = try InProcessDaemon()
        let script = "echo '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"wallet.get\",\"params\":{\"number\":\"1002\"}}' | socat - UNIX-CONNECT:\(daemon.socketPath)"
        let result = try Shell.run(["/bin/sh", "-c", script])
        #expect(result.status == 0)
        #expect(result.output.contains("Mehmet"))
        #expect(result.output.contains("\"light\":\"orange\""))
    }
}
