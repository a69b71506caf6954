import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private PostgreSQL 15 for one benchmark section, started as the tests' `TestPostgres`
/// starts one: `initdb` in a temporary folder, a Unix socket there and no TCP port, run as the
/// `postgres` user when the bench runs as root (initdb and pg_ctl refuse root).
///
/// A minimal copy of the tests' start and stop, not shared with them: the bench must not link
/// the test support, and the tests' server keeps its own API.
final class ScratchPostgres {
    static let binaries = "/usr/lib/postgresql/15/bin"

    let folder: String
    var dataDirectory: String { folder + "/data" }
    /// The administrator's URL (the superuser over the socket, trusted there).
    var adminURL: String { "postgres:///pasjes?host=\(folder)&user=postgres" }
    /// A node's URL: the user and password come from its credentials file.
    var nodeURL: String { "postgres:///pasjes?host=\(folder)" }
    private var stopped = false

    private init(folder: String) { self.folder = folder }

    /// Starts a server with an empty `pasjes` database.
    static func start() throws -> ScratchPostgres {
        guard FileManager.default.isExecutableFile(atPath: binaries + "/initdb") else {
            throw BenchError("PostgreSQL 15 is not installed (\(binaries)/initdb): run scripts/setup")
        }
        let folder = "/tmp/pasjes-benchpg-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let server = ScratchPostgres(folder: folder)
        if getuid() == 0 {
            guard let account = getpwnam("postgres") else { throw BenchError("no postgres user: run scripts/setup") }
            guard chown(folder, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                throw BenchError("cannot chown \(folder) to postgres")
            }
        }
        try server.asPostgres([binaries + "/initdb", "-D", server.dataDirectory, "-U", "postgres", "-E", "UTF8",
                               "--locale=C", "--auth-local=trust", "--no-sync"])
        let hba = "local all postgres trust\nlocal replication postgres trust\nlocal all all scram-sha-256\n"
        try hba.write(toFile: server.dataDirectory + "/pg_hba.conf", atomically: false, encoding: .utf8)
        try server.asPostgres([binaries + "/pg_ctl", "-D", server.dataDirectory, "-l", folder + "/server.log", "-w",
                               "-t", "60", "-o", "-k \(folder) -c listen_addresses='' -c max_connections=60", "start"])
        try server.asPostgres([binaries + "/createdb", "-h", folder, "-U", "postgres", "pasjes"])
        return server
    }

    /// `pg_ctl stop -m immediate`, keeping the folder: the central gone as in a crash.
    func crash() throws {
        try asPostgres([Self.binaries + "/pg_ctl", "-D", dataDirectory, "-m", "immediate", "-w", "stop"])
    }

    /// Starts the server again after `crash()`.
    func startAgain() throws {
        try asPostgres([Self.binaries + "/pg_ctl", "-D", dataDirectory, "-l", folder + "/server.log", "-w",
                        "-t", "60", "-o", "-k \(folder) -c listen_addresses='' -c max_connections=60", "start"])
    }

    /// Stops the server at once and removes its folder.
    func stop() {
        guard !stopped else { return }
        stopped = true
        try? asPostgres([Self.binaries + "/pg_ctl", "-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    deinit { stop() }

    /// Runs a command as `postgres` (when root) with stdout and stderr in a file of the folder
    /// and throws with that output on failure. posix_spawn and waitpid, not Foundation's
    /// `Process`: the server pg_ctl leaves behind inherits what Process opens, and it never sees
    /// pg_ctl end.
    private func asPostgres(_ arguments: [String]) throws {
        let command = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + arguments : arguments
        let outputPath = folder + "/command.out"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError("cannot start \(command[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            let log = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? ""
            throw BenchError("\((arguments[0] as NSString).lastPathComponent) failed: \(text)\n\(log)")
        }
    }
}

/// A failure of the benchmark's setup, with what to fix.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
