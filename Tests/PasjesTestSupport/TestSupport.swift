import Foundation

/// Helpers that tests share: built binaries, temporary folders, child processes.
public enum TestSupport {
    /// The folder with the package's built executables (next to the test bundle).
    ///
    /// `PASJES_BIN_DIR` overrides it, e.g. to test a release build.
    public static var binDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["PASJES_BIN_DIR"] {
            return URL(fileURLWithPath: override)
        }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // The runner is `.../debug/pasjesPackageTests.xctest` (a file on Linux).
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("pasjes-ledger").path) { return url }
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// The path of a built executable such as `pasjesd`.
    public static func binary(_ name: String) -> String {
        binDirectory.appendingPathComponent(name).path
    }

    /// The repository root (for scripts under `scripts/` and `Hardware/`).
    public static func repositoryRoot(file: String = #filePath) -> URL {
        var url = URL(fileURLWithPath: file)
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("no Package.swift above \(file)")
    }

    /// A new empty folder under /tmp, unique to this call.
    ///
    /// Kept short: Unix socket paths must fit in 108 bytes.
    public static func temporaryFolder(_ label: String = "t") throws -> URL {
        let url = URL(fileURLWithPath: "/tmp/pasjes-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A child process whose standard output is read line by line.
public final class ChildProcess: @unchecked Sendable {
    public let process = Process()
    private let output = Pipe()
    private let lock = NSLock()
    private var lines: [String] = []
    private var partial = Data()
    private var ended = false

    /// Starts `executable` with `arguments`; standard error goes to `stderrPath` when given.
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                stderrPath: String? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.standardOutput = output
        if let stderrPath {
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: stderrPath)
        }
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.append(data)
        }
        try process.run()
    }

    private func append(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        if data.isEmpty { ended = true; return }
        partial.append(data)
        while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
            partial.removeSubrange(partial.startIndex...newline)
        }
    }

    /// The complete lines printed so far.
    public var outputLines: [String] {
        lock.lock()
        defer { lock.unlock() }
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

    /// Sends `signal` and waits for the process to end.
    public func kill(_ signal: Int32 = SIGKILL) {
        if process.isRunning { Foundation.kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        // Pick up what was printed just before the end.
        append(output.fileHandleForReading.readDataToEndOfFile())
    }
}
