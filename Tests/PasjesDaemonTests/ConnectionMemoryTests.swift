import Foundation
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Issue 21 item 7: memory per connection. 200 connections that each sent requests just under
/// the line limit grew pasjesd by about 185 MB (several copies of every line while it was
/// processed, and every queued line pinning the read buffer it was cut from).
@Suite(.enabled(if: getuid() == 0, "connects as root to be admin (CI runs as root)"))
struct ConnectionMemoryTests {
    /// What 200 connections near the line limit may add to pasjesd's peak resident memory.
    static let budgetBytes = 64 * 1024 * 1024
    static let connections = 200
    static let rounds = 2

    /// A long but valid param: `client.list` at a location whose name fills the line.
    static func longLocation(id: Int) -> [UInt8] {
        let head = #"{"jsonrpc":"2.0","id":\#(id),"method":"client.list","params":{"location":""#
        let tail = #""}}"#
        let room = ProtocolLimits.maxLineBytes - 64 - head.utf8.count - tail.utf8.count
        return Array((head + String(repeating: "L", count: room) + tail).utf8)
    }

    /// A long invalid param: the location as an array of thousands of one-letter strings, the
    /// most values (and so the biggest decoded tree) one line can carry.
    static func manyValues(id: Int) -> [UInt8] {
        let head = #"{"jsonrpc":"2.0","id":\#(id),"method":"client.list","params":{"location":["#
        let tail = "]}}"
        let room = ProtocolLimits.maxLineBytes - 64 - head.utf8.count - tail.utf8.count
        let values = Array(repeating: #""a""#, count: room / 4).joined(separator: ",")
        return Array((head + values + tail).utf8)
    }

    /// A realistic request beside them: one short page of clients.
    static func realistic(id: Int) -> [UInt8] {
        Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"client.list","params":{"limit":5}}"#.utf8)
    }

    /// A field of /proc/PID/status in bytes (VmRSS, VmHWM).
    static func statusBytes(_ field: String, of pid: pid_t) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("\(field):") }),
              let kib = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kib * 1024
    }

    @Test func twoHundredConnectionsNearTheLineLimitStayWithinTheBudget() throws {
        let daemon = try DaemonProcess()
        let process = try #require(daemon.process)
        let admin = try daemon.client()
        // Warm up what every request uses (statements, caches) so the growth is the lines' own.
        for _ in 0..<20 { _ = try admin.callRaw("client.list", ClientListParams(limit: 5)) }
        for line in [Self.longLocation(id: 1), Self.manyValues(id: 2)] {
            let socket = try LineSocket(path: daemon.socketPath)
            socket.setReadTimeout(milliseconds: 30_000)
            try socket.writeLine(line)
            _ = try socket.readLine()
        }
        // The peak from here on: writing 5 to clear_refs resets VmHWM to the present VmRSS.
        if let clear = FileHandle(forWritingAtPath: "/proc/\(process.pid)/clear_refs") {
            try? clear.write(contentsOf: Data("5".utf8))
            try? clear.close()
        }
        let before = Self.statusBytes("VmRSS", of: process.pid)
        // Without the reset (an old kernel) only the polled VmRSS tells the peak.
        let peakWasReset = Self.statusBytes("VmHWM", of: process.pid) <= before + 1024 * 1024

        let sockets = try (0..<Self.connections).map { _ -> LineSocket in
            let socket = try LineSocket(path: daemon.socketPath)
            socket.setReadTimeout(milliseconds: 120_000)
            return socket
        }
        let outcome = Outcome()
        let threads = sockets.enumerated().map { index, socket in
            let thread = Thread {
                // Each round pipelines four lines, three near the limit, then reads the four answers.
                var answered = 0
                var realistic = 0
                do {
                    for round in 0..<Self.rounds {
                        let id = (index * Self.rounds + round) * 4
                        var batch: [UInt8] = []
                        // The many-values line costs the (debug) daemon the most CPU: once on every
                        // other connection is enough to have eight of them in work at a time.
                        let second = round == 0 && index.isMultiple(of: 2)
                            ? Self.manyValues(id: id + 1) : Self.longLocation(id: id + 1)
                        for line in [Self.longLocation(id: id), second,
                                     Self.longLocation(id: id + 2), Self.realistic(id: id + 3)] {
                            batch += line + [UInt8(ascii: "\n")]
                        }
                        try socket.write(batch)
                        for _ in 0..<4 {
                            guard let reply = try socket.readLine() else { throw TestError("closed") }
                            answered += 1
                            let text = String(decoding: reply, as: UTF8.self)
                            if text.contains(#""id":\#(id + 3),"#) && text.contains(#""result""#) { realistic += 1 }
                        }
                    }
                } catch {
                    outcome.failed("\(error)")
                }
                outcome.finished(answered: answered, realistic: realistic)
            }
            thread.stackSize = 512 * 1024
            return thread
        }
        let started = Date()
        threads.forEach { $0.start() }
        var peakRSS = before
        while !outcome.done(Self.connections) && Date().timeIntervalSince(started) < 480 {
            peakRSS = max(peakRSS, Self.statusBytes("VmRSS", of: process.pid))
            usleep(20_000)
        }
        let seconds = Date().timeIntervalSince(started)
        let peak = peakWasReset ? max(peakRSS, Self.statusBytes("VmHWM", of: process.pid)) : peakRSS
        let megabyte = 1024 * 1024
        print("pasjesd VmRSS before \(before / megabyte) MB, peak (VmHWM) \(peak / megabyte) MB, "
              + "growth \(String(format: "%.1f", Double(peak - before) / Double(megabyte))) MB for "
              + "\(Self.connections) connections, \(Self.rounds * 4) lines each, in \(String(format: "%.1f", seconds)) s")
        let (answered, realistic, failures) = outcome.totals
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        #expect(answered == Self.connections * Self.rounds * 4)
        #expect(realistic == Self.connections * Self.rounds)
        #expect(peak - before <= Self.budgetBytes,
                "pasjesd grew \((peak - before) / megabyte) MB; the bound is \(Self.budgetBytes / megabyte) MB")
        // The daemon still serves, and the connections are let go.
        sockets.forEach { $0.shutdownBoth() }
        #expect(try admin.call("system.info", NoParams(), as: SystemInfo.self).role == "admin")
    }

    /// systemd's bound stays well above what the clients can make pasjesd hold.
    @Test func memoryMaxOfTheUnitIsWellAboveTheBound() throws {
        let unit = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("systemd/pasjesd.service")
        let text = try String(contentsOf: unit, encoding: .utf8)
        let value = try #require(text.split(separator: "\n").first { $0.hasPrefix("MemoryMax=") }?.dropFirst("MemoryMax=".count))
        let megabytes = try #require(value.hasSuffix("M") ? Int(value.dropLast()) : value.hasSuffix("G") ? Int(value.dropLast()).map { $0 * 1024 } : nil)
        #expect(megabytes * 1024 * 1024 >= 4 * Self.budgetBytes, "MemoryMax=\(value)")
    }
}

/// What the client threads found, collected under a lock.
private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var answered = 0
    private var realistic = 0
    private var finishedCount = 0
    private var failures: [String] = []

    func failed(_ reason: String) { lock.withLock { failures.append(reason) } }

    func finished(answered: Int, realistic: Int) {
        lock.withLock {
            self.answered += answered
            self.realistic += realistic
            finishedCount += 1
        }
    }

    func done(_ count: Int) -> Bool { lock.withLock { finishedCount >= count } }

    var totals: (Int, Int, [String]) { lock.withLock { (answered, realistic, failures) } }
}
