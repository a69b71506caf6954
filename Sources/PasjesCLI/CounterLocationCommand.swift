import ArgumentParser
import PasjesProtocol

/// `pasjes counter location restaurant EHV-NOORD`, `pasjes counter location restaurant --none`
struct CounterLocation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "location", abstract: "Zet een kassa op een locatie, of haal de locatie weg (--none).",
        discussion: "Rapporten tellen de verkopen van een kassa, ook eerdere, bij de locatie waar die nu staat.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Kassa-id.", valueName: "kassa")) var id: String
    @Argument(help: ArgumentHelp("Locatiecode, bijvoorbeeld EHV-NOORD.", valueName: "locatie")) var location: String?
    @Flag(name: .customLong("none"), help: "Geen locatie: haal de locatie van de kassa weg.") var none = false

    func validate() throws {
        if none == (location != nil) { throw ValidationError("geef een locatie of --none, niet allebei en niet geen van beide") }
    }

    func run() throws {
        try global.connect().run(.counterSetLocation, CounterSetLocationParams(id: id, location: none ? nil : location),
                                 as: CounterInfo.self) { Formatting.counterTable([$0]) }
    }
}
