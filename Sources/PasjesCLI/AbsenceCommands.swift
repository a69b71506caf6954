import ArgumentParser
import PasjesMoney
import PasjesProtocol

/// `pasjes absence add|list`: a resident in hospital or rehabilitation.
struct AbsenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "absence",
        abstract: "Afwezigheid (ziekenhuis, revalidatie): vaste diensten van die dagen komen terug in het budget.",
        subcommands: [AbsenceAdd.self, AbsenceList.self])
}

/// `pasjes absence add 1001 --from 03-12-2026 --through 09-12-2026 --reden ziekenhuis`
struct AbsenceAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Leg een afwezigheid vast; al geboekte vaste diensten van die dagen worden per dag terugbetaald.",
        discussion: "Aankopen met de pas blijven staan. Afwezigheden van één cliënt overlappen niet.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Cliëntnummer.", valueName: "nummer")) var clientNumber: String
    @Option(help: ArgumentHelp("Eerste dag afwezig, DD-MM-JJJJ of JJJJ-MM-DD.", valueName: "datum")) var from: String
    @Option(help: ArgumentHelp("Laatste dag afwezig, DD-MM-JJJJ of JJJJ-MM-DD.", valueName: "datum")) var through: String
    @Option(name: [.customLong("reden"), .customLong("reason")],
            help: ArgumentHelp("ziekenhuis, revalidatie of anders.", valueName: "reden")) var reason: String
    @Option(help: ArgumentHelp("Toelichting (optioneel).", valueName: "tekst")) var note: String?
    @Option(name: .customLong("idempotency-key"),
            help: ArgumentHelp("Sleutel voor een herhaalde poging (standaard: nieuw).", valueName: "sleutel"))
    var idempotencyKey: String?

    mutating func validate() throws {
        guard AbsenceReasonText.reason(reason) != nil else {
            throw ValidationError("--reden: ziekenhuis, revalidatie of anders, niet '\(reason)'")
        }
        from = try DayText.iso(from, option: "--from")
        through = try DayText.iso(through, option: "--through")
    }

    func run() throws {
        let daemon = try global.connect()
        let params = ClientAbsenceParams(
            idempotencyKey: IdempotencyKey.make(idempotencyKey), clientNumber: clientNumber, from: from, through: through,
            reason: AbsenceReasonText.reason(reason)!, note: note)
        try daemon.run(.clientAbsence, params, as: ClientAbsenceResult.self) { result in
            var lines = ["Afwezig vastgelegd: \(clientNumber) van \(result.absence.from) tot en met \(result.absence.through)"]
            for refund in result.refunds {
                lines.append("Terug: \(refund.productName), \(refund.days) \(refund.days == 1 ? "dag" : "dagen") in "
                             + "\(refund.month): \(refund.amount.formatted(result.unit))")
            }
            if result.refunds.isEmpty { lines.append("Geen geboekte vaste diensten op die dagen: niets terug te betalen.") }
            if result.holdsReleased > 0 {
                lines.append("Activiteiten vrijgegeven: \(result.holdsReleased) (boekingen en wachtlijstplaatsen in die dagen)")
            }
            lines.append("Saldo \(result.balance.formatted(result.unit))   [\(result.light.dutchWord)]")
            return lines.joined(separator: "\n")
        }
    }
}

/// `pasjes absence list 1001`
struct AbsenceList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Toon de afwezigheden van een cliënt.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Cliëntnummer.", valueName: "nummer")) var clientNumber: String

    func run() throws {
        let daemon = try global.connect()
        try daemon.run(.clientAbsences, ClientNumberParams(clientNumber: clientNumber), as: ClientAbsencesResult.self) { list in
            var table = Table([.init("Van"), .init("Tot en met"), .init("Reden"), .init("Toelichting")])
            for a in list.absences { table.add([a.from, a.through, a.reason.dutch, a.note ?? ""]) }
            return table.render(ifEmpty: "Geen afwezigheden vastgelegd voor \(clientNumber).")
        }
    }
}
