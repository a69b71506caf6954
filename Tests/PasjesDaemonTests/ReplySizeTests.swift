import Foundation
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Issue 19, finding 3: `month.statement` at 500 purchases, `wallet.history`, and with long
/// names in 4-byte characters `activity.roster` (228 KB), `activity.sessions`, `month.report` and
/// `client.list` answered with lines longer than the clients' limit; `pasjes` said "niet
/// bereikbaar" and `statement --all` stopped halfway. Every reply now fits by construction.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct ReplySizeTests {
    /// Every paged method: its params, the field that asks for a page and the one that names the
    /// next, and the lists a page holds.
    static var paged: [(method: String, params: [String: Any], offset: String, next: String, lists: [String], total: Int)] { [
        ("client.list", [:], "offset", "next", ["clients"], WorstCaseLedger.clients),
        ("wallet.history", ["clientNumber": WorstCaseLedger.buyer], "offset", "next", ["lines"], WorstCaseLedger.purchases + 1),
        ("month.statement", ["clientNumber": WorstCaseLedger.buyer, "month": WorstCaseLedger.month], "offset", "next",
         ["purchases", "credits", "contacts"], WorstCaseLedger.purchases + WorstCaseLedger.contacts),
        ("month.report", ["month": WorstCaseLedger.month], "clientOffset", "nextClientOffset",
         ["clients", "counters", "products", "operators"], WorstCaseLedger.clients + 1 + 1 + 1),
        ("activity.roster", ["session": WorstCaseLedger.bigSession], "offset", "next", ["entries"], WorstCaseLedger.clients),
        ("activity.sessions", ["from": WorstCaseLedger.day, "to": WorstCaseLedger.day], "offset", "next", ["sessions"],
         WorstCaseLedger.sessions),
        ("activity.list", [:], "after", "next", ["activities"], WorstCaseLedger.activities),
    ] }

    @Test func everyPageOfTheWorstCaseFitsTheLineLimitAndTheCLIAssemblesThem() throws {
        let folder = try TestSupport.temporaryFolder("worst")
        try WorstCaseLedger.make(in: folder)
        let daemon = try InProcessDaemon(folder: folder, demo: false)
        defer { daemon.stop() }
        let raw = try RawLines(path: daemon.socketPath)
        var largest: [String: Int] = [:]
        for method in Self.paged {
            var params = method.params
            var items = 0
            var pages = 0
            while pages < 100 {
                let (bytes, reply) = try raw.ask(method.method, params)
                largest[method.method] = max(largest[method.method] ?? 0, bytes)
                #expect(bytes <= ProtocolLimits.maxLineBytes, "\(method.method) page \(pages): \(bytes) bytes")
                guard let result = reply["result"] as? [String: Any] else {
                    Issue.record("\(method.method): \(reply)")
                    break
                }
                items += method.lists.map { (result[$0] as? [Any])?.count ?? 0 }.reduce(0, +)
                pages += 1
                guard let next = result[method.next], !(next is NSNull) else { break }
                params[method.offset] = next
            }
            #expect(items == method.total, "\(method.method): \(items) of \(method.total) in \(pages) pages")
        }
        print("largest reply line per method:", largest.sorted { $0.key < $1.key })

        // A batch of pages is one line too: what does not fit is answered `reply_too_large`.
        let (batchBytes, batch) = try raw.send([["jsonrpc": "2.0", "id": 1, "method": "client.list"],
                                                ["jsonrpc": "2.0", "id": 2, "method": "client.list"],
                                                ["jsonrpc": "2.0", "id": 3, "method": "system.info"]])
        let answers = batch as? [[String: Any]] ?? []
        #expect(batchBytes <= ProtocolLimits.maxLineBytes && answers.count == 3, "\(batchBytes) bytes")
        #expect(answers.first?["result"] != nil && answers.last?["result"] != nil)
        #expect(((answers.dropFirst().first?["error"] as? [String: Any])?["data"] as? [String: Any])?["reason"] as? String
                == "reply_too_large")
        // An id is echoed in its answer, so a long one is refused.
        let (_, long) = try raw.send(["jsonrpc": "2.0", "id": String(repeating: "x", count: 200), "method": "system.info"])
        #expect(((long as? [String: Any])?["error"] as? [String: Any])?["code"] as? Int == -32600)

        func pasjes(_ arguments: String...) throws -> CLIRun { try TestSupport.pasjes(arguments, socket: daemon.socketPath) }
        func count(_ run: CLIRun, _ list: String) -> Int { (run.json[list] as? [Any])?.count ?? -1 }
        #expect(count(try pasjes("client", "list", "--json"), "clients") == WorstCaseLedger.clients)
        #expect(count(try pasjes("wallet", "history", WorstCaseLedger.buyer, "--json"), "lines") == WorstCaseLedger.purchases + 1)
        #expect(count(try pasjes("month", "report", WorstCaseLedger.month, "--json"), "clients") == WorstCaseLedger.clients)
        #expect(count(try pasjes("activity", "roster", WorstCaseLedger.bigSession, "--json"), "entries") == WorstCaseLedger.clients)
        #expect(count(try pasjes("activity", "sessions", "--from", WorstCaseLedger.day, "--json"), "sessions")
                == WorstCaseLedger.sessions)
        let out = try TestSupport.temporaryFolder("statement")
        let statement = try pasjes("statement", WorstCaseLedger.buyer, "--month", WorstCaseLedger.month, "--html-only",
                                   "--out", out.path)
        #expect(statement.status == 0, "\(statement.all)")
        let html = try String(contentsOf: out.appendingPathComponent("maandoverzicht-\(WorstCaseLedger.month)-\(WorstCaseLedger.buyer).html"),
                              encoding: .utf8)
        // One A4: the first purchases by line, the rest summed.
        let rows = html.components(separatedBy: WorstCaseLedger.productName).count - 1
        let rest = html.firstMatch(of: /en nog (\d+) aankopen/).flatMap { Int($0.1) } ?? 0
        #expect(rows > 0 && rows + rest == WorstCaseLedger.purchases, "every purchase is on the statement: \(rows) + \(rest)")
    }

    /// One resident's statement fails (its file cannot be written): the others are still made,
    /// and the failure is reported at the end.
    @Test func statementAllGoesOnAfterAFailureAndReportsIt() throws {
        // The demo's money in November 2026: `--all` makes a statement for who had bookings then.
        let clock = MovableClock(try Date("2026-11-15T11:00:00Z", strategy: .iso8601))
        let daemon = try InProcessDaemon(clock: clock.daemonClock)
        defer { daemon.stop() }
        let out = try TestSupport.temporaryFolder("all")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("maandoverzicht-2026-11-1001.html"),
                                                withIntermediateDirectories: false)
        let run = try TestSupport.pasjes(["statement", "--all", "--month", "2026-11", "--html-only", "--out", out.path],
                                         socket: daemon.socketPath)
        #expect(run.status == 1 && run.stderr.contains("1001"), "\(run.all)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("maandoverzicht-2026-11-1002.html").path),
                "the residents after 1001 still get theirs: \(run.all)")
    }

    /// A line over the limit (from a daemon of another version, say) is named as such, in Dutch,
    /// not as "pasjesd is niet bereikbaar".
    @Test func anOversizedReplyIsNamedInDutch() throws {
        let folder = try TestSupport.temporaryFolder("big")
        let socket = folder.appendingPathComponent("s.sock").path
        let server = try SpawnedProcess(["/usr/bin/python3", "-c", """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(sys.argv[1]); s.listen(4)
            while True:
                c, _ = s.accept()
                c.recv(65536)
                c.sendall(b'{"jsonrpc":"2.0","id":1,"result":{"clients":[],"pad":"' + b'x' * 200000 + b'"}}\\n')
                c.close()
            """, socket], outputPath: folder.appendingPathComponent("server.log").path)
        defer { _ = server.stop() }
        #expect(Attacker.eventually(within: 10) { FileManager.default.fileExists(atPath: socket) })
        let run = try TestSupport.pasjes(["client", "list"], socket: socket)
        #expect(run.status != 3 && !run.stderr.contains("niet bereikbaar"), "\(run.all)")
        #expect(run.stderr.contains("te lang") && run.stderr.contains("\(ProtocolLimits.maxLineBytes)"), "\(run.all)")
    }
}

/// Requests and replies as bytes on the socket: what this test measures is the length of a line.
final class RawLines {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var id = 0

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8))
            raw[path.utf8.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw TestError("cannot connect to \(path)") }
    }

    deinit { close(fd) }

    /// The reply line's length in bytes (without its newline) and the reply.
    func ask(_ method: String, _ params: [String: Any]) throws -> (Int, [String: Any]) {
        id += 1
        let (bytes, reply) = try send(["jsonrpc": "2.0", "id": id, "method": method, "params": params])
        return (bytes, reply as? [String: Any] ?? [:])
    }

    /// One line with `request` (an object or a batch) out, one line back.
    func send(_ request: Any) throws -> (Int, Any) {
        var line = try JSONSerialization.data(withJSONObject: request)
        line.append(0x0A)
        _ = line.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let reply = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return (reply.count, try JSONSerialization.jsonObject(with: Data(reply)))
            }
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw TestError("pasjesd closed the connection") }
            buffer += chunk[..<count]
        }
    }
}
