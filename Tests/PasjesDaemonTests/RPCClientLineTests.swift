import Foundation
import Glibc
import PasjesProtocol
import PasjesTestSupport
import Testing

/// How `RPCClient` reads the lines that come back while it waits for its answer, against a
/// scripted server on a real Unix socket: each request gets the lines of its script.
@Suite struct RPCClientLineTests {
    /// Accepts one connection; for each request line read, writes the next script's lines.
    final class ScriptedServer: @unchecked Sendable {
        let path: String
        private let listener: Int32
        private let thread: Thread

        init(folder: URL, scripts: [[String]]) throws {
            path = folder.appendingPathComponent("s.sock").path
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            listener = fd
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard bound == 0, listen(fd, 1) == 0 else { throw TestError("cannot listen on \(path)") }
            thread = Thread {
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else { return }
                defer { close(connection) }
                var pending: [UInt8] = []
                for script in scripts {
                    // One request line in, then the script's lines out.
                    while !pending.contains(0x0A) {
                        var chunk = [UInt8](repeating: 0, count: 4096)
                        let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                        guard count > 0 else { return }
                        pending += chunk[..<count]
                    }
                    pending.removeSubrange(...pending.firstIndex(of: 0x0A)!)
                    let out = Array(script.map { $0 + "\n" }.joined().utf8)
                    _ = out.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                }
            }
            thread.start()
        }

        deinit { close(listener) }
    }

    @Test func aReplyIsFoundAmongNotificationsOtherRepliesAndOtherValues() throws {
        let folder = try TestSupport.temporaryFolder("rpc-client")
        let server = try ScriptedServer(folder: folder, scripts: [
            [
                "[1,2]",
                #"{"jsonrpc":"2.0","method":"sale.completed","params":{"saleId":"s-1"}}"#,
                #"{"jsonrpc":"2.0","id":99,"result":1}"#,
                // "id": null with a method: a reply to a request without a usable id, not a notification.
                #"{"jsonrpc":"2.0","id":null,"method":"sale.reversed","result":2}"#,
                // No jsonrpc: neither a reply nor a notification this client takes; skipped.
                #"{"method":"sale.reversed","params":{}}"#,
                #"{"jsonrpc":"2.0","id":1,"result":{"amount":1255,"name":"a/b","ok":true,"none":null,"list":[1,"x",2.5]}}"#,
            ],
            [#"{"jsonrpc":"2.0","id":2,"error":{"code":-32001,"message":"Onbekende kassa","data":{"reason":"counter_unknown"}}}"#],
            ["not json"],
        ])
        let client = try RPCClient(socketPath: server.path, readTimeoutMilliseconds: 10_000)
        defer { client.close() }
        let heard = NotificationBox()
        client.onNotification = { heard.add($0.method) }

        let result = try client.callRaw("system.info", NoParams())
        #expect(result == .object(["amount": .integer(1255), "name": .string("a/b"), "ok": .bool(true), "none": .null,
                                   "list": .array([.integer(1), .string("x"), .number(2.5)])]))
        #expect(heard.all == ["sale.completed"])

        #expect {
            try client.callRaw("system.info", NoParams())
        } throws: { error in
            (error as? RPCError)?.reason == "counter_unknown"
        }
        #expect(throws: DecodingError.self) { try client.callRaw("system.info", NoParams()) }
    }
}

final class NotificationBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}
