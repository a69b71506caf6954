import Foundation
import PasjesTestSupport
import Testing

/// Issue 20, item 10: a resident with the same name at the same location (clients have no
/// birth date) is shown when creating or importing, and needs `--toch`.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjesd"))
                            && FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct PossibleDuplicateEndToEndTests {
    func pasjes(_ arguments: [String], _ daemon: DaemonProcess) throws -> CLIRun {
        try TestSupport.pasjes(arguments, socket: daemon.socketPath)
    }

    func create(_ number: String, _ name: String, at location: String, _ daemon: DaemonProcess,
                extra: [String] = []) throws -> CLIRun {
        try pasjes(["client", "create", number, "--name", name, "--zzp", "VV5", "--location", location,
                    "--department", "Noord"] + extra, daemon)
    }

    @Test func aSecondResidentWithTheSameNameAtTheSameLocationNeedsToch() throws {
        let daemon = try DaemonProcess(demo: false)
        defer { daemon.stop() }
        #expect(try create("1001", "Jan Jansen", at: "De Linde", daemon).status == 0)
        #expect(try create("1002", "Jan Jansen", at: "De Eik", daemon).status == 0, "another location: another person")
        let twin = try create("1003", "jan  Jansen", at: "De Linde", daemon)
        #expect(twin.status == 1 && twin.stderr.contains("cliënt 1001") && twin.stderr.contains("--toch"), "\(twin.all)")
        #expect(try create("1003", "jan  Jansen", at: "De Linde", daemon, extra: ["--toch"]).status == 0)

        let file = daemon.folder.appendingPathComponent("bewoners.csv").path
        try "nummer;naam;zzp;locatie;afdeling\n1004;Ans de Wit;VV5;De Linde;Zuid\n1005;Jan Jansen;VV5;De Eik;Zuid\n1006;Ans de Wit;VV5;De Linde;Noord\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try pasjes(["import", "clients", file], daemon)
        #expect(refused.status == 1, "\(refused.all)")
        #expect(refused.stderr.contains("regel 3: mogelijk dezelfde bewoner als cliënt 1002"), "\(refused.stderr)")
        #expect(refused.stderr.contains("regel 4: mogelijk dezelfde bewoner als regel 2"), "\(refused.stderr)")
        let imported = try pasjes(["import", "clients", file, "--toch"], daemon)
        #expect(imported.status == 0 && imported.stdout.contains("3 cliënt(en) geïmporteerd"), "\(imported.all)")
        #expect(try pasjes(["verify"], daemon).status == 0, "the journal replays the checks as they were booked")
    }
}
