import Foundation
import PasjesProtocol
import PasjesTestSupport

/// What the local-attacker tests need besides a daemon: small Python clients run as another
/// Unix user (`setpriv`), raw floods from this process, and a look at the daemon from /proc.
enum Attacker {
    /// Opens N connections and asks `system.info` on each, says for each whether pasjesd refused
    /// it (its error line) or answered, then reports every accepted connection the daemon
    /// closes, until it is killed. Waiting for an answer, not for a time, keeps it right when
    /// the machine is busy. With `quiet` it sends nothing (a connection that never made a
    /// request is the one the idle timeout closes) and waits for each line or close.
    static let holdScript = #"""
        import select, socket, sys, time
        path, count = sys.argv[1], int(sys.argv[2])
        start = time.monotonic()
        socks = []
        for _ in range(count):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            socks.append(s)
        data = [b""] * count
        live = set(range(count))
        closed = {}
        def poll(timeout):
            ready, _, _ = select.select([socks[i] for i in live], [], [], timeout)
            for s in ready:
                i = socks.index(s)
                try:
                    chunk = s.recv(65536)
                except OSError:
                    chunk = b""
                if chunk:
                    data[i] += chunk
                else:
                    live.discard(i)
                    closed[i] = time.monotonic() - start
        quiet = len(sys.argv) > 3 and sys.argv[3] == "quiet"
        for s in socks:
            if quiet:
                break
            try:
                s.sendall(b'{"jsonrpc":"2.0","id":1,"method":"system.info"}\n')
            except OSError:
                pass
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(b"\n" not in data[i] and i in live for i in range(count)):
            poll(0.05)
        refused = [i for i in range(count) if b"too many connections" in data[i]]
        accepted = [i for i in range(count) if i not in refused]
        for i in refused:
            print("refused", data[i].decode(errors="replace").strip(), flush=True)
        print("accepted", len(accepted), "refused", len(refused), flush=True)
        print("ready", flush=True)
        reported = set()
        while True:
            for i in accepted:
                if i in closed and i not in reported:
                    reported.add(i)
                    print("closed", i, round(closed[i], 2), flush=True)
            if accepted and len(reported) == len(accepted):
                print("all-closed", flush=True)
                accepted = []
            poll(0.05)
        """#

    /// One connection driven by its arguments: `send:JSON`, `read` (one line), `wait:PATH`
    /// (until the file exists), `eof:SECONDS` (prints `eof` when pasjesd closes it, else `open`).
    static let talkScript = #"""
        import os, socket, sys, time
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(sys.argv[1])
        buf = b""
        def read_line(timeout):
            global buf
            s.settimeout(max(timeout, 0.01))
            while b"\n" not in buf:
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    return "timeout"
                except OSError:
                    return "eof"
                if not chunk:
                    return "eof"
                buf += chunk
            line, buf = buf.split(b"\n", 1)
            return "line " + line.decode(errors="replace")
        for step in sys.argv[2:]:
            kind, _, arg = step.partition(":")
            if kind == "send":
                s.sendall(arg.encode() + b"\n")
            elif kind == "read":
                print(read_line(15), flush=True)
            elif kind == "wait":
                while not os.path.exists(arg):
                    time.sleep(0.02)
            elif kind == "eof":
                deadline = time.monotonic() + float(arg)
                result = "open"
                while time.monotonic() < deadline:
                    r = read_line(deadline - time.monotonic())
                    if r == "eof":
                        result = "eof"
                        break
                    if r.startswith("line"):
                        print(r, flush=True)
                print(result, flush=True)
        """#

    /// Opens connections one after the other; on each sends the same request `per` times without
    /// reading, then reads until pasjesd closes it. Prints one summary line per outcome.
    static let forbiddenFloodScript = #"""
        import socket, sys
        path, conns, per, line = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
        outcomes = {}
        for _ in range(conns):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            s.sendall((line + "\n").encode() * per)
            s.settimeout(5)
            buf, closed = b"", True
            while True:
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    closed = False
                    break
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                buf += chunk
            s.close()
            lines = [l for l in buf.split(b"\n") if l]
            key = (len(lines), sum(1 for l in lines if b'"forbidden"' in l), closed)
            outcomes[key] = outcomes.get(key, 0) + 1
            if not closed:
                break
        for (replies, forbidden, closed), n in sorted(outcomes.items()):
            print(f"connections={n} replies={replies} forbidden={forbidden} closed={closed}", flush=True)
        print("done", flush=True)
        """#

    /// The lines of `process` (waiting for one that satisfies `until`, at most `timeoutSeconds`).
    static func lines(of process: SpawnedProcess, until: (String) -> Bool, timeoutSeconds: Double = 30) throws -> [String] {
        // Stops waiting when the helper died: its output then says why.
        let found = eventually(within: timeoutSeconds) { process.outputLines.contains(where: until) || !process.isRunning }
        guard found, process.outputLines.contains(where: until) else {
            throw TestError("helper did not get there; it printed: \(process.outputLines)")
        }
        return process.outputLines.filter { !$0.isEmpty }
    }

    /// The daemon's log lines that carry `uid=<uid>` as a field (not a prefix of a longer uid).
    static func logLines(_ log: String, uid: String) -> [Substring] {
        log.split(separator: "\n").filter { $0.split(separator: " ").contains("uid=\(uid)") }
    }

    /// Resident memory of `pid` in bytes, from /proc/PID/status.
    static func residentBytes(of pid: pid_t) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kib * 1024
    }

    /// How many sockets `pid` has open (the listener plus one per connection).
    static func openSockets(of pid: pid_t) -> Int {
        let folder = "/proc/\(pid)/fd"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.filter { entry in
            ((try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\(entry)")) ?? "").hasPrefix("socket:")
        }.count
    }

    /// Polls `condition` every 20 ms for at most `seconds`; true once it held.
    static func eventually(within seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}

/// Connections from this process that send a prepared stream of request lines and never read
/// a reply: each on its own thread, blocked in `send` once pasjesd stops taking more.
final class Flood: @unchecked Sendable {
    private let sockets: [LineSocket]
    private let finished = NSLock()
    private var running: Int

    init(socketPath: String, connections: Int, payload: [UInt8]) throws {
        sockets = try (0..<connections).map { _ in try LineSocket(path: socketPath) }
        running = connections
        for socket in sockets {
            let thread = Thread { [self] in
                try? socket.write(payload)
                finished.withLock { running -= 1 }
            }
            thread.stackSize = 256 * 1024
            thread.start()
        }
    }

    /// The request `line` (with newline) `count` times, numbered ids: one buffer for every thread.
    static func payload(count: Int, _ line: (Int) -> String) -> [UInt8] {
        var bytes: [UInt8] = []
        for index in 0..<count { bytes += Array((line(index) + "\n").utf8) }
        return bytes
    }

    /// Shuts every connection down (a blocked `send` fails) and waits for the threads.
    func stop() {
        for socket in sockets { socket.shutdownBoth() }
        _ = Attacker.eventually(within: 10) { finished.withLock { running == 0 } }
    }

    deinit {
        for socket in sockets { socket.shutdownBoth() }
    }
}
