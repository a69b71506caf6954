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
        pid = try Shell.spawn(arguments, environment: environment, stdout: outputPath, stderr: nil)
    }

    /// Whether the child still runs (reaps it when it has ended).
    public var isRunning: Bool {
        lock.withLock {
            if exitStatus != nil { return false }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exitStatus = Shell.exitCode(status)
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
            exitStatus = Shell.exitCode(status)
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

    deinit {
        if isRunning {
            kill(pid, SIGKILL)
            wait()
        }
    }
}
