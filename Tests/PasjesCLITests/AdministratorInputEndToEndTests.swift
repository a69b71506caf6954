import Foundation
import PasjesCLI
import PasjesTestSupport
import Testing

/// Issue 9 through the built `pasjes` against a real pasjesd (`--no-readers`): amounts, input
/// hygiene and one language.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjesd"))
                            && FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct AdministratorInputEndToEndTests {
    typealias Run = CLIRun

    func pasjes(_ arguments: [String], socket: String) throws -> Run {
        try TestSupport.pasjes(arguments, socket: socket)
    }

    /// The product's price in minor units as `product list --json` reports it.
    func price(of code: String, socket: String) throws -> Int64? {
        let list = try pasjes(["product", "list", "--json"], socket: socket)
        let object = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
        let products = object?["products"] as? [[String: Any]] ?? []
        return (products.first { $0["code"] as? String == code }?["price"] as? NSNumber)?.int64Value
    }

    @Test func amountsAreReadTheOneWay() throws {
        let daemon = try DaemonProcess(demo: false)
        defer { daemon.stop() }
        let socket = daemon.socketPath
        for (code, text, cents) in [("T1", "12.5", Int64(1_250)), ("T2", "0.5", 50), ("T3", "7,5", 750), ("T4", "1.234,50", 123_450)] {
            let made = try pasjes(["product", "create", code, "--name", code, "--price", text, "--category", "facilitair",
                                   "--attributable", "--influenceable"], socket: socket)
            #expect(made.status == 0, "\(made.stderr)")
            #expect(try price(of: code, socket: socket) == cents, "\(text)")
        }
        for text in ["1.2345", "1.23.4", "12,345,6", "1.234"] {
            let refused = try pasjes(["product", "create", "X", "--name", "X", "--price", text, "--category", "facilitair",
                                      "--attributable", "--influenceable"], socket: socket)
            #expect(refused.status == 2, "\(text)")
            #expect(refused.stderr.hasPrefix("Fout: Ongeldig bedrag voor --price"), "\(refused.stderr)")
        }
        let ambiguous = try pasjes(["product", "update", "T1", "--price", "1.234"], socket: socket)
        #expect(ambiguous.stderr.contains("€ 1,234 of € 1.234,00"), "\(ambiguous.stderr)")
        let negative = try pasjes(["product", "update", "T1", "--price", "-1,00"], socket: socket)
        #expect(negative.status == 2)
        #expect(negative.stderr.contains("bedrag moet positief zijn"), "\(negative.stderr)")
        #expect(try price(of: "T1", socket: socket) == 1_250, "nothing changed")
        #expect(try pasjes(["verify"], socket: socket).status == 0)
    }

    @Test func inputIsTrimmedCheckedAndCodesAreUpperCase() throws {
        let daemon = try DaemonProcess(demo: false)
        defer { daemon.stop() }
        let socket = daemon.socketPath
        let empty = try pasjes(["client", "list"], socket: socket)
        #expect(empty.status == 0)
        #expect(empty.stdout == "Geen cliënten gevonden.\n", "\(empty.stdout)")
        #expect(try pasjes(["product", "list"], socket: socket).stdout == "Geen producten gevonden.\n")

        let made = try pasjes(["client", "create", " 1001 ", "--name", "  Daniëlle de Vries ", "--zzp", "VV5",
                               "--location", "De Linde", "--department", "Noord", "--cap", "12.5", "--own-contribution", "ja"],
                              socket: socket)
        #expect(made.status == 0, "\(made.stderr)")
        let got = try pasjes(["client", "get", "1001", "--json"], socket: socket)
        #expect(got.stdout.contains("\"name\" : \"Daniëlle de Vries\""), "\(got.stdout)")
        #expect(got.stdout.contains("\"ownContributionCap\" : 1250"), "\(got.stdout)")
        let bad = try pasjes(["client", "create", "10 02", "--name", "A", "--zzp", "VV5", "--location", "L", "--department", "D"],
                             socket: socket)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("alleen uit letters (A-Z, a-z), cijfers en -"))

        let away = try pasjes(["client", "update", "1001", "--status", "afwezig"], socket: socket)
        #expect(away.status == 0, "\(away.stderr)")
        #expect(away.stdout.contains("afwezig"))
        #expect(try pasjes(["client", "list", "--status", "absent"], socket: socket).stdout.contains("1001"))
        #expect(try pasjes(["client", "list", "--status", "beëindigd"], socket: socket).stdout == "Geen cliënten gevonden.\n")

        #expect(try pasjes(["counter", "create", "rest", "--name", "Restaurant", "--category", "facilitair"], socket: socket).status == 0)
        let product = try pasjes(["product", "create", "kof", "--name", "Koffie", "--price", "1,20", "--category", "facilitair",
                                  "--attributable", "--influenceable"], socket: socket)
        #expect(product.stdout.contains("KOF"), "\(product.stdout)")
        let twice = try pasjes(["product", "create", "Kof", "--name", "Koffie", "--price", "1,20", "--category", "facilitair",
                                "--attributable", "--influenceable"], socket: socket)
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("product_exists"))
        #expect(try pasjes(["product", "update", "kof", "--price", "1,30"], socket: socket).stdout.contains("€ 1,30"))
    }

    @Test func refusalsAndInfoAreDutch() throws {
        let daemon = try DaemonProcess(demo: false)
        defer { daemon.stop() }
        let socket = daemon.socketPath
        let info = try pasjes(["info"], socket: socket)
        #expect(info.stdout.contains("uitgeschakeld"), "\(info.stdout)")
        #expect(!info.stdout.contains("NIET bereikbaar"))

        #expect(try pasjes(["counter", "create", "rest", "--name", "Restaurant", "--category", "facilitair"], socket: socket).status == 0)
        #expect(try pasjes(["product", "create", "MAALT", "--name", "Maaltijd", "--price", "5", "--category", "facilitair",
                            "--attributable", "--influenceable"], socket: socket).status == 0)
        #expect(try pasjes(["client", "create", "1001", "--name", "Jan", "--zzp", "VV5", "--location", "L", "--department", "D"],
                           socket: socket).status == 0)
        #expect(try pasjes(["budget", "allocate", "1001", "--amount", "2"], socket: socket).status == 0)
        let short = try pasjes(["sale", "charge", "1001", "--counter", "rest", "--item", "MAALT", "--reason", "pas vergeten"],
                               socket: socket)
        #expect(short.status == 1)
        #expect(short.stderr.contains("tekort"), "\(short.stderr)")
        #expect(short.stderr.contains("€ "), "\(short.stderr)")
        #expect(!short.stderr.contains("short"), "\(short.stderr)")
        let unknown = try pasjes(["product", "list", "--counter", "bar"], socket: socket)
        #expect(unknown.stderr.hasPrefix("Geweigerd: Deze kassa is niet bekend."), "\(unknown.stderr)")

        let file = daemon.folder.appendingPathComponent("c.csv").path
        try "nummer;naam;zzp;locatie;afdeling\n2001;A;VV5;L;D\n".write(toFile: file, atomically: true, encoding: .utf8)
        let dry = try pasjes(["import", "clients", file, "--dry-run", "--json"], socket: socket)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("\"wouldImport\" : 1"), "\(dry.stdout)")
        #expect(!dry.stdout.contains("\"imported\""))
    }
}
