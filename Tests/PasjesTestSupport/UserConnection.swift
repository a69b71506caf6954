import Foundation

/// One long-lived socket connection made as another Unix user (their uid, gid and groups),
/// for tests of what that user may see and do over time: subscriptions, rights that change.
///
/// A small python3 client runs under `setpriv --init-groups`: it sends every line appended to
/// its command file and prints every line it receives, so the test writes requests and reads
/// replies and events as that user.
public final class UserConnection: @unchecked Sendable {
    private let process: SpawnedProcess
    private let commandsPath: String
    private var nextID = 1

    private static let client = #"""
    import os, socket, sys, time, select
    path, commands = sys.argv[1], sys.argv[2]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    print("connected", flush=True)
    sent, pending = 0, b""
    while True:
        with open(commands, "rb") as f:
            data = f.read()
        if len(data) > sent:
            s.sendall(data[sent:])
            sent = len(data)
        ready, _, _ = select.select([s], [], [], 0.02)
        if ready:
            chunk = s.recv(65536)
            if not chunk:
                print("closed", flush=True)
                time.sleep(3600)
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                sys.stdout.write(line.decode("utf-8", "replace") + "\n")
                sys.stdout.flush()
    """#

    /// Connects to `socketPath` as `user`.
    public init(socketPath: String, user: String, folder: URL) throws {
        let tag = UUID().uuidString.prefix(8)
        commandsPath = folder.appendingPathComponent("commands-\(tag)").path
        try Data().write(to: URL(fileURLWithPath: commandsPath))
        // The user must reach the folder and read both files; the folder is the test's own.
        chmod(folder.path, 0o755)
        chmod(commandsPath, 0o644)
        let script = try AsUser.install(Self.client, named: "client-\(tag).py", in: folder)
        process = try AsUser.spawnPython(script, as: user, arguments: [socketPath, commandsPath], in: folder)
        guard process.waitForLine(timeoutSeconds: 10, { $0 == "connected" || $0.contains("Error") }) == "connected" else {
            throw TestError("connection as \(user) failed: \(process.outputLines.joined(separator: "\n"))")
        }
    }

    /// Sends a request (`params` as JSON text) and returns its id.
    @discardableResult
    public func send(_ method: String, _ params: String = "{}") throws -> Int {
        let id = nextID
        nextID += 1
        try sendLine(#"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#)
        return id
    }

    /// Sends one raw line.
    public func sendLine(_ line: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: commandsPath))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Sends a request and waits for its reply line.
    public func call(_ method: String, _ params: String = "{}", timeoutSeconds: Double = 15) throws -> String {
        let id = try send(method, params)
        guard let reply = process.waitForLine(timeoutSeconds: timeoutSeconds, { $0.contains(#""id":\#(id),"#) || $0.contains(#""id":\#(id)}"#) }) else {
            throw TestError("no reply to \(method) as this user: \(lines.joined(separator: "\n"))")
        }
        return reply
    }

    /// Every line received so far (replies and events), plus `closed` once the daemon hung up.
    public var lines: [String] { process.outputLines }

    /// Waits for a received line that satisfies `predicate`.
    @discardableResult
    public func waitForLine(timeoutSeconds: Double = 10, _ predicate: (String) -> Bool) -> String? {
        process.waitForLine(timeoutSeconds: timeoutSeconds, predicate)
    }

    /// True once the daemon closed the connection.
    public var isClosed: Bool { lines.contains("closed") }

    deinit { process.stop(SIGKILL) }
}
