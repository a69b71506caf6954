import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

private let systemdDir = repositoryRoot().appendingPathComponent("systemd")
private let analyze = findExecutable(["/usr/bin/systemd-analyze", "/bin/systemd-analyze"])
private let sysusers = findExecutable(["/usr/bin/systemd-sysusers", "/bin/systemd-sysusers"])
private let tmpfiles = findExecutable(["/usr/bin/systemd-tmpfiles", "/bin/systemd-tmpfiles"])
private let missing = "install the Debian package 'systemd' (scripts/setup does)"

/// The unit files, sysusers.d and tmpfiles.d entries, checked by systemd's own tools. In CI
/// (CI=true) a missing tool fails the test; elsewhere the test is skipped.
@Suite struct UnitFileTests {
    /// `systemd-analyze verify` exits 0 even for unknown keys or bad values (it only prints them),
    /// so any output on stderr fails the test too. ExecStart's binary must exist, so it becomes
    /// /bin/true in a temporary copy. Works without a running systemd (containers, CI).
    @Test(.enabled(if: runningInCI || analyze != nil, "needs systemd-analyze (\(missing))"))
    func unitsVerify() throws {
        let tool = try #require(analyze, "systemd-analyze is missing: \(missing)")
        let dir = try TempDir()
        defer { dir.remove() }
        let names = ["pasjesd.service", "pasjesd.socket", "pasjes-backup.service", "pasjes-backup.timer"]
        for name in names {
            var text = try String(contentsOf: systemdDir.appendingPathComponent(name), encoding: .utf8)
            if name.hasSuffix(".service") {
                #expect(text.contains("\nExecStart=/usr/local/bin/pasjes"))
                text = text.replacingOccurrences(of: "\nExecStart=/usr/local/bin/pasjesd ", with: "\nExecStart=/bin/true ")
                    .replacingOccurrences(of: "\nExecStart=/usr/local/bin/pasjes backup", with: "\nExecStart=/bin/true")
            }
            try text.write(toFile: dir.path + "/" + name, atomically: true, encoding: .utf8)
        }
        let result = try run(tool, ["verify", "--man=no"] + names.map { dir.path + "/" + $0 })
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "systemd-analyze verify complained:\n\(result.stderr)")
    }

    /// The settings the daemon's code relies on.
    @Test func serviceSettings() throws {
        let service = try settings("pasjesd.service")
        #expect(service["Type"] == ["notify"])
        #expect(service["NotifyAccess"] == ["main"])
        #expect(service["WatchdogSec"] == ["30"])
        #expect(service["User"] == ["pasjes"] && service["Group"] == ["pasjes"])
        #expect(service["ExecStart"] == ["/usr/local/bin/pasjesd --database /var/lib/pasjes/pasjes.sqlite --socket /run/pasjes/pasjesd.sock --config /etc/pasjes/pasjesd.toml"])
        #expect(service["RestrictAddressFamilies"] == ["AF_UNIX"])
        #expect(service["CapabilityBoundingSet"] == [""])
        #expect(service["Wants"]?.contains("pcscd.socket") == true)
        #expect(service["Requires"]?.contains("pcscd.socket") != true, "the ledger must run without pcscd")
        // RuntimeDirectory= without Preserve would delete the socket unit's /run/pasjes on stop.
        #expect(service["RuntimeDirectory"] == nil || service["RuntimeDirectoryPreserve"] == ["yes"])
        #expect(service["PrivateUsers"] == nil, "a user namespace hides the peer uids the roles come from")
        #expect(service["MemoryMax"] == ["512M"], "a bound on memory: a flood or a leak stops here")

        let socket = try settings("pasjesd.socket")
        #expect(socket["ListenStream"] == ["/run/pasjes/pasjesd.sock"])
        #expect(socket["SocketMode"] == ["0660"])
        #expect(socket["SocketUser"] == ["pasjes"] && socket["SocketGroup"] == ["pasjes"])
        #expect(socket["WantedBy"] == ["sockets.target"])
    }

    /// systemd-sysusers and systemd-tmpfiles applied to an empty root: the users, groups and
    /// directories come out as the units expect.
    @Test(.enabled(if: runningInCI || sysusers != nil, "needs systemd-sysusers (\(missing))"))
    func sysusersAndTmpfilesApply() throws {
        let sysusersTool = try #require(sysusers, "systemd-sysusers is missing: \(missing)")
        let dir = try TempDir()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.path + "/etc", withIntermediateDirectories: true)
        for file in ["passwd", "group", "shadow", "gshadow"] {
            _ = FileManager.default.createFile(atPath: dir.path + "/etc/" + file, contents: nil)
        }
        let users = try run(sysusersTool, ["--root=" + dir.path, systemdDir.appendingPathComponent("sysusers.d/pasjes.conf").path])
        #expect(users.status == 0, "\(users.stderr)")
        let passwd = try String(contentsOfFile: dir.path + "/etc/passwd", encoding: .utf8)
        let group = try String(contentsOfFile: dir.path + "/etc/group", encoding: .utf8)
        #expect(passwd.hasPrefix("pasjes:x:"))
        #expect(passwd.contains(":/var/lib/pasjes:"))
        let groups = group.split(separator: "\n").map { $0.split(separator: ":", omittingEmptySubsequences: false) }
        #expect(Set(groups.map { String($0[0]) }) == ["pasjes", "pasjes-kassa", "pasjes-activiteiten", "pasjes-admin",
                                                      "pasjes-restaurant", "pasjes-dagbesteding"])
        // Nobody is put in a role group by the package; the daemon user is in none.
        #expect(groups.allSatisfy { $0.count == 4 && $0[3].isEmpty })

        // Creating root-owned and pasjes-owned directories needs chown: root only.
        guard geteuid() == 0, let tmpfilesTool = tmpfiles else { return }
        let dirs = try run(tmpfilesTool, ["--root=" + dir.path, "--create",
                                          systemdDir.appendingPathComponent("tmpfiles.d/pasjes.conf").path])
        #expect(dirs.status == 0, "\(dirs.stderr)")
        let pasjesID = try #require(passwd.split(separator: ":").dropFirst(2).first.flatMap { UInt32($0) })
        var info = stat()
        #expect(stat(dir.path + "/var/lib/pasjes", &info) == 0)
        #expect(info.st_uid == pasjesID && info.st_mode & 0o777 == 0o700)
        #expect(stat(dir.path + "/etc/pasjes", &info) == 0)
        #expect(info.st_uid == 0 && info.st_mode & 0o777 == 0o750)
    }

    /// The example config holds exactly the documented keys.
    @Test func exampleConfigHasTheKeys() throws {
        let text = try String(contentsOf: systemdDir.appendingPathComponent("pasjesd.toml.example"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.hasPrefix("#") && !$0.isEmpty }
        for expected in [
            #"database = "/var/lib/pasjes/pasjes.sqlite""#, #"socket = "/run/pasjes/pasjesd.sock""#,
            "[roles]", #"cashier = ["pasjes-kassa"]"#, #"activities = ["pasjes-activiteiten"]"#, #"admin = ["pasjes-admin"]"#,
            "[counter_access]", #"restaurant = ["pasjes-restaurant"]"#, #"dagbesteding = ["pasjes-dagbesteding"]"#,
            "[limits]", "max_connections = 256", "max_line_bytes = 65536", "request_timeout_ms = 10000",
            "max_connections_per_uid = 32", "admin_reserved_connections = 16", "idle_timeout_ms = 10000",
            "drain_deadline_ms = 3000", "slow_request_timeout_ms = 600000",
            "[sales]", "reversal_grace_minutes = 10", "tap_token_ttl_seconds = 60",
            "[[readers]]", #"match = "Restaurant*""#, #"counter = "restaurant""#, #"counter = "dagbesteding""#,
            "[pcsc]", "enabled = true", "[log]", #"level = "info""#,
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
    }
}

/// `Key=value` settings of a unit file, comments and section headers skipped; repeated keys kept in order.
private func settings(_ name: String) throws -> [String: [String]] {
    let text = try String(contentsOf: systemdDir.appendingPathComponent(name), encoding: .utf8)
    var result: [String: [String]] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("[") {
        guard let eq = line.firstIndex(of: "=") else { continue }
        result[String(line[..<eq]), default: []].append(String(line[line.index(after: eq)...]))
    }
    return result
}
