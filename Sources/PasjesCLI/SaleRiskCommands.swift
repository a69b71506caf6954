import ArgumentParser
import Foundation
import PasjesProtocol

/// `pasjes sale risks [--maand 2026-12] [--open]`
struct SaleRisksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risks",
        abstract: "Offline verkopen die de portemonnee niet kon betalen toen ze de centrale bereikten (beheerders).",
        discussion: """
            Een locatie die de centrale niet bereikt, verkoopt offline binnen haar limieten. Komt zo'n \
            verkoop later aan en laten de regels hem dan niet meer toe (saldo intussen op, pas intussen \
            geblokkeerd), dan betaalt de rekening offline:risk van de organisatie het deel dat niet mag, \
            nooit het eigen geld van de bewoner. Handel ze af met pasjes sale settle-risk.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("maand"), help: ArgumentHelp("Alleen deze maand (JJJJ-MM).", valueName: "maand")) var month: String?
    @Flag(name: .customLong("open"), help: "Alleen wat nog niet is afgehandeld.") var openOnly = false

    func validate() throws {
        if let month, !Formatting.isMonth(month) { throw ValidationError("maand: JJJJ-MM, niet '\(month)'") }
    }

    func run() throws {
        try global.connect().run(.saleRisks, SaleRisksParams(month: month, open: openOnly ? true : nil),
                                 as: SaleRisksResult.self) { result in
            guard let first = result.risks.first else { return "Geen offline-risico's." }
            var table = Table([.init("Verkoop"), .init("Cliënt"), .init("Node"), .init("Verkocht"), .init("Maand"),
                               .init("Risico", .right), .init("Waarom"), .init("Afgehandeld")])
            for risk in result.risks {
                table.add([risk.saleId, risk.clientNumber, risk.node, Formatting.localTime(risk.at), risk.month,
                           risk.amount.formatted(first.unit), MonthFormatting.riskReason(risk.reason),
                           risk.settlement.map(MonthFormatting.settlementWord) ?? "open"])
            }
            return table.render() + (result.truncated ? "\n(meer dan \(result.risks.count); kies een maand met --maand)" : "")
        }
    }
}

/// `pasjes sale settle-risk VERKOOP --portemonnee | --organisatie`
struct SaleSettleRiskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle-risk",
        abstract: "Handel het offline-risico van een verkoop af: de portemonnee betaalt het alsnog, of de organisatie draagt het.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Id van de verkoop.") var saleId: String
    @Flag(name: .customLong("portemonnee"), help: "De portemonnee van de bewoner betaalt het nu (niet onder nul).")
    var wallet = false
    @Flag(name: .customLong("organisatie"), help: "De organisatie draagt het.") var organisation = false
    @Option(name: .customLong("idempotency-key"), help: "Sleutel voor een herhaalde poging (standaard: nieuw).")
    var idempotencyKey: String?

    func validate() throws {
        guard wallet != organisation else { throw ValidationError("kies --portemonnee of --organisatie") }
    }

    func run() throws {
        let params = SaleSettleRiskParams(idempotencyKey: IdempotencyKey.make(idempotencyKey), saleId: saleId,
                                          settlement: wallet ? "wallet" : "organisation")
        try global.connect().run(.saleSettleRisk, params, as: SaleSettleRiskResult.self) { result in
            "Offline-risico van \(result.saleId) afgehandeld (\(MonthFormatting.settlementWord(result.settlement))): "
                + "\(result.amount.formatted(result.unit)); saldo nu \(result.balance.formatted(result.unit))"
        }
    }
}
