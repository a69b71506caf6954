import Foundation
import PasjesProtocol

/// A real `pasjesd` in a temporary folder, on its own socket.
public final class DaemonProcess: @unchecked Sendable {
    public let folder: URL
    public var socketPath: String { folder.appendingPathComponent("d.sock").path }
    public var databasePath: String { folder.appendingPathComponent("ledger.sqlite").path }
    public var logPath: String { folder.appendingPathComponent("pasjesd.log").path }
    public private(set) var process: SpawnedProcess?
    let extraArguments: [String]
    let environment: [String: String]
    /// A command pasjesd runs under (e.g. `ip netns exec NS`), exec'ing it in the same process; empty by default.
    let prefix: [String]

    /// Starts pasjesd; `demo` fills the database with the demo home, `readers` gives it a pcscd;
    /// `prefix` runs it under a command that execs it (e.g. `["ip", "netns", "exec", name]`).
    public init(folder: URL? = nil, demo: Bool = true, readers: PrivateReaders? = nil, config: String? = nil,
                arguments: [String] = [], environment: [String: String] = [:], prefix: [String] = []) throws {
        self.folder = try folder ?? TestSupport.temporaryFolder("d")
        self.prefix = prefix
        var extra = arguments
        if demo { extra.append("--demo") }
        if readers == nil { extra.append("--no-readers") }
        if let config {
            let path = self.folder.appendingPathComponent("pasjesd.toml").path
            try config.write(toFile: path, atomically: true, encoding: .utf8)
            extra += ["--config", path]
        }
        extraArguments = extra
        self.environment = environment.merging(readers.map { ["PCSCLITE_CSOCK_NAME": $0.socketPath] } ?? [:]) { $1 }
        try start()
    }

    /// Starts (again) on the same database and socket, and waits until it answers.
    public func start() throws {
        process = try SpawnedProcess(
            prefix + [TestSupport.binary("pasjesd"), "--database", databasePath, "--socket", socketPath] + extraArguments,
            environment: environment, outputPath: logPath)
        try waitUntilAnswering()
    }

    /// Polls the socket until `system.info` answers (at most 30 s: a cold debug build is slow).
    public func waitUntilAnswering(timeoutSeconds: Double = 30) throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            if let client = try? RPCClient(socketPath: socketPath, readTimeoutMilliseconds: 2_000),
               (try? client.callRaw("system.info", NoParams())) != nil {
                return
            }
            guard process?.isRunning ?? false else { throw TestError("pasjesd exited: \(log)") }
            usleep(50_000)
        }
        throw TestError("pasjesd did not answer within \(timeoutSeconds) s: \(log)")
    }

    /// Waits until `count` readers are present (a tap is seen only then).
    public func waitForReaders(count: Int, timeoutSeconds: Double = 15) throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            let info = try client().call("system.info", NoParams(), as: SystemInfo.self)
            if (info.readers ?? []).filter({ $0.state == .present }).count >= count { return }
            usleep(100_000)
        }
        throw TestError("readers never came up: \(log)")
    }

    /// A new connection as this test process (root: admin).
    public func client() throws -> RPCClient {
        try RPCClient(socketPath: socketPath, readTimeoutMilliseconds: 15_000)
    }

    /// Sends `signal` and waits for the exit; returns the exit status.
    @discardableResult
    public func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        guard let process else { return -1 }
        self.process = nil
        return process.stop(signal)
    }

    /// What the daemon logged so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    deinit {
        process?.stop(SIGKILL)
    }
}
