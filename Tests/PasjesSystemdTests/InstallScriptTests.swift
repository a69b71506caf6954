import Foundation
import PasjesTestSupport
import Testing

/// `scripts/install` into a temporary root, with the programs this test run built.
@Suite struct InstallScriptTests {
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-sysusers"),
                   "needs root and systemd-sysusers"))
    func installsProgramsUnitsUsersAndAConfigItNeverOverwrites() throws {
        let rootFolder = try TestSupport.temporaryFolder("inst")
        let script = TestSupport.repositoryRoot().appendingPathComponent("scripts/install").path
        let binDir = URL(fileURLWithPath: TestSupport.binary("pasjesd")).deletingLastPathComponent().path
        let first = try Shell.run(["/bin/bash", script, "--root", rootFolder.path, "--bin-dir", binDir, "--no-start"])
        #expect(first.status == 0, "\(first.output)")
        let manager = FileManager.default
        for program in ["pasjesd", "pasjes", "pasjes-kassa", "pasjes-ledger"] {
            #expect(manager.isExecutableFile(atPath: rootFolder.appendingPathComponent("usr/local/bin/\(program)").path))
        }
        #expect(manager.fileExists(atPath: rootFolder.appendingPathComponent("etc/systemd/system/pasjesd.service").path))
        #expect(manager.fileExists(atPath: rootFolder.appendingPathComponent("etc/systemd/system/pasjes-backup.timer").path))
        let group = try String(contentsOf: rootFolder.appendingPathComponent("etc/group"), encoding: .utf8)
        #expect(group.contains("pasjes-restaurant:"))
        let state = try manager.attributesOfItem(atPath: rootFolder.appendingPathComponent("var/lib/pasjes").path)
        #expect((state[.posixPermissions] as? Int) == 0o700)
        let config = rootFolder.appendingPathComponent("etc/pasjes/pasjesd.toml").path
        #expect(try String(contentsOfFile: config, encoding: .utf8).contains("[counter_access]"))
        // A second run keeps the operator's edited config.
        try "# mine\n".write(toFile: config, atomically: true, encoding: .utf8)
        let second = try Shell.run(["/bin/bash", script, "--root", rootFolder.path, "--bin-dir", binDir, "--no-start"])
        #expect(second.status == 0)
        #expect(try String(contentsOfFile: config, encoding: .utf8) == "# mine\n")
    }
}
