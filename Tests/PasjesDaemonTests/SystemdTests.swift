import Foundation
import PasjesProtocol
import PasjesTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// pasjesd as systemd runs it: notify socket, watchdog, socket activation, journald prefixes.
@Suite struct SystemdTests {
    /// A datagram socket standing in for systemd's notify socket.
    final class NotifySocket: @unchecked Sendable {
        let path: String
        let fd: Int32

        init(in folder: URL) throws {
            path = folder.appendingPathComponent("notify").path
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                let bytes = Array(path.utf8)
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard bound == 0 else { throw TestError("bind notify socket: errno \(errno)") }
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        /// Datagrams received until `predicate` holds for one of them, or the timeout.
        func receive(until predicate: (String) -> Bool, timeoutSeconds: Double = 30) -> [String] {
            var messages: [String] = []
            let deadline = Date().addingTimeInterval(timeoutSeconds)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while Date() < deadline {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count > 0 {
                    let message = String(decoding: buffer.prefix(count), as: UTF8.self)
                    messages.append(message)
                    if predicate(message) { break }
                }
            }
            return messages
        }

        deinit { close(fd) }
    }

    private func startDaemon(_ arguments: [String], environment: [String: String], log: String) throws -> SpawnedProcess {
        try SpawnedProcess(arguments, environment: environment, outputPath: log)
    }

    @Test func notifiesReadyWatchdogAndStopping() throws {
        let folder = try TestSupport.temporaryFolder("sd")
        let notify = try NotifySocket(in: folder)
        let socketPath = folder.appendingPathComponent("d.sock").path
        let process = try startDaemon(
            [TestSupport.binary("pasjesd"), "--database", folder.appendingPathComponent("db.sqlite").path,
             "--socket", socketPath, "--demo", "--no-readers"],
            environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "400000"],
            log: folder.appendingPathComponent("log").path)
        defer { process.stop(SIGKILL) }
        let ready = notify.receive { $0.contains("READY=1") }
        #expect(ready.contains { $0.contains("READY=1") })
        // READY comes only once the socket answers.
        #expect((try? RPCClient(socketPath: socketPath).callRaw("system.info", NoParams())) != nil)
        #expect(notify.receive { $0.contains("WATCHDOG=1") }.contains { $0.contains("WATCHDOG=1") })
        kill(process.pid, SIGTERM)
        #expect(notify.receive { $0.contains("STOPPING=1") }.contains { $0.contains("STOPPING=1") })
        #expect(process.wait() == 0)
    }

    /// A ledger that cannot book (its write lock held by another process) stops the watchdog
    /// pings, so systemd restarts a hung daemon; when the ledger recovers, the pings return.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs python3"))
    func watchdogStopsWhileTheLedgerIsStuck() throws {
        let folder = try TestSupport.temporaryFolder("wd")
        let notify = try NotifySocket(in: folder)
        let socketPath = folder.appendingPathComponent("d.sock").path
        let database = folder.appendingPathComponent("db.sqlite").path
        let process = try startDaemon(
            [TestSupport.binary("pasjesd"), "--database", database, "--socket", socketPath, "--demo", "--no-readers"],
            environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "400000"],
            log: folder.appendingPathComponent("log").path)
        defer { process.stop(SIGKILL) }
        #expect(notify.receive { $0.contains("WATCHDOG=1") }.contains { $0.contains("WATCHDOG=1") })
        // Another process takes the ledger's write lock for 4.5 s (SQLite's busy wait is 5 s).
        let holder = try SpawnedProcess(["/usr/bin/python3", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("BEGIN IMMEDIATE")
            print("locked", flush=True)
            time.sleep(4.5)
            c.execute("ROLLBACK")
            """, database], outputPath: folder.appendingPathComponent("holder.txt").path)
        #expect(holder.waitForLine { $0 == "locked" } != nil)
        // A charge now waits for the lock inside the group-commit worker.
        let charger = try LineSocket(path: socketPath)
        try charger.writeLine(Array(#"{"jsonrpc":"2.0","id":1,"method":"sale.charge","params":{"idempotencyKey":"wd","counter":"restaurant","clientNumber":"1001","reason":"x","items":[{"product":"THE","quantity":1}]}}"#.utf8))
        usleep(1_000_000)
        // Pings sent before the worker counted as stuck may still wait in the socket: drop them.
        _ = notify.receive(until: { _ in false }, timeoutSeconds: 0.3)
        let whileStuck = notify.receive(until: { _ in false }, timeoutSeconds: 1.5)
        #expect(!whileStuck.contains { $0.contains("WATCHDOG=1") }, "no pings while the ledger cannot book")
        holder.wait()
        #expect(notify.receive { $0.contains("WATCHDOG=1") }.contains { $0.contains("WATCHDOG=1") }, "pings again after")
        charger.setReadTimeout(milliseconds: 10_000)
        #expect(try charger.readLine().map { String(decoding: $0, as: UTF8.self).contains("saleId") } == true)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-socket-activate"),
                   "needs systemd-socket-activate (Debian package systemd; scripts/setup installs it)"))
    func servesASocketPassedBySystemd() throws {
        let folder = try TestSupport.temporaryFolder("sa")
        let socketPath = folder.appendingPathComponent("activated.sock").path
        let log = folder.appendingPathComponent("log").path
        // systemd-socket-activate binds the socket, waits for a client, then starts pasjesd with
        // LISTEN_FDS=1 and the socket as fd 3; --socket names a path pasjesd must NOT bind.
        let process = try startDaemon(
            ["/usr/bin/systemd-socket-activate", "-l", socketPath, TestSupport.binary("pasjesd"),
             "--database", folder.appendingPathComponent("db.sqlite").path,
             "--socket", folder.appendingPathComponent("unused.sock").path, "--demo", "--no-readers"],
            environment: ["JOURNAL_STREAM": ""], log: log)
        defer { process.stop(SIGKILL) }
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: socketPath) && Date() < deadline { usleep(20_000) }
        let client = try RPCClient(socketPath: socketPath, readTimeoutMilliseconds: 30_000)
        let info = try client.call("system.info", NoParams(), as: SystemInfo.self)
        #expect(info.role == "admin")
        let wallet = try client.call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self)
        #expect(wallet.clientName == "Daniëlle de Vries")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("unused.sock").path))
        #expect(process.stop(SIGTERM) == 0)
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(text.contains("listening"))
    }
}
