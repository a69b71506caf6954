import ArgumentParser
import Foundation
import PasjesProtocol

/// `pasjes import clients|cards FILE.csv`
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Importeer cliënten of passen uit CSV: alles of niets.",
        discussion: """
            pasjesd controleert alle regels in één keer (ook ZZP's en bestaande nummers); bij één foute regel wordt
            niets geïmporteerd en staan alle foute regels met regelnummer op stderr (status 1). Anders boekt pasjesd alle
            regels in één transactie. Een herhaling van hetzelfde bestand maakt niets dubbel.
            """,
        subcommands: [ImportClients.self, ImportCards.self])
}

/// The outcome of an import, for `--json`: `imported`, or `wouldImport` for a `--dry-run`
/// (nothing was imported, so a script must not read a count of imported rows).
struct ImportSummary: Codable, Sendable {
    var imported: Int
    var alreadyPresent: Int
    var dryRun: Bool

    private enum CodingKeys: String, CodingKey {
        case imported, wouldImport, alreadyPresent, dryRun
    }

    init(imported: Int, alreadyPresent: Int, dryRun: Bool) {
        self.imported = imported
        self.alreadyPresent = alreadyPresent
        self.dryRun = dryRun
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        dryRun = try container.decode(Bool.self, forKey: .dryRun)
        imported = try container.decode(Int.self, forKey: dryRun ? .wouldImport : .imported)
        alreadyPresent = try container.decode(Int.self, forKey: .alreadyPresent)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(imported, forKey: dryRun ? .wouldImport : .imported)
        try container.encode(alreadyPresent, forKey: .alreadyPresent)
        try container.encode(dryRun, forKey: .dryRun)
    }
}

enum ImportFile {
    /// The bytes of `path`, refusing files over the size limit before reading them.
    static func read(_ path: String, limits: CSVReader.Limits = .standard) throws -> [UInt8] {
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw CLIFailure.usage("Kan \(path) niet lezen: bestand niet gevonden")
        }
        if let size = attributes[.size] as? NSNumber, size.intValue > limits.maxBytes {
            throw CLIFailure(.refused, "Niets geïmporteerd: \(path) is groter dan \(limits.maxBytes / 1024 / 1024) MiB.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure.usage("Kan \(path) niet lezen")
        }
        return Array(data)
    }

    /// The stderr text listing every problem.
    static func report(_ problems: ImportProblems, path: String) -> String {
        let count = problems.errors.count
        return (["Niets geïmporteerd uit \(path): \(count) \(count == 1 ? "probleem" : "problemen") gevonden."]
            + problems.errors.map { "  \($0)" }).joined(separator: "\n")
    }

    static func finish(_ summary: ImportSummary, what: String, json: Bool) {
        if json {
            Output.printJSON(encoding: summary)
        } else if summary.dryRun {
            Output.print("Controle gelukt: \(summary.imported) \(what) nieuw, \(summary.alreadyPresent) bestonden al. Niets geïmporteerd (--dry-run).")
        } else {
            Output.print("\(summary.imported) \(what) geïmporteerd\(summary.alreadyPresent > 0 ? ", \(summary.alreadyPresent) bestonden al (ongewijzigd)" : "").")
        }
    }
}

/// `pasjes import clients bewoners.csv`
struct ImportClients: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clients", abstract: "Importeer cliënten.",
        discussion: """
            Kolommen (kopregel, ; of , gescheiden): clientnummer|nummer|number, naam|name, zzp, locatie|location,
            afdeling|department, optioneel eigen_bijdrage|own_contribution (ja/nee) en plafond|cap (bedrag).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("CSV-bestand (UTF-8).", valueName: "bestand")) var file: String
    @Flag(name: .customLong("dry-run"), help: "Alleen controleren (ook bij pasjesd), niets aanmaken.") var dryRun = false
    @Flag(name: .customLong("toch"), help: "Importeer ook regels die op een bestaande bewoner lijken (zelfde naam en locatie).")
    var toch = false

    func run() throws {
        let bytes = try ImportFile.read(file)
        let daemon = try global.connect()
        let (planned, local) = ClientImportPlan.rows(bytes, unit: try daemon.unit())
        let summary = try ImportUpload.run(
            .clients, rows: planned.map(\.wireRow), local: local, daemon: daemon, path: file,
            fileKey: ["pasjes-import-clients", ContentHash.hex(bytes)], toch: toch, dryRun: dryRun
        ) { ImportRowsParams(importId: $0, clients: $1) }
        ImportFile.finish(summary, what: "cliënt(en)", json: global.json)
    }
}

/// `pasjes import cards passen.csv`
struct ImportCards: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cards", abstract: "Importeer passen (koppel ze aan bestaande cliënten).",
        discussion: "Kolommen (kopregel, ; of , gescheiden): uid|pasnummer, clientnummer|client.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("CSV-bestand (UTF-8).", valueName: "bestand")) var file: String
    @Flag(name: .customLong("dry-run"), help: "Alleen controleren (ook bij pasjesd), niets koppelen.") var dryRun = false

    func run() throws {
        let bytes = try ImportFile.read(file)
        let (planned, local) = CardImportPlan.rows(bytes)
        let daemon = try global.connect()
        let summary = try ImportUpload.run(
            .cards, rows: planned.map { ImportCardRow(line: $0.line, uid: $0.params.uid, clientNumber: $0.params.clientNumber) },
            local: local, daemon: daemon, path: file, fileKey: ["pasjes-import-cards", ContentHash.hex(bytes)],
            toch: false, dryRun: dryRun
        ) { ImportRowsParams(importId: $0, cards: $1) }
        ImportFile.finish(summary, what: "pas(sen)", json: global.json)
    }
}
