import Foundation
import PasjesCentral
import PasjesTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL 15 of one test: `initdb` in a temporary folder, a Unix socket in it and no
/// TCP port, run as the `postgres` user (initdb and pg_ctl refuse root). Nothing is shared with
/// another test, so tests run in parallel.
final class TestPostgres: @unchecked Sendable {
    static let binaries = "/usr/lib/postgresql/15/bin"

    /// The folder holding the data directory, the socket and the server log.
    let folder: String
    var dataDirectory: String { folder + "/data" }
    var socketFolder: String { folder }
    /// The port: names the socket file, and the TCP port when `tcp` (a free one, never fixed;
    /// another is chosen while the server starts when that one was taken meanwhile).
    private(set) var port: Int
    /// Whether the server also listens on TCP (every IPv4 address: a node in a network namespace
    /// of the test's own reaches it over a veth link).
    let tcp: Bool
    /// The administrator's URL (the superuser over the socket, trusted there).
    var adminURL: String { "postgres:///pasjes?host=\(socketFolder)&user=postgres&port=\(port)" }
    /// A node's URL: the user and password come from its credentials file.
    var nodeURL: String { "postgres:///pasjes?host=\(socketFolder)&port=\(port)" }
    /// A node's URL over TCP to `host` (and `port`, e.g. a proxy's).
    func tcpURL(host: String = "127.0.0.1", port: Int? = nil) -> String { "postgres://\(host):\(port ?? self.port)/pasjes" }
    private var stopped = false
    private var removed = false

    private init(folder: String, port: Int = 5432, tcp: Bool = false) {
        self.folder = folder
        self.port = port
        self.tcp = tcp
    }

    /// Starts a server with an empty `pasjes` database, or nil when PostgreSQL 15 is not installed
    /// and `PASJES_ALLOW_SKIP=1`; without that a missing server is a failure. With `tcp`, it also
    /// listens on a free TCP port (logins there by password only).
    static func start(tcp: Bool = false) async throws -> TestPostgres? {
        // initdb and pg_ctl block: on threads of their own, not on the two of Swift's pool that
        // every test's connections and deadlines share.
        try await TestSupport.onThreads(1) { _ in try startBlocking(tcp: tcp) }[0]
    }

    private static func startBlocking(tcp: Bool) throws -> TestPostgres? {
        guard FileManager.default.isExecutableFile(atPath: binaries + "/initdb") else {
            if ProcessInfo.processInfo.environment["PASJES_ALLOW_SKIP"] == "1" { return nil }
            throw TestError("PostgreSQL 15 is not installed (\(binaries)/initdb): run scripts/setup, "
                            + "or set PASJES_ALLOW_SKIP=1 to skip these tests")
        }
        let folder = try TestSupport.temporaryFolder("pg").path
        let server = tcp ? TestPostgres(folder: folder, port: try TCPProxy.freePort(), tcp: true) : TestPostgres(folder: folder)
        if getuid() == 0 {
            guard let account = getpwnam("postgres") else { throw TestError("no postgres user: run scripts/setup") }
            guard chown(folder, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                throw TestError("cannot chown \(folder) to postgres")
            }
        }
        let initdb = try server.asPostgres([binaries + "/initdb", "-D", server.dataDirectory, "-U", "postgres",
                                            "-E", "UTF8", "--locale=C", "--auth-local=trust", "--no-sync"])
        guard initdb.status == 0 else { throw TestError("initdb failed: \(initdb.output)") }
        // The superuser is trusted on the socket (the test's admin); every node logs in with its password.
        let hba = "local all postgres trust\nlocal replication postgres trust\nlocal all all scram-sha-256\n"
            + (tcp ? "host all all 0.0.0.0/0 scram-sha-256\n" : "")
        let hbaPath = server.dataDirectory + "/pg_hba.conf"
        try hba.write(toFile: hbaPath, atomically: false, encoding: .utf8)
        for attempt in 1... {
            let start = try server.asPostgres([
                binaries + "/pg_ctl", "-D", server.dataDirectory, "-l", folder + "/server.log", "-w", "-t", "60",
                "-o", server.serverOptions, "start"])
            if start.status == 0 { break }
            let log = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? ""
            // A free port is free only until someone takes it: another test's proxy, or an
            // outgoing connection, between `freePort()` and PostgreSQL's bind. With '*' the
            // server started on IPv6 alone and a node's IPv4 connect was refused.
            guard tcp, attempt < 5, log.contains("could not bind") || log.contains("could not create any TCP/IP sockets") else {
                throw TestError("pg_ctl start failed: \(start.output)\n\(log)")
            }
            server.port = try TCPProxy.freePort()
        }
        let created = try Shell.run([binaries + "/createdb", "-h", folder, "-p", String(server.port), "-U", "postgres", "pasjes"])
        guard created.status == 0 else { server.stop(); throw TestError("createdb failed: \(created.output)") }
        return server
    }

    /// A streaming standby of this server (`pg_basebackup -R`) in a folder of its own: it stays
    /// in recovery, as a replica does until it is promoted.
    func startStandby() async throws -> TestPostgres {
        try await TestSupport.onThreads(1) { _ in try self.startStandbyBlocking() }[0]
    }

    private func startStandbyBlocking() throws -> TestPostgres {
        let standbyFolder = try TestSupport.temporaryFolder("pgs").path
        let standby = TestPostgres(folder: standbyFolder)
        if getuid() == 0, let account = getpwnam("postgres") {
            _ = chown(standbyFolder, account.pointee.pw_uid, account.pointee.pw_gid)
        }
        let copy = try asPostgres([Self.binaries + "/pg_basebackup", "-h", folder, "-p", String(port), "-U", "postgres", "-D",
                                   standby.dataDirectory, "-R", "--no-sync", "--checkpoint=fast"])
        guard copy.status == 0 else { throw TestError("pg_basebackup failed: \(copy.output)") }
        let start = try standby.asPostgres([
            Self.binaries + "/pg_ctl", "-D", standby.dataDirectory, "-l", standbyFolder + "/server.log", "-w", "-t", "60",
            "-o", "-k \(standbyFolder) -c listen_addresses=''", "start"])
        guard start.status == 0 else { throw TestError("standby start failed: \(start.output)") }
        return standby
    }

    /// Stops the server and removes its folder.
    func stop() {
        stopServer()
        guard !removed else { return }
        removed = true
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Stops the server at once (no checkpoint), keeping its folder.
    func stopServer() {
        guard !stopped else { return }
        stopped = true
        _ = try? asPostgres([Self.binaries + "/pg_ctl", "-D", dataDirectory, "-m", "immediate", "-w", "stop"])
    }

    deinit { stop() }

    /// The server's start options: its own socket folder, and no TCP port unless asked for.
    private var serverOptions: String {
        "-k \(folder) -p \(port) -c listen_addresses='\(tcp ? "0.0.0.0" : "")' -c max_connections=80"
    }

    /// `pg_ctl restart -m fast`: every connection is cut, the server comes back on the same socket.
    func restart() async throws {
        _ = try await TestSupport.onThreads(1) { _ in
            let result = try self.asPostgres([Self.binaries + "/pg_ctl", "-D", self.dataDirectory, "-l", self.folder + "/server.log",
                                              "-w", "-t", "60", "-m", "fast", "-o", self.serverOptions, "restart"])
            guard result.status == 0 else { throw TestError("pg_ctl restart failed: \(result.output)") }
        }
    }

    /// `pg_ctl stop -m immediate`: the server dies as in a crash (no checkpoint, every
    /// connection cut); `startAgain()` brings it back on the same socket and port.
    func crash() async throws {
        _ = try await TestSupport.onThreads(1) { _ in
            let stop = try self.asPostgres([Self.binaries + "/pg_ctl", "-D", self.dataDirectory, "-m", "immediate", "-w", "stop"])
            guard stop.status == 0 else { throw TestError("pg_ctl stop -m immediate failed: \(stop.output)") }
        }
    }

    /// Starts the server again after `crash()` (it recovers from its WAL).
    func startAgain() async throws {
        _ = try await TestSupport.onThreads(1) { _ in
            let start = try self.asPostgres([Self.binaries + "/pg_ctl", "-D", self.dataDirectory, "-l", self.folder + "/server.log",
                                             "-w", "-t", "60", "-o", self.serverOptions, "start"])
            guard start.status == 0 else { throw TestError("pg_ctl start failed: \(start.output)") }
        }
    }

    /// Stops the server cleanly, runs `body` on its stopped data directory, and starts it again:
    /// how a test replaces the log with an older copy of itself.
    func whileStopped(_ body: @escaping @Sendable (_ dataDirectory: String) throws -> Void) async throws {
        _ = try await TestSupport.onThreads(1) { _ in
            let stop = try self.asPostgres([Self.binaries + "/pg_ctl", "-D", self.dataDirectory, "-m", "fast", "-w", "stop"])
            guard stop.status == 0 else { throw TestError("pg_ctl stop failed: \(stop.output)") }
            try body(self.dataDirectory)
            let start = try self.asPostgres([Self.binaries + "/pg_ctl", "-D", self.dataDirectory, "-l", self.folder + "/server.log",
                                             "-w", "-t", "60", "-o", self.serverOptions, "start"])
            guard start.status == 0 else { throw TestError("pg_ctl start failed: \(start.output)") }
        }
    }

    /// Copies a stopped data directory as the postgres user (`cp -a`), keeping owners and modes.
    func copyData(from source: String, to target: String) throws {
        let copy = try asPostgres(["cp", "-a", source, target])
        guard copy.status == 0 else { throw TestError("cp -a failed: \(copy.output)") }
    }

    /// Runs psql against the `pasjes` database as `user` (with `password`, when given) and
    /// returns its status and output (stderr included).
    func psql(_ sql: String, user: String = "postgres", password: String? = nil) async throws -> (status: Int32, output: String) {
        try await TestSupport.onThreads(1) { _ in try self.psqlBlocking(sql, user: user, password: password) }[0]
    }

    func psqlBlocking(_ sql: String, user: String = "postgres", password: String? = nil) throws -> (status: Int32, output: String) {
        var environment: [String: String] = [:]
        if let password { environment["PGPASSWORD"] = password }
        return try Shell.run([Self.binaries + "/psql", "-X", "-v", "ON_ERROR_STOP=1", "-h", socketFolder, "-p", String(port), "-U", user,
                              "-d", "pasjes", "-At", "-c", sql], environment: environment)
    }

    private func asPostgres(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Shell.run(getuid() == 0 ? ["runuser", "-u", "postgres", "--"] + arguments : arguments)
    }
}
