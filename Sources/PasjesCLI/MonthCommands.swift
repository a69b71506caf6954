import ArgumentParser
import Foundation
import PasjesMoney
import PasjesProtocol

/// `pasjes month`
struct MonthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "month", abstract: "Maandafsluiting: een maand afsluiten en het aansluitoverzicht.",
        subcommands: [MonthCloseCommand.self, MonthReportCommand.self])
}

/// `pasjes month close 2026-11`
struct MonthCloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Sluit een voorbije maand af (beheerders).",
        discussion: """
            Kan pas als de maand voorbij is (Europe/Amsterdam) en maar één keer: heropenen kan niet, \
            correcties zijn nieuwe boekingen in een open maand. Maanden sluiten op volgorde, vanaf de \
            maand van de eerste boeking. Toont eerst wat wordt afgesloten en vraagt in de terminal om \
            bevestiging; scripts geven --ja mee. Past de spaarregel toe op wat over is, \
            controleert dat de maand aansluit en bewaart de totalen met het zegel van het journaal \
            (bewaar dat zegel buiten de administratie: pasjes verify --seal).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Maand JJJJ-MM.", valueName: "maand")) var month: String
    @Option(name: .customLong("idempotency-key"),
            help: ArgumentHelp("Sleutel voor een herhaalde poging (standaard: nieuw).", valueName: "sleutel"))
    var idempotencyKey: String?
    @Flag(name: .customLong("ja"), help: "Sluit af zonder te vragen (voor scripts).") var yes = false
    @Flag(name: .customLong("toch"),
          help: "Meerdere locaties: sluit af al had een locatie die in de maand verkocht sindsdien geen contact (month_pending).")
    var anyway = false

    func validate() throws {
        if !Formatting.isMonth(month) { throw ValidationError("maand: JJJJ-MM, niet '\(month)'") }
    }

    func run() throws {
        let daemon = try global.connect()
        let unit = try daemon.unit()
        // The first page holds the totals and the number of clients: enough to know what is sealed.
        let preview = try daemon.call(.monthReport, MonthReportParams(month: month), as: MonthReportResult.self)
        if preview.closed == nil {
            if !global.json { Output.print(MonthClosePreview.text(preview)) }
            try Confirmation.require("\(month) afsluiten?", yes: yes)
        }
        let params = MonthCloseParams(idempotencyKey: IdempotencyKey.make(idempotencyKey), month: month,
                                      anyway: anyway ? true : nil)
        try daemon.run(.monthClose, params, as: MonthCloseInfo.self) { MonthFormatting.close($0, unit: unit) }
    }
}

/// `pasjes month report 2026-11 [--json]`
struct MonthReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Het aansluitoverzicht van een maand: per cliënt, kassa, product en medewerker, en of het aansluit.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Maand JJJJ-MM.", valueName: "maand")) var month: String
    @Flag(name: .customLong("breed"), help: "Alle kolommen per cliënt (breder dan 100 tekens); anders past het in 100.")
    var wide = false

    func validate() throws {
        if !Formatting.isMonth(month) { throw ValidationError("maand: JJJJ-MM, niet '\(month)'") }
    }

    func run() throws {
        let daemon = try global.connect()
        let report = try Self.fetch(month, from: daemon)
        if global.json {
            Output.printJSON(encoding: report)
        } else {
            Output.print(MonthFormatting.report(report, wide: wide))
        }
    }

    /// Every page of the report, its lines joined.
    static func fetch(_ month: String, from daemon: Daemon) throws -> MonthReportResult {
        try daemon.allPages(.monthReport, as: MonthReportResult.self, next: \.nextClientOffset, params: {
            MonthReportParams(month: month, clientOffset: $0)
        }, join: { whole, page in
            whole.clients += page.clients
            whole.counters += page.counters
            whole.products += page.products
            whole.operators += page.operators
            whole.locations += page.locations
        })
    }
}
