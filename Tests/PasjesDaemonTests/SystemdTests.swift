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
