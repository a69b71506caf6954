import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a command to completion with posix_spawn, output to a file, and returns its exit code.
///
/// Not Foundation's `Process`: a script that leaves a daemon behind (pcscd) keeps any output
/// pipe open, and Process was seen to hang waiting for it inside the test runner.
public enum Shell {
    /// Runs `arguments[0]` (absolute path or found in PATH) and returns (status, output), where
    /// output is stdout and stderr together.
    @discardableResult
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let result = try runSeparately(arguments, environment: environment, mergeStderr: true)
        return (result.status, result.stdout)
    }

    /// Runs a command and returns its exit code, stdout and stderr apart.
    public static func runSeparately(_ arguments: [String], environment: [String: String] = [:],
                                     mergeStderr: Bool = false) throws -> (status: Int32, stdout: String, stderr: String) {
        let base = "/tmp/pasjes-shell-\(UUID().uuidString.prefix(8))"
        let outPath = base + ".out", errPath = base + ".err"
        defer { unlink(outPath); unlink(errPath) }
        let pid = try spawn(arguments, environment: environment, stdout: outPath, stderr: mergeStderr ? nil : errPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (exitCode(status), (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}

extension Shell {
    /// Starts `arguments[0]` (searched in PATH) with stdin from /dev/null, stdout to `stdout`
    /// (appended) and stderr to `stderr` (or to stdout when nil), with no signals blocked: the
    /// test runner may block some, and a child that inherits a blocked SIGTERM cannot be stopped.
    static func spawn(_ arguments: [String], environment: [String: String], stdout: String,
                      stderr: String?) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        if let stderr {
            posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
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
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard rc == 0 else { throw TestError("cannot start \(arguments[0]): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// The exit code of a waitpid status; 128 + signal when a signal ended it, like a shell.
    static func exitCode(_ status: Int32) -> Int32 {
        (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}

/// A failure of the test environment, with a message that says what to fix.
public struct TestError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
