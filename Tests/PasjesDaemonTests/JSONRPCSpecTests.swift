import Foundation
import PasjesProtocol
import PasjesTestSupport
import Testing

/// The examples of section 7 of the JSON-RPC 2.0 specification, against a real pasjesd.
///
/// The specification's methods (`subtract`, `sum`, …) do not exist here, so where it answers a
/// result pasjesd answers "method not found" for the same id; everything about the shape —
/// batches, notifications, `null` ids, invalid requests — is as written there.
@Suite struct JSONRPCSpecTests {
    private func exchange(_ daemon: InProcessDaemon, _ line: String) throws -> JSONValue? {
        let socket = try LineSocket(path: daemon.socketPath)
        socket.setReadTimeout(milliseconds: 3_000)
        try socket.writeLine(Array(line.utf8))
        // A marker request after it: when the first gets no answer, the marker's comes first.
        try socket.writeLine(Array(#"{"jsonrpc":"2.0","id":"marker","method":"system.info"}"#.utf8))
        guard let reply = try socket.readLine() else { throw TestError("connection closed") }
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(reply))
        if case .object(let fields) = value, fields["id"] == .string("marker") { return nil }
        return value
    }

    private func code(_ value: JSONValue?) -> Int64? {
        guard case .object(let fields)? = value, case .object(let error)? = fields["error"],
              case .integer(let code)? = error["code"] else { return nil }
        return code
    }

    private func id(_ value: JSONValue?) -> JSONValue? {
        guard case .object(let fields)? = value else { return nil }
        return fields["id"]
    }

    @Test func singleRequestsAndNotifications() throws {
        let daemon = try InProcessDaemon()
        // rpc call with positional / named parameters of an unknown method: -32601, same id.
        let positional = try exchange(daemon, #"{"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1}"#)
        #expect(code(positional) == -32601 && id(positional) == .integer(1))
        let named = try exchange(daemon, #"{"jsonrpc": "2.0", "method": "subtract", "params": {"subtrahend": 23, "minuend": 42}, "id": 3}"#)
        #expect(code(named) == -32601 && id(named) == .integer(3))
        // a Notification: nothing comes back, not even for an unknown method.
        #expect(try exchange(daemon, #"{"jsonrpc": "2.0", "method": "update", "params": [1,2,3,4,5]}"#) == nil)
        #expect(try exchange(daemon, #"{"jsonrpc": "2.0", "method": "foobar"}"#) == nil)
        // non-existent method
        let missing = try exchange(daemon, #"{"jsonrpc": "2.0", "method": "foobar", "id": "1"}"#)
        #expect(code(missing) == -32601 && id(missing) == .string("1"))
        // invalid JSON
        let invalidJSON = try exchange(daemon, #"{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]"#)
        #expect(code(invalidJSON) == -32700 && id(invalidJSON) == .null)
        // invalid Request object
        let invalid = try exchange(daemon, #"{"jsonrpc": "2.0", "method": 1, "params": "bar"}"#)
        #expect(code(invalid) == -32600 && id(invalid) == .null)
        // "id": null is a call, and is answered (with id null).
        let nullID = try exchange(daemon, #"{"jsonrpc": "2.0", "method": "system.info", "id": null}"#)
        guard case .object(let fields)? = nullID else { throw TestError("no answer to an id:null call") }
        #expect(fields["id"] == .null && fields["result"] != nil)
    }

    @Test func batches() throws {
        let daemon = try InProcessDaemon()
        // rpc call Batch, invalid JSON: one parse error.
        let broken = try exchange(daemon, #"[{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},{"jsonrpc": "2.0", "method""#)
        #expect(code(broken) == -32700)
        // rpc call with an empty Array: one invalid request.
        #expect(code(try exchange(daemon, "[]")) == -32600)
        // rpc call with an invalid Batch (but not empty): one answer.
        guard case .array(let one)? = try exchange(daemon, "[1]") else { throw TestError("[1] is not answered with an array") }
        #expect(one.map(code) == [-32600])
        // rpc call with invalid Batch: three answers.
        guard case .array(let three)? = try exchange(daemon, "[1,2,3]") else { throw TestError("[1,2,3] is not an array answer") }
        #expect(three.map(code) == [-32600, -32600, -32600])
        // rpc call Batch: answers for the calls only, the notifications left out.
        let mixed = """
            [
             {"jsonrpc": "2.0", "method": "system.info", "id": "1"},
             {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
             {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},
             {"foo": "boo"},
             {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
             {"jsonrpc": "2.0", "method": "counter.list", "id": "9"}
            ]
            """.replacingOccurrences(of: "\n", with: "")
        guard case .array(let answers)? = try exchange(daemon, mixed) else { throw TestError("batch not answered") }
        #expect(answers.count == 5)
        let byID = Dictionary(answers.compactMap { answer in id(answer).map { ("\($0)", answer) } }, uniquingKeysWith: { a, _ in a })
        #expect(code(byID["\(JSONValue.string("2"))"]) == -32601)
        #expect(code(byID["\(JSONValue.string("5"))"]) == -32601)
        #expect(code(byID["\(JSONValue.null)"]) == -32600)
        #expect(code(byID["\(JSONValue.string("1"))"]) == nil && code(byID["\(JSONValue.string("9"))"]) == nil)
        // rpc call Batch (all notifications): nothing at all.
        #expect(try exchange(daemon, #"[{"jsonrpc": "2.0", "method": "notify_sum", "params": [1,2,4]},{"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}]"#) == nil)
        // More than 100 in one batch is refused as one invalid request.
        let tooMany = "[" + Array(repeating: #"{"jsonrpc":"2.0","method":"system.info","id":1}"#, count: 101).joined(separator: ",") + "]"
        #expect(code(try exchange(daemon, tooMany)) == -32600)
    }
}
