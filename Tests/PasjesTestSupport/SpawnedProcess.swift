import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A long-running child (pasjesd, a booking loop) started with posix_spawn, its output in a file.
///
/// Not Foundation's `Process`: inside the test runner its exit notice was seen never to arrive
/// (a zombie child and a test waiting forever). Here we reap the child ourselves with waitpid.
public final class SpawnedProcess: @unchecked Sendable {
    public let pid: pid_t
    public let outputPath: String
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Starts `arguments[0]` with stdout and stderr appended to `outputPath`, stdin from /dev/null.
    public init(_ arguments: [String], environment: [String: String] = [:], outputPath: String) throws {
        self.outputPath = outputPath
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Start with no signals blocked: a blocked SIGTERM would make the child unkillable.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let envp: [UnsafeMutablePointer<CChar>?] = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, arguments[0], &actions, &attributes, argv, envp)
        guard rc == 0 else { throw TestError("cannot start \(arguments[0]): \(String(cString: strerror(rc)))") }
        pid = child
    }

    /// Whether the child still runs (reaps it when it has ended).
    public var isRunning: Bool {
        lock.withLock {
            if exitStatus != nil { return false }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exitStatus = Self.code(status)
                return false
            }
            return true
        }
    }

    /// Sends `signal` (if still running) and waits for the end; returns the exit code
    /// (128 + signal when killed by one).
    @discardableResult
    public func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        if isRunning { kill(pid, signal) }
        return wait()
    }

    /// Waits for the end; returns the exit code.
    @discardableResult
    public func wait() -> Int32 {
        lock.withLock {
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            exitStatus = Self.code(status)
            return exitStatus!
        }
    }

    /// The complete lines the child printed so far.
    public var outputLines: [String] {
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if !text.hasSuffix("\n") { lines.removeLast() }  // a line still being written
        return lines
    }

    /// Waits until a printed line satisfies `predicate`, or `timeoutSeconds` pass.
    @discardableResult
    public func waitForLine(timeoutSeconds: Double = 30, _ predicate: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            if let line = outputLines.first(where: predicate) { return line }
            usleep(20_000)
        }
        return nil
    }

    private static func code(_ status: Int32) -> Int32 {
        (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    deinit {
        if isRunning {
            kill(pid, SIGKILL)
            wait()
        }
    }
}
