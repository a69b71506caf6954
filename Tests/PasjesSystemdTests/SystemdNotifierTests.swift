import Foundation
import Testing
@testable import PasjesSystemd
#if canImport(Glibc)
import Glibc
#endif

@Suite struct SystemdNotifierTests {
    @Test func parsesNotifySocketValues() {
        #expect(SystemdNotifier(socket: "/run/systemd/notify")?.address == .path("/run/systemd/notify"))
        #expect(SystemdNotifier(socket: "@/org/freedesktop/systemd1/notify")?.address
                == .abstract("/org/freedesktop/systemd1/notify"))
        #expect(SystemdNotifier(socket: "") == nil)
        #expect(SystemdNotifier(socket: "@") == nil)
        #expect(SystemdNotifier(socket: "relative/notify") == nil)
        #expect(SystemdNotifier(socket: "vsock:2:1234") == nil)
        // sun_path is 108 bytes: a path needs room for its NUL, an abstract name for the leading NUL.
        #expect(SystemdNotifier(socket: "/" + String(repeating: "a", count: 106)) != nil)
        #expect(SystemdNotifier(socket: "/" + String(repeating: "a", count: 107)) == nil)
        #expect(SystemdNotifier(socket: "@" + String(repeating: "a", count: 107)) != nil)
        #expect(SystemdNotifier(socket: "@" + String(repeating: "a", count: 108)) == nil)
    }

    @Test func readyArrivesOnAPathSocket() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path + "/notify"
        let receiver = try Sock.datagramReceiver(path)
        defer { close(receiver) }

        let notifier = try #require(SystemdNotifier(socket: path))
        try notifier.ready()
        #expect(Sock.receive(receiver) == "READY=1")
        try notifier.status("ledger open\nreaders: 2")
        #expect(Sock.receive(receiver) == "STATUS=ledger open readers: 2")
        try notifier.watchdog()
        #expect(Sock.receive(receiver) == "WATCHDOG=1")
        try notifier.stopping()
        #expect(Sock.receive(receiver) == "STOPPING=1")
        // Several assignments in one datagram, as sd_notify(3) allows.
        try notifier.notify("READY=1\nSTATUS=up")
        #expect(Sock.receive(receiver) == "READY=1\nSTATUS=up")
    }

    @Test func readyArrivesOnAnAbstractSocket() throws {
        let name = "pasjes-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let receiver = try Sock.datagramReceiver(name, abstract: true)
        defer { close(receiver) }

        let notifier = try #require(SystemdNotifier(socket: "@" + name))
        try notifier.ready()
        #expect(Sock.receive(receiver) == "READY=1")
    }

    @Test func aMissingSocketIsAnError() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let notifier = try #require(SystemdNotifier(socket: dir.path + "/nobody-listens"))
        #expect(throws: SystemdError(call: "sendto", errno: ENOENT)) { try notifier.ready() }
    }

    @Test func watchdogInterval() {
        let me = getpid()
        #expect(SystemdNotifier.watchdogInterval(usec: "30000000", pid: nil, currentPID: me) == .seconds(30))
        #expect(SystemdNotifier.watchdogInterval(usec: "30000000", pid: "\(me)", currentPID: me) == .seconds(30))
        #expect(SystemdNotifier.watchdogInterval(usec: "1500", pid: nil, currentPID: me) == .microseconds(1500))
        // WATCHDOG_PID names another process: the watchdog is not ours (inherited variables).
        #expect(SystemdNotifier.watchdogInterval(usec: "30000000", pid: "\(me + 1)", currentPID: me) == nil)
        #expect(SystemdNotifier.watchdogInterval(usec: "30000000", pid: "garbage", currentPID: me) == nil)
        #expect(SystemdNotifier.watchdogInterval(usec: "30000000", pid: "", currentPID: me) == nil)
        // Off, zero or malformed.
        #expect(SystemdNotifier.watchdogInterval(usec: nil, pid: nil, currentPID: me) == nil)
        #expect(SystemdNotifier.watchdogInterval(usec: "0", pid: nil, currentPID: me) == nil)
        #expect(SystemdNotifier.watchdogInterval(usec: "-5", pid: nil, currentPID: me) == nil)
        #expect(SystemdNotifier.watchdogInterval(usec: "30s", pid: nil, currentPID: me) == nil)
        #expect(SystemdNotifier.watchdogInterval(usec: " 30", pid: nil, currentPID: me) == nil)
        #expect(SystemdNotifier.watchdogInterval(usec: "99999999999999999999", pid: nil, currentPID: me) == nil)
    }
}
