import Foundation
import PasjesMoney
import PasjesCLI
import PasjesTestSupport
import Testing

/// The built `pasjes` binary against a real pasjesd on a fresh database.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjesd"))
                            && FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct EndToEndTests {
    typealias Run = CLIRun

    /// Runs `pasjes` with `arguments` against `socket` and collects its output.
    func pasjes(_ arguments: [String], socket: String) throws -> Run {
        try TestSupport.pasjes(arguments, socket: socket)
    }

    @Test func adminSessionAgainstARealDaemon() throws {
        let daemon = try DaemonProcess(demo: false)
        defer { daemon.stop() }
        let socket = daemon.socketPath
        let folder = daemon.folder

        let info = try pasjes(["info", "--json"], socket: socket)
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.contains("\"unit\" : \"cents\""))

        // A file with one bad row imports nothing and names the line.
        let bad = folder.appendingPathComponent("bad.csv").path
        try "\u{FEFF}nummer;naam;zzp;locatie;afdeling;eigen_bijdrage;plafond\r\n1001;Daniëlle de Vries;5VV;De Linde;Noord;ja;25,00\r\n1002;;4VV;De Linde;Zuid;nee;\r\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try pasjes(["import", "clients", bad], socket: socket)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("regel 3: naam ontbreekt"))
        let none = try pasjes(["client", "list", "--json"], socket: socket)
        #expect(none.status == 0)
        #expect(!none.stdout.contains("1001"), "nothing imported")

        // A good file imports everything; running it again creates nothing twice.
        let good = folder.appendingPathComponent("good.csv").path
        try "nummer,naam,zzp,locatie,afdeling,eigen_bijdrage,plafond\n1001,Daniëlle de Vries,5VV,De Linde,Noord,ja,\"25,00\"\n1002,\"Çelik, Ayşe\",4VV,De Linde,Zuid,nee,\n"
            .write(toFile: good, atomically: true, encoding: .utf8)
        let imported = try pasjes(["import", "clients", good], socket: socket)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("2 cliënt(en) geïmporteerd"))
        let again = try pasjes(["import", "clients", good], socket: socket)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("0 cliënt(en) geïmporteerd, 2 bestonden al"))

        let cards = folder.appendingPathComponent("cards.csv").path
        try "pasnummer;clientnummer\n04:A2:2B:1C;1001\n04 B1 C2 D3 E4 F5 06;1002\n".write(toFile: cards, atomically: true, encoding: .utf8)
        let linked = try pasjes(["import", "cards", cards], socket: socket)
        #expect(linked.status == 0, "\(linked.stderr)")
        #expect(linked.stdout.contains("2 pas(sen) geïmporteerd"))
        #expect(try pasjes(["card", "get", "04a22b1c"], socket: socket).stdout.contains("Daniëlle de Vries"))

        // The table aligns names by display width.
        let list = try pasjes(["client", "list"], socket: socket)
        #expect(list.status == 0)
        let rows = list.stdout.split(separator: "\n").map(String.init)
        // The last column (Plafond) is right-aligned: header and data rows end in the same column.
        let table = rows.filter { $0.hasPrefix("Nummer") || $0.hasPrefix("100") }
        #expect(table.count == 3)
        #expect(Set(table.map(DisplayWidth.of)).count == 1, "\(list.stdout)")

        // Catalogue, budget, a refused and an accepted charge, a reversal.
        #expect(try pasjes(["counter", "create", "rest", "--name", "Restaurant", "--category", "facilitair"], socket: socket).status == 0)
        let product = try pasjes(["product", "create", "KOF", "--name", "Koffie", "--price", "1,20", "--category", "facilitair",
                                  "--attributable", "--influenceable"], socket: socket)
        #expect(product.status == 0, "\(product.stderr)")
        #expect(product.stdout.contains("€ 1,20"))
        let allocated = try pasjes(["budget", "allocate", "1002", "--amount", "2,00"], socket: socket)
        #expect(allocated.status == 0, "\(allocated.stderr)")
        let tooMuch = try pasjes(["sale", "charge", "1002", "--counter", "rest", "--item", "KOF:5", "--reason", "pas vergeten"],
                                 socket: socket)
        #expect(tooMuch.status == 1)
        #expect(tooMuch.stderr.hasPrefix("Geweigerd: "))
        #expect(tooMuch.stderr.contains("(insufficient_funds)"))
        let sale = try pasjes(["sale", "charge", "1002", "--counter", "rest", "--item", "KOF", "--reason", "pas vergeten", "--json"],
                              socket: socket)
        #expect(sale.status == 0, "\(sale.stderr)")
        let saleObject = try JSONSerialization.jsonObject(with: Data(sale.stdout.utf8)) as? [String: Any]
        let saleId = try #require(saleObject?["saleId"] as? String)
        let wallet = try pasjes(["wallet", "1002"], socket: socket)
        #expect(wallet.stdout.contains("€ 0,80"), "\(wallet.stdout)")
        let reversed = try pasjes(["sale", "reverse", saleId], socket: socket)
        #expect(reversed.status == 0, "\(reversed.stderr)")
        let history = try pasjes(["wallet", "history", "1002"], socket: socket)
        #expect(history.stdout.contains("terugboeking"))
        #expect(try pasjes(["verify"], socket: socket).status == 0)

        // Usage and unreachable.
        #expect(try pasjes(["budget", "allocate", "1002", "--amount", "twee"], socket: socket).status == 2)
        let away = try pasjes(["wallet", "1002", "--socket", folder.appendingPathComponent("none.sock").path], socket: socket)
        #expect(away.status == 3)
        #expect(away.stderr.contains("pasjesd is niet bereikbaar op"))
    }
}
