import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn and reaped with waitpid on a plain thread.
///
/// Not Foundation's `Process`: inside the test runner its termination notice was seen to never
/// arrive for `scripts/pcscd-private`, so `waitUntilExit` and `terminationHandler` hung.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    private let outputRead: Int32
    private let lock = NSLock()
    private var stdinWrite: Int32?

    /// Starts `path` with `arguments`; stdout+stderr go to a pipe we read; stdin is a pipe if asked, else /dev/null.
    init(_ path: String, _ arguments: [String], stdinPipe: Bool = false) throws {
        var output: [Int32] = [0, 0]
        var input: [Int32] = [-1, -1]
        try Self.makePipe(&output)
        if stdinPipe { try Self.makePipe(&input) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if stdinPipe {
            posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, output[1], 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") }
        let envp: [UnsafeMutablePointer<CChar>?] = environment + [nil]
        defer { environment.forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, path, &actions, nil, argv, envp)
        close(output[1])
        if stdinPipe { close(input[0]) }
        guard rc == 0 else {
            close(output[0])
            if stdinPipe { close(input[1]) }
            throw TestFailure(description: "cannot start \(path): \(String(cString: strerror(rc)))")
        }
        pid = child
        outputRead = output[0]
        stdinWrite = stdinPipe ? input[1] : nil
    }

    /// A pipe whose ends other children do not inherit (the dup2 in the spawn clears the flag on 0/1/2).
    private static func makePipe(_ fds: inout [Int32]) throws {
        guard pipe(&fds) == 0 else { throw TestFailure(description: "pipe failed") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    }

    /// Closes the child's stdin (EOF), e.g. to make `pasjes-vcard hold` lift the card.
    func closeStdin() {
        let fd: Int32? = lock.withLock {
            defer { stdinWrite = nil }
            return stdinWrite
        }
        if let fd { close(fd) }
    }

    /// Reads all output and waits for exit, on a thread of its own so no concurrency thread blocks.
    func finish() async -> (status: Int32, output: String) {
        await withCheckedContinuation { continuation in
            let thread = Thread { [self] in continuation.resume(returning: finishBlocking()) }
            thread.start()
        }
    }

    /// Reads all output and waits for exit on the calling thread.
    func finishBlocking() -> (status: Int32, output: String) {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(outputRead, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            data.append(contentsOf: buffer.prefix(n))
        }
        close(outputRead)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        closeStdin()
        // Exit code when it exited normally; 128 + signal otherwise, like a shell.
        let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exitCode, String(decoding: data, as: UTF8.self))
    }

    /// Runs to completion.
    static func run(_ path: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await ChildProcess(path, arguments).finish()
    }

    /// Runs to completion from synchronous code, on the calling thread.
    ///
    /// No Task and semaphore here: blocking a concurrency thread to wait for a task that needs
    /// one deadlocks when the pool is small (two threads on a two-core machine).
    static func runSync(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try ChildProcess(path, arguments).finishBlocking()
    }
}
