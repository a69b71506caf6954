import ArgumentParser
import Foundation
import PasjesProtocol

/// `pasjes export csv|hledger|memoriaal --month 2026-11 [--out DIR]`
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Bestanden voor de financiële administratie.",
        subcommands: [ExportCSV.self, ExportHledger.self, ExportMemoriaal.self])
}

/// The options every export shares, and writing the file.
struct ExportOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Maand JJJJ-MM.", valueName: "maand")) var month: String?
    @Option(help: ArgumentHelp("Jaar JJJJ (alleen hledger: het hele jaar in één journaal).", valueName: "jaar"))
    var year: String?
    @Option(help: ArgumentHelp("Map waarin het bestand komt (standaard: de huidige map); - schrijft naar de uitvoer.",
                               valueName: "map"))
    var out: String?

    func validate() throws {
        switch (month, year) {
        case (let month?, nil):
            if !Formatting.isMonth(month) { throw ValidationError("--month: JJJJ-MM, niet '\(month)'") }
        case (nil, let year?):
            guard year.count == 4, let number = Int(year), (2000...2999).contains(number) else {
                throw ValidationError("--year: JJJJ, niet '\(year)'")
            }
        default:
            throw ValidationError("geef --month JJJJ-MM (of voor hledger --year JJJJ)")
        }
    }

    /// Fetches every page of export `kind` and writes it as one file (or to stdout with `--out -`).
    func export(_ kind: String) throws {
        if year != nil, kind != "hledger" { throw CLIFailure(.usage, "--year kan alleen bij export hledger; gebruik --month.") }
        let period = month ?? year ?? ""
        let daemon = try global.connect()
        var page = try daemon.call(.monthExport, MonthExportParams(month: period, kind: kind), as: MonthExportResult.self)
        var bytes = Array(page.text.utf8)
        while let next = page.nextOffset {
            page = try daemon.call(.monthExport, MonthExportParams(month: period, kind: kind, offset: next),
                                   as: MonthExportResult.self)
            bytes += page.text.utf8
        }
        guard bytes.count == page.totalBytes else {
            throw CLIFailure(.refused, "Export onvolledig: \(bytes.count) van \(page.totalBytes) bytes; probeer opnieuw.")
        }
        if out == "-" {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        let file = try OutputFolder(out ?? FileManager.default.currentDirectoryPath).write(bytes, as: page.fileName)
        Output.print("Geschreven: \(file.path) (\(bytes.count) bytes)")
    }
}

/// `pasjes export csv --month 2026-11 --kind sales`
struct ExportCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "CSV voor Excel: ; als scheiding, decimale komma, UTF-8 met BOM, CRLF, datums dd-mm-jjjj.")

    @OptionGroup var options: ExportOptions
    @Option(help: ArgumentHelp("sales (verkopen), clients (cliënten) of counters (kassa's).", valueName: "soort"))
    var kind: String

    func validate() throws {
        guard ["sales", "clients", "counters"].contains(kind) else {
            throw ValidationError("--kind: sales, clients of counters, niet '\(kind)'")
        }
    }

    func run() throws { try options.export(kind) }
}

/// `pasjes export hledger --month 2026-11` or `--year 2026`
struct ExportHledger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hledger",
        abstract: "Een hledger-journaal van de maand (of met --year het jaar): beginsaldi en elke boeking (hledger check -s keurt het goed).")

    @OptionGroup var options: ExportOptions

    func run() throws { try options.export("hledger") }
}

/// `pasjes export memoriaal --month 2026-11`
struct ExportMemoriaal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memoriaal",
        abstract: "Memoriaalboekingen voor het boekhoudpakket (grootboeknummers uit [export] van pasjesd.toml).")

    @OptionGroup var options: ExportOptions

    func run() throws { try options.export("memoriaal") }
}
