import Foundation
@testable import PasjesCard

/// Whether the real-hardware tests can run here: they need root (mount namespace) and pcscd with vpcd.
enum HardwareTestEnvironment {
    static let isRoot = getuid() == 0
    static let hasPCSCD = FileManager.default.isExecutableFile(atPath: "/usr/sbin/pcscd")
        && FileManager.default.fileExists(atPath: "/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
    static let available = isRoot && hasPCSCD
    static let skipReason = "needs root and pcscd + vsmartcard-vpcd (scripts/setup installs them)"
}

/// Where things are: the repository (from this file's path) and the built `pasjes-vcard`.
enum TestPaths {
    /// Tests/PasjesCardTests/PrivatePCSCD.swift -> repository root.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let pcscdPrivateScript = repositoryRoot.appendingPathComponent("scripts/pcscd-private").path

    /// `pasjes-vcard` sits next to the test bundle (same build folder) that `swift test` builds;
    /// `.build/debug` is the fallback for other runners.
    static let virtualCard: String? = {
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundleFolder.appendingPathComponent("pasjes-vcard").path,
            repositoryRoot.appendingPathComponent(".build/debug/pasjes-vcard").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
}

/// One private pcscd (two vpcd readers) for this whole test process.
///
/// libpcsclite reads PCSCLITE_CSOCK_NAME once and caches it for the process, so every hardware test
/// in this process shares this pcscd; they run serialized. Another test process gets its own.
final class PrivatePCSCD: Sendable {
    static let readerNames = ["Virtual PCD 00 00", "Virtual PCD 00 01"]

    let directory: String
    let ports: [Int]

    private init(directory: String, ports: [Int]) {
        self.directory = directory
        self.ports = ports
    }

    /// Started on first use, stopped when the process exits.
    static let shared: Result<PrivatePCSCD, TestFailure> = {
        // Short path under /tmp: the socket path must fit in 108 bytes.
        var template = Array("/tmp/pasjes-card-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { return .failure(TestFailure(description: "mkdtemp failed")) }
        let directory = String(cString: made)
        do {
            try runScriptSync(["start", directory])
            let env = try String(contentsOfFile: directory + "/env", encoding: .utf8)
            var values: [String: String] = [:]
            for line in env.split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { values[parts[0]] = parts[1] }
            }
            guard let socket = values["PCSCLITE_CSOCK_NAME"],
                  let port0 = values["VPCD_PORT_0"].flatMap(Int.init), let port1 = values["VPCD_PORT_1"].flatMap(Int.init)
            else { return .failure(TestFailure(description: "bad env file: \(env)")) }
            setenv("PCSCLITE_CSOCK_NAME", socket, 1)
            atexit {
                if case .success(let pcscd) = PrivatePCSCD.shared {
                    try? PrivatePCSCD.runScriptSync(["stop", pcscd.directory])
                    try? FileManager.default.removeItem(atPath: pcscd.directory)
                }
            }
            return .success(PrivatePCSCD(directory: directory, ports: [port0, port1]))
        } catch {
            return .failure(TestFailure(description: "cannot start private pcscd: \(error)"))
        }
    }()

    static func runScriptSync(_ arguments: [String]) throws {
        let result = try ChildProcess.runSync("/bin/bash", [TestPaths.pcscdPrivateScript] + arguments)
        guard result.status == 0 else {
            throw TestFailure(description: "pcscd-private \(arguments.joined(separator: " ")): \(result.output)")
        }
    }

    func stop() async throws {
        try await script(["stop", directory])
    }

    /// Starts again on the same folder and ports, so the cached socket name stays right.
    func start() async throws {
        try await script(["start", directory, "--port-base", String(ports[0])])
    }

    private func script(_ arguments: [String]) async throws {
        let result = try await ChildProcess.run("/bin/bash", [TestPaths.pcscdPrivateScript] + arguments)
        guard result.status == 0 else {
            throw TestFailure(description: "pcscd-private \(arguments.joined(separator: " ")): \(result.output)")
        }
    }
}

/// Collects a monitor's events so tests can wait for and count them.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [CardEvent] = []

    var all: [CardEvent] { lock.withLock { events } }

    func append(_ event: CardEvent) { lock.withLock { events.append(event) } }

    var taps: [CardTap] {
        all.compactMap { if case .tap(let tap) = $0 { tap } else { nil } }
    }

    var unreadables: [(reader: String, reason: String)] {
        all.compactMap { if case .unreadable(let reader, let reason) = $0 { (reader, reason) } else { nil } }
    }

    /// Polls until `condition` holds or `timeout` passes; returns whether it held.
    // A bound, not a speed check: on a loaded 2-core machine a tap through pcscd and vpcd has
    // been seen to take more than 5 s to arrive.
    func wait(timeout: Duration = .seconds(15), until condition: ([CardEvent]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(all) { return true }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return condition(all)
    }
}

/// A started monitor whose events land in an `EventLog`.
struct MonitorUnderTest {
    let monitor: ReaderMonitor
    let log: EventLog
    let drain: Task<Void, Never>

    static func start() -> MonitorUnderTest {
        let monitor = ReaderMonitor()
        let log = EventLog()
        let drain = Task {
            for await event in monitor.events { log.append(event) }
        }
        monitor.start()
        return MonitorUnderTest(monitor: monitor, log: log, drain: drain)
    }

    /// Waits for both virtual readers to be announced.
    func waitForReaders(timeout: Duration = .seconds(5)) async -> Bool {
        await log.wait(timeout: timeout) { events in
            PrivatePCSCD.readerNames.allSatisfy { events.contains(.readerAdded(reader: $0)) }
        }
    }

    func stop() async {
        monitor.stop()
        await drain.value
    }
}

/// Drives `pasjes-vcard`.
enum VirtualCardTool {
    static func path() throws -> String {
        guard let path = TestPaths.virtualCard else {
            throw TestFailure(description: "pasjes-vcard not built; run `swift build --product pasjes-vcard`")
        }
        return path
    }

    static func tap(_ uid: String, port: Int, holdMilliseconds: Int = 800, garbage: Bool = false) async throws {
        var arguments = ["tap", uid, "--port", String(port), "--hold-ms", String(holdMilliseconds)]
        if garbage { arguments.append("--garbage") }
        let result = try await ChildProcess.run(try path(), arguments)
        guard result.status == 0 else { throw TestFailure(description: "pasjes-vcard tap failed: \(result.output)") }
    }

    /// Holds the card on until `closeStdin()` is called on the returned child; with `stayOn` it
    /// stays on the reader while pcscd restarts (vpcd drops it; it connects again).
    static func hold(_ uid: String, port: Int, stayOn: Bool = false) throws -> ChildProcess {
        try ChildProcess(try path(), ["hold", uid, "--port", String(port)] + (stayOn ? ["--stay-on"] : []),
                         stdinPipe: true)
    }
}
