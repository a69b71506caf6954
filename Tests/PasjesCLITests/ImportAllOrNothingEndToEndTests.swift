import Foundation
import PasjesTestSupport
import Testing

/// Issue 20, item 1: an import is checked whole on pasjesd (every bad row at once, with what the
/// ledger checks) and booked in one transaction, or not at all; a big file is staged in pages.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjesd"))
                            && FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct ImportAllOrNothingEndToEndTests {
    static let config = """
        [tariffs.VV4]
        day_tariff = 20000
        personal_share_percent = 40
        [tariffs.VV5]
        day_tariff = 25063
        personal_share_percent = 40
        """

    static let header = "nummer;naam;zzp;locatie;afdeling;eigen_bijdrage;plafond\n"

    func pasjes(_ arguments: [String], _ daemon: DaemonProcess) throws -> CLIRun {
        try TestSupport.pasjes(arguments, socket: daemon.socketPath)
    }

    func write(_ text: String, _ name: String, _ daemon: DaemonProcess) throws -> String {
        let path = daemon.folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func clientCount(_ daemon: DaemonProcess) throws -> Int {
        try pasjes(["client", "list", "--json"], daemon).stdout.components(separatedBy: "\"number\"").count - 1
    }

    @Test func everyBadRowIsReportedAtOnceAndNothingIsImported() throws {
        let daemon = try DaemonProcess(demo: false, config: Self.config)
        defer { daemon.stop() }
        #expect(try pasjes(["client", "create", "1000", "--name", "Anna Bakker", "--zzp", "VV5", "--location", "De Linde",
                            "--department", "Noord"], daemon).status == 0)
        let file = try write(Self.header + """
            1001;Daniëlle de Vries;VV5;De Linde;Noord;ja;25,00
            1002;Mehmet Yılmaz;vv4;De Linde;Zuid;nee;
            1003;;VV4;De Linde;Zuid;nee;
            1000;Piet Bakker;VV5;De Linde;Noord;nee;
            1001;Daniëlle de Vries;VV5;De Linde;Noord;ja;25,00
            1006;Kees Jansen;VV9;De Linde;Zuid;nee;

            """, "bewoners.csv", daemon)
        for dryRun in [true, false] {
            let refused = try pasjes(["import", "clients", file] + (dryRun ? ["--dry-run"] : []), daemon)
            #expect(refused.status == 1, "\(refused.all)")
            for expected in ["regel 3: Onbekend ZZP 'vv4'", "regel 4: naam ontbreekt", "regel 5: cliënt 1000 bestaat al",
                             "regel 6: clientnummer 1001 staat ook op regel 2", "regel 7: Onbekend ZZP 'VV9'", "5 problemen"] {
                #expect(refused.stderr.contains(expected), "\(expected): \(refused.stderr)")
            }
            #expect(try clientCount(daemon) == 1, "nothing imported")
        }
    }

    @Test func threeThousandResidentsImportInOneGoAndABadRowThreeImportsNothing() throws {
        let daemon = try DaemonProcess(demo: false, config: Self.config)
        defer { daemon.stop() }
        let rows = (1...3_000).map { "\(10_000 + $0);Bewoner \($0) van Aalst-Ütrecht;VV\($0 % 2 == 0 ? 4 : 5);Locatie \($0 % 12);Afdeling \($0 % 7);nee;\n" }
        var bad = rows
        bad[1] = bad[1].replacingOccurrences(of: ";VV", with: ";vv")
        let badFile = try write(Self.header + bad.joined(), "fout.csv", daemon)
        let refused = try pasjes(["import", "clients", badFile], daemon)
        #expect(refused.status == 1 && refused.stderr.contains("regel 3: Onbekend ZZP 'vv4'"), "\(refused.all)")
        #expect(try clientCount(daemon) == 0, "nothing imported")
        // Every row bad: far more problems than one reply line holds, read page by page.
        let allBad = try write(Self.header + rows.joined().replacingOccurrences(of: ";VV", with: ";vv"), "allemaal.csv", daemon)
        let listed = try pasjes(["import", "clients", allBad], daemon)
        #expect(listed.status == 1 && listed.stderr.contains("3000 problemen gevonden"), "\(listed.stderr.prefix(300))")
        #expect(listed.stderr.contains("regel 3001: Onbekend ZZP 'vv4'"))

        let file = try write(Self.header + rows.joined(), "bewoners.csv", daemon)
        let checked = try pasjes(["import", "clients", file, "--dry-run"], daemon)
        #expect(checked.status == 0 && checked.stdout.contains("3000 cliënt(en) nieuw"), "\(checked.all)")
        let imported = try pasjes(["import", "clients", file], daemon)
        #expect(imported.status == 0 && imported.stdout.contains("3000 cliënt(en) geïmporteerd"), "\(imported.all)")
        let again = try pasjes(["import", "clients", file], daemon)
        #expect(again.status == 0 && again.stdout.contains("3000 bestonden al"), "\(again.all)")
        let verified = try pasjes(["verify"], daemon)
        #expect(verified.status == 0, "\(verified.all)")
    }

    @Test func cardsImportAllOrNothing() throws {
        let daemon = try DaemonProcess(demo: false, config: Self.config)
        defer { daemon.stop() }
        let clients = try write(Self.header + "1001;Daniëlle de Vries;VV5;De Linde;Noord;nee;\n1002;Mehmet Yılmaz;VV4;De Linde;Zuid;nee;\n",
                                "bewoners.csv", daemon)
        #expect(try pasjes(["import", "clients", clients], daemon).status == 0)
        let cards = try write("pasnummer;clientnummer\n04A22B1C;1001\n04B7C2D9E1F380;1009\n04C3D4E5;1002\n", "passen.csv", daemon)
        let refused = try pasjes(["import", "cards", cards], daemon)
        #expect(refused.status == 1 && refused.stderr.contains("regel 3: cliënt 1009 bestaat niet"), "\(refused.all)")
        #expect(try pasjes(["card", "list", "--client", "1001"], daemon).stdout.contains("Geen passen"), "nothing linked")
        let good = try write("pasnummer;clientnummer\n04A22B1C;1001\n04C3D4E5;1002\n", "goed.csv", daemon)
        let linked = try pasjes(["import", "cards", good], daemon)
        #expect(linked.status == 0 && linked.stdout.contains("2 pas(sen) geïmporteerd"), "\(linked.all)")
        #expect(try pasjes(["verify"], daemon).status == 0)
    }
}
