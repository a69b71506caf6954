import ArgumentParser
import Foundation
import PasjesProtocol

/// `pasjes import clients|cards FILE.csv`
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Importeer cliënten of passen uit CSV: alles of niets.",
        discussion: """
            Elke regel wordt eerst gecontroleerd; bij één foute regel wordt niets geïmporteerd en staan alle
            foute regels met regelnummer op stderr (status 1). Een herhaling na een onderbreking maakt niets dubbel.
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
            Output.print("Controle gelukt: \(summary.imported) \(what) nieuw, \(summary.alreadyPresent) bestonden al. Niets verstuurd (--dry-run).")
        } else {
            Output.print("\(summary.imported) \(what) geïmporteerd\(summary.alreadyPresent > 0 ? ", \(summary.alreadyPresent) bestonden al (ongewijzigd)" : "").")
        }
    }

    /// A refusal in the middle of sending: say how far it got and that a re-run is safe.
    static func midwayFailure(_ refusal: RPCError, line: Int, done: Int, total: Int) -> CLIFailure {
        CLIFailure(.refused, """
            regel \(line): \(ExitCodes.refusalText(refusal))
            \(done) van \(total) regels verstuurd vóór deze fout. Los het op en draai de import opnieuw: \
            wat al verstuurd is wordt herkend en niet dubbel gemaakt.
            """)
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

    func run() throws {
        let bytes = try ImportFile.read(file)
        let daemon = try global.connect()
        let planned: [PlannedClient]
        switch ClientImportPlan.plan(bytes, unit: try daemon.unit()) {
        case .success(let plan): planned = plan
        case .failure(let problems): throw CLIFailure(.refused, ImportFile.report(problems, path: file))
        }
        var errors: [ImportRowError] = []
        var toCreate: [PlannedClient] = []
        var already = 0
        for client in planned {
            do {
                let existing = try daemon.call(.clientGet, ClientRef(number: client.params.number), as: ClientInfo.self)
                if ClientImportPlan.matches(existing, client.params) {
                    already += 1
                } else {
                    errors.append(ImportRowError(line: client.line, "cliënt \(existing.number) bestaat al (\(existing.name), \(existing.location))"))
                }
            } catch let refusal as RPCError where refusal.reason == "client_unknown" {
                toCreate.append(client)
            }
        }
        if !errors.isEmpty { throw CLIFailure(.refused, ImportFile.report(ImportProblems(errors), path: file)) }
        if !dryRun {
            for (done, client) in toCreate.enumerated() {
                do {
                    _ = try daemon.call(.clientCreate, client.params, as: ClientInfo.self)
                } catch let refusal as RPCError {
                    throw ImportFile.midwayFailure(refusal, line: client.line, done: done, total: toCreate.count)
                }
            }
        }
        ImportFile.finish(ImportSummary(imported: toCreate.count, alreadyPresent: already, dryRun: dryRun),
                          what: "cliënt(en)", json: global.json)
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
        let planned: [PlannedCard]
        switch CardImportPlan.plan(bytes) {
        case .success(let plan): planned = plan
        case .failure(let problems): throw CLIFailure(.refused, ImportFile.report(problems, path: file))
        }
        let daemon = try global.connect()
        var errors: [ImportRowError] = []
        var toLink: [PlannedCard] = []
        var already = 0
        var clientKnown: [String: Bool] = [:]
        for card in planned {
            let number = card.params.clientNumber
            if clientKnown[number] == nil {
                do {
                    _ = try daemon.call(.clientGet, ClientRef(number: number), as: ClientInfo.self)
                    clientKnown[number] = true
                } catch let refusal as RPCError where refusal.reason == "client_unknown" {
                    clientKnown[number] = false
                }
            }
            if clientKnown[number] == false {
                errors.append(ImportRowError(line: card.line, "cliënt \(number) bestaat niet"))
                continue
            }
            do {
                let existing = try daemon.call(.cardGet, CardRef(uid: card.params.uid), as: CardDetail.self)
                if existing.card.clientNumber == number {
                    already += 1
                } else {
                    errors.append(ImportRowError(line: card.line, "pas \(card.params.uid) is al gekoppeld aan cliënt \(existing.card.clientNumber)"))
                }
            } catch let refusal as RPCError where refusal.reason == "card_unknown" {
                toLink.append(card)
            }
        }
        errors += try Self.secondActiveCards(toLink, daemon: daemon)
        if !errors.isEmpty { throw CLIFailure(.refused, ImportFile.report(ImportProblems(errors), path: file)) }
        if !dryRun {
            for (done, card) in toLink.enumerated() {
                do {
                    _ = try daemon.call(.cardLink, card.params, as: CardInfo.self)
                } catch let refusal as RPCError {
                    throw ImportFile.midwayFailure(refusal, line: card.line, done: done, total: toLink.count)
                }
            }
        }
        ImportFile.finish(ImportSummary(imported: toLink.count, alreadyPresent: already, dryRun: dryRun),
                          what: "pas(sen)", json: global.json)
    }

    /// Rows that would give a client a second active card: the ledger refuses those
    /// (`active_card_exists`), so they are found while checking, never halfway through linking.
    static func secondActiveCards(_ toLink: [PlannedCard], daemon: Daemon) throws -> [ImportRowError] {
        var errors: [ImportRowError] = []
        let byClient = Dictionary(grouping: toLink, by: \.params.clientNumber)
        for (number, cards) in byClient.sorted(by: { $0.key < $1.key }) {
            let active = try daemon.call(.cardList, CardListParams(clientNumber: number, state: .active),
                                         as: CardListResult.self).cards
            guard active.count + cards.count > 1 else { continue }
            for card in cards {
                let reason = active.first.map { "cliënt \(number) heeft al een actieve pas (\($0.uid))" }
                    ?? "cliënt \(number) krijgt in dit bestand \(cards.count) passen (regels \(cards.map { String($0.line) }.joined(separator: ", ")))"
                errors.append(ImportRowError(
                    line: card.line, "\(reason); een extra pas koppelt u los met `pasjes card link --extra`"))
            }
        }
        return errors.sorted { $0.line < $1.line }
    }
}
