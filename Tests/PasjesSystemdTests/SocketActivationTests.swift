import Foundation
import PasjesTestSupport
import Logging
import Testing
@testable import PasjesSystemd
#if canImport(Glibc)
import Glibc
#endif

@Suite struct SocketActivationTests {
    @Test func countComesOnlyFromOurOwnValidVariables() {
        let me = getpid()
        #expect(SocketActivation.descriptorCount(listenPID: "\(me)", listenFDs: "1", currentPID: me) == 1)
        #expect(SocketActivation.descriptorCount(listenPID: "\(me)", listenFDs: "16", currentPID: me) == 16)
        // Inherited from a parent: LISTEN_PID is not us.
        #expect(SocketActivation.descriptorCount(listenPID: "\(me + 1)", listenFDs: "1", currentPID: me) == 0)
        #expect(SocketActivation.descriptorCount(listenPID: nil, listenFDs: "1", currentPID: me) == 0)
        #expect(SocketActivation.descriptorCount(listenPID: "\(me)", listenFDs: nil, currentPID: me) == 0)
        #expect(SocketActivation.descriptorCount(listenPID: "\(me)", listenFDs: "0", currentPID: me) == 0)
        #expect(SocketActivation.descriptorCount(listenPID: "\(me)", listenFDs: "-1", currentPID: me) == 0)
        #expect(SocketActivation.descriptorCount(listenPID: "\(me)", listenFDs: "1x", currentPID: me) == 0)
        #expect(SocketActivation.descriptorCount(listenPID: " \(me)", listenFDs: "1", currentPID: me) == 0)
        // More than the limit: refused, not trusted.
        #expect(SocketActivation.descriptorCount(listenPID: "\(me)", listenFDs: "17", currentPID: me) == 0)
        #expect(SocketActivation.descriptorCount(listenPID: "\(me)", listenFDs: "99999999999999999999", currentPID: me) == 0)
    }

    /// A real listening socket (at whatever fd number it gets here; fd 3 itself is checked in
    /// `passedBySystemdSocketActivate`) is returned, made close-on-exec, and still accepts.
    @Test func takesARealListeningSocket() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path + "/l.sock"
        let listener = socket(AF_UNIX, Sock.stream, 0)  // deliberately without SOCK_CLOEXEC
        defer { close(listener) }
        try Sock.bind(listener, path)
        #expect(listen(listener, 4) == 0)
        #expect(fcntl(listener, F_GETFD) & FD_CLOEXEC == 0)

        let fds = SocketActivation.takeDescriptors(listenPID: "\(getpid())", listenFDs: "1",
                                                   currentPID: getpid(), first: listener)
        #expect(fds == [listener])
        #expect(fcntl(listener, F_GETFD) & FD_CLOEXEC != 0)

        let client = socket(AF_UNIX, Sock.stream, 0)
        defer { close(client) }
        try Sock.connect(client, path)
        let accepted = accept(listener, nil, nil)
        #expect(accepted >= 0)
        close(accepted)
    }

    @Test func aClosedDescriptorGivesNone() {
        let fds = SocketActivation.takeDescriptors(listenPID: "\(getpid())", listenFDs: "1",
                                                   currentPID: getpid(), first: 1_000_000)
        #expect(fds.isEmpty)
    }

    /// End to end, in a child process: `systemd-socket-activate` binds two sockets, waits for a
    /// connection, and executes this test binary with fds 3 and 4 and LISTEN_* set; the child runs
    /// only `childProbe` (below), which uses the public API and reports over the connection.
    /// The same child checks NOTIFY_SOCKET, WATCHDOG_USEC and JOURNAL_STREAM from a real environment,
    /// which the in-process tests deliberately never modify (tests run in parallel in one process).
    @Test(.enabled(if: runningInCI || systemdSocketActivate != nil, "needs systemd-socket-activate (Debian package systemd)"))
    func passedBySystemdSocketActivate() throws {
        let tool = try #require(systemdSocketActivate,
                                "systemd-socket-activate is missing: install the Debian package 'systemd' (scripts/setup)")
        let dir = try TempDir()
        defer { dir.remove() }
        let first = dir.path + "/a.sock", second = dir.path + "/b.sock"
        let notifyName = "pasjes-probe-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let notifyReceiver = try Sock.datagramReceiver(notifyName, abstract: true)
        defer { close(notifyReceiver) }

        // The child's stderr is this file; JOURNAL_STREAM names its device:inode as journald would.
        let stderrPath = dir.path + "/stderr"
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        var info = stat()
        #expect(stat(stderrPath, &info) == 0)
        let process = try SpawnedProcess([tool] + [
            "-l", first, "-l", second,
            "-E", "\(probeVariable)=1",
            "-E", "NOTIFY_SOCKET=@\(notifyName)",
            "-E", "WATCHDOG_USEC=30000000",
            "-E", "JOURNAL_STREAM=\(info.st_dev):\(info.st_ino)",
            "--", CommandLine.arguments[0],
            "--testing-library", "swift-testing", "--filter", "SocketActivationTests/childProbe",
        ], outputPath: stderrPath)
        defer { process.stop(SIGKILL) }

        // Connect once the tool has bound the socket; that connection wakes it up.
        let client = socket(AF_UNIX, Sock.stream, 0)
        defer { close(client) }
        var connected = false
        for _ in 0..<200 where !connected {
            connected = (try? Sock.connect(client, first)) != nil
            if !connected { usleep(50_000) }
        }
        try #require(connected, "systemd-socket-activate did not listen on \(first)")
        Sock.setTimeout(client, seconds: 60)
        let report = Sock.readAll(client)
        let log = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        #expect(report == "fds=3,4 cloexec=yes env=unset notify=@\(notifyName) watchdog=30.0 journal=yes\n",
                "child output:\n\(log)")
        #expect(Sock.receive(notifyReceiver) == "READY=1")
        // The child's JournaldLogHandler saw a journal stream: priority prefix, no timestamp.
        #expect(process.wait() == 0, "child output:\n\(log)")
        let finalLog = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        #expect(finalLog.contains("<6>probe: activated fds=2\n"), "child output:\n\(finalLog)")
    }

    /// The child side of `passedBySystemdSocketActivate`; skipped in a normal test run (it would
    /// assert nothing there), run only in the child that test starts.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[probeVariable] != nil, "the child of passedBySystemdSocketActivate"))
    func childProbe() throws {
        let fds = SocketActivation.listenFileDescriptors()
        let cloexec = fds.allSatisfy { fcntl($0, F_GETFD) & FD_CLOEXEC != 0 }
        let names: [String] = ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"]
        let unset = names.allSatisfy { getenv($0) == nil }
        let notifier = SystemdNotifier.fromEnvironment()
        let notify: String = switch notifier?.address {
        case .abstract(let name): "@" + name
        case .path(let path): path
        case nil: "none"
        }
        let watchdog = SystemdNotifier.watchdogInterval().map { "\(Double($0.components.seconds))" } ?? "none"
        let journal = JournaldLogHandler.isStderrConnectedToJournal()
        Logger(label: "probe") { JournaldLogHandler(label: $0) }.info("activated", metadata: ["fds": "\(fds.count)"])
        try notifier?.ready()

        let report = "fds=\(fds.map(String.init).joined(separator: ",")) cloexec=\(cloexec ? "yes" : "no") "
            + "env=\(unset ? "unset" : "set") notify=\(notify) watchdog=\(watchdog) journal=\(journal ? "yes" : "no")\n"
        guard let listener = fds.first else { return }
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        _ = report.withCString { write(connection, $0, strlen($0)) }
        close(connection)
    }
}

private let probeVariable = "PASJES_SYSTEMD_PROBE"
private let systemdSocketActivate = findExecutable(["/usr/bin/systemd-socket-activate", "/bin/systemd-socket-activate"])
