import ArgumentParser
import Foundation
import PasjesProtocol

/// `pasjes backup [DIR]`
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Maak een gecontroleerde kopie van het grootboek terwijl de kassa's doorwerken.",
        discussion: """
            pasjesd schrijft de kopie (in MAP, of in [backup] dir van zijn configuratie), controleert haar \
            (integrity_check en het hele journaal) en houdt de nieuwste [backup] keep kopieën. Schrijf het zegel op \
            bij het bestand: pasjes verify --seal vindt daarmee later weggeknipte of herschreven journaalregels.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Map voor de kopie (absoluut pad; standaard [backup] dir).", valueName: "map"))
    var dir: String?

    func validate() throws {
        if let dir, !dir.hasPrefix("/") {
            throw ValidationError("\(dir): geef een absoluut pad; pasjesd schrijft de kopie, niet deze terminal")
        }
    }

    func run() throws {
        try global.connect().run(.ledgerBackup, BackupParams(dir: dir), as: BackupResult.self) { result in
            var text = "Kopie gemaakt en gecontroleerd: \(result.path)\n"
                + "Zegel: \(result.seal)  (bewaar het bij de kopie, buiten deze computer)\n"
                + "Grootte: \(result.bytes / 1_024) KiB"
            if !result.removed.isEmpty { text += "\nOude kopieën verwijderd: \(result.removed.count)" }
            return text
        }
    }
}
