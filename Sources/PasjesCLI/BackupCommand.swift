import ArgumentParser
import Foundation
import PasjesModel
import PasjesProtocol

/// `pasjes backup [DIR]`
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Maak een gecontroleerde kopie van het grootboek terwijl de kassa's doorwerken.",
        discussion: """
            pasjesd controleert eerst het grootboek zelf (integrity_check en het hele journaal), schrijft dan de kopie \
            (in MAP, of in [backup] dir van zijn configuratie), controleert ook die en houdt de nieuwste [backup] keep \
            kopieën. Is het grootboek beschadigd, dan komt er geen kopie, meldt pasjes dat als ALARM met de kopie om \
            terug te zetten, en is de exitcode 1. Schrijf het zegel op bij het bestand: pasjes verify --seal vindt \
            daarmee later weggeknipte of herschreven journaalregels.
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
        do {
            try global.connect().run(.ledgerBackup, BackupParams(dir: dir), as: BackupResult.self) { result in
                var text = "Kopie gemaakt en gecontroleerd: \(result.path)\n"
                    + "Zegel: \(result.seal)  (bewaar het bij de kopie, buiten deze computer)\n"
                    + "Grootte: \(result.bytes / 1_024) KiB"
                if let milliseconds = result.checkMilliseconds {
                    text += "\nGrootboek gecontroleerd in \(Self.seconds(milliseconds)) s"
                }
                if !result.removed.isEmpty { text += "\nOude kopieën verwijderd: \(result.removed.count)" }
                return text
            }
        } catch let refusal as RPCError where refusal.reason == Reason.ledgerDamaged.code {
            // Not "Geweigerd": nothing was asked wrongly. The live ledger is damaged, which the
            // daily timer's run must make loud (exit 1 fails pasjes-backup.service).
            throw CLIFailure(.refused, "ALARM: \(refusal.message)\n  Gevonden: \(refusal.data?.detail ?? "")")
        }
    }

    /// `1,3` for 1 300 ms: seconds the Dutch way, one decimal.
    static func seconds(_ milliseconds: Int64) -> String {
        "\(milliseconds / 1_000),\(milliseconds % 1_000 / 100)"
    }
}
