import Foundation
import Logging
import PasjesDaemon
import PasjesProtocol

/// pasjesd's real server inside the test process: a real Unix socket and a real SQLite file in
/// a temporary folder, no card readers. Stopped gracefully by `stop()` or when released.
///
/// For tests of what the daemon answers. Tests of the process itself (SIGKILL, exit codes,
/// systemd, pcscd, other Unix users) use `DaemonProcess`.
///
/// Connections come from this process's uid. Root is admin; when the tests run as another user,
/// that user's primary group is added to the admin groups so they are admin too.
public final class InProcessDaemon: @unchecked Sendable {
    /// The temporary folder with the socket and the database.
    public let folder: URL
    /// The configuration the daemon runs with.
    public let configuration: DaemonConfiguration
    private let assembly: DaemonAssembly
    private let state = RunState()
    private let logLines: LogLines

    /// The daemon's socket.
    public var socketPath: String { configuration.socketPath }
    /// The daemon's ledger.
    public var databasePath: String { configuration.databasePath }

    /// Builds and starts the daemon and waits until its socket accepts connections.
    ///
    /// - Parameters:
    ///   - demo: fill the empty database with the demo home (as `pasjesd --demo`).
    ///   - config: TOML applied on top of the defaults (as `pasjesd --config`).
    ///   - adjust: last changes to the configuration, for what has no flag or key
    ///     (e.g. `faultReplyDelayMilliseconds`).
    ///   - clock: the daemon's clocks; a `MovableClock` lets a test stand on any day.
    public init(folder: URL? = nil, demo: Bool = true, config: String? = nil, clock: DaemonClock = .system,
                adjust: (inout DaemonConfiguration) -> Void = { _ in }) throws {
        self.folder = try folder ?? TestSupport.temporaryFolder("i")
        var configuration = DaemonConfiguration()
        if let config { try configuration.apply(toml: config) }
        configuration.databasePath = self.folder.appendingPathComponent("ledger.sqlite").path
        configuration.socketPath = self.folder.appendingPathComponent("d.sock").path
        configuration.pcscEnabled = false
        if demo { configuration.enableDemo() }
        if getuid() != 0, let group = getgrgid(getgid()) {
            configuration.adminGroups.append(String(cString: group.pointee.gr_name))
        }
        adjust(&configuration)
        self.configuration = configuration
        let logLines = LogLines()
        self.logLines = logLines
        let logger = Logger(label: "pasjesd") { label in
            CapturingLogHandler(label: label, lines: logLines,
                                level: Logger.Level(rawValue: configuration.logLevel) ?? .info)
        }
        let state = self.state
        let assembly = try DaemonAssembly(configuration: configuration, logger: logger, clock: clock,
                                          onListening: { state.set(.listening) })
        self.assembly = assembly
        Task(executorPreference: DaemonExecutor.shared) {
            do {
                try await assembly.run()
                state.set(.stopped)
            } catch {
                logLines.append("run failed: \(error)")
                state.set(.stopped)
            }
        }
        guard state.wait(until: { $0 != .starting }, timeoutSeconds: 30) == .listening else {
            stop()
            throw TestError("in-process pasjesd did not start: \(log)")
        }
    }

    /// A new connection as this test process (admin, see above).
    public func client() throws -> RPCClient {
        try RPCClient(socketPath: socketPath, readTimeoutMilliseconds: 15_000)
    }

    /// Stops gracefully (no new connections, requests in flight finish, the ledger is closed)
    /// and waits until it has.
    public func stop() {
        guard state.current != .stopped else { return }
        let assembly = self.assembly
        Task(executorPreference: DaemonExecutor.shared) { await assembly.triggerGracefulShutdown() }
        // The drain deadline bounds the wait for clients that keep their connections open.
        let bound = Double(configuration.drainDeadlineMilliseconds) / 1_000 + 30
        let started = Date()
        if state.wait(until: { $0 == .stopped }, timeoutSeconds: bound) != .stopped {
            logLines.append("did not stop within \(bound) s")
        }
        // Printed, not asserted: the machine is shared and its speed is not the daemon's.
        print("in-process pasjesd stopped in \(String(format: "%.3f", Date().timeIntervalSince(started))) s")
    }

    /// What the daemon logged so far, one line per message.
    public var log: String { logLines.text }

    deinit {
        stop()
    }
}

/// Where an in-process daemon is in its life.
private final class RunState: @unchecked Sendable {
    enum Phase: Equatable { case starting, listening, stopped }
    private let condition = NSCondition()
    private var phase = Phase.starting

    var current: Phase { condition.withLock { phase } }

    func set(_ new: Phase) {
        condition.withLock {
            phase = new
            condition.broadcast()
        }
    }

    /// Waits until `predicate` holds or the time is up; returns the phase then.
    func wait(until predicate: (Phase) -> Bool, timeoutSeconds: Double) -> Phase {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        return condition.withLock {
            while !predicate(phase), condition.wait(until: deadline) {}
            return phase
        }
    }
}

/// Threads of the in-process daemons' own, as a task executor.
///
/// Test code blocks on socket reads, and swift-testing runs it on the cooperative pool (two
/// threads here): a daemon on that pool would wait for threads its own clients hold.
final class DaemonExecutor: TaskExecutor, @unchecked Sendable {
    /// One executor for every in-process daemon of the test run; its threads live as long.
    static let shared = DaemonExecutor(threads: 4)

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "in-process-pasjesd-\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.withLock {
            jobs.append(job)
            condition.signal()
        }
    }

    private func work() -> Never {
        while true {
            let job = condition.withLock {
                while jobs.isEmpty { condition.wait() }
                return jobs.removeFirst()
            }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// The lines a logger kept (an in-process daemon's, a test's client's).
public final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    public init() {}

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    /// Every line kept, oldest first.
    public var text: String { lock.withLock { lines.joined(separator: "\n") } }

    /// A logger that keeps its messages at `level` and above here, so a failing test can say
    /// why a call failed instead of only that it did.
    public func logger(label: String, level: Logger.Level = .info) -> Logger {
        Logger(label: label) { label in CapturingLogHandler(label: label, lines: self, level: level) }
    }
}

/// Keeps log messages as `level label: message key=value …` lines, for `InProcessDaemon.log`.
struct CapturingLogHandler: LogHandler {
    let label: String
    let lines: LogLines
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, lines: LogLines, level: Logger.Level) {
        self.label = label
        self.lines = lines
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let fields = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }
        lines.append((["\(event.level.rawValue) \(label): \(event.message)"] + fields).joined(separator: " "))
    }
}
