import ArgumentParser
import PasjesMoney
import PasjesProtocol

/// `pasjes budget grant 1001 --amount 25,00 --reason "…"`
struct BudgetGrant: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Ken geld uit de solidariteitspot toe aan een cliënt (beheerders; een reden is verplicht).",
        discussion: "Nooit meer dan er in de pot zit. Het staat op het maandoverzicht en in het maandrapport.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Cliëntnummer.", valueName: "nummer")) var clientNumber: String
    @Option(parsing: .unconditional, help: ArgumentHelp("Bedrag, bijvoorbeeld 25,00.", valueName: "bedrag")) var amount: String
    @Option(name: [.customLong("reden"), .customLong("reason")], help: "Waarom (verplicht).") var reason: String
    @Option(name: .customLong("idempotency-key"),
            help: ArgumentHelp("Sleutel voor een herhaalde poging (standaard: nieuw).", valueName: "sleutel"))
    var idempotencyKey: String?

    func validate() throws { try AmountText.refuseNegative(amount, option: "--amount") }

    func run() throws {
        let daemon = try global.connect()
        let params = BudgetGrantParams(idempotencyKey: IdempotencyKey.make(idempotencyKey), clientNumber: clientNumber,
                                       amount: try daemon.amount(amount, option: "--amount"), reason: reason)
        try daemon.run(.budgetGrant, params, as: BudgetGrantResult.self) { r in
            "Toegekend uit de solidariteitspot: \(r.amount.formatted(r.unit)) aan \(r.clientNumber) (\(r.reason))\n"
                + "Saldo \(r.balance.formatted(r.unit))   [\(r.light.dutchWord)]\n"
                + "Nog in de pot: \(r.solidarityBalance.formatted(r.unit))"
        }
    }
}

/// `pasjes budget solidarity`
struct BudgetSolidarity: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solidarity", abstract: "Toon de solidariteitspot en wat elke toekenning erin stort.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let daemon = try global.connect()
        try daemon.run(.budgetSolidarity, NoParams(), as: SolidarityResult.self) { r in
            let share = r.basisPoints == 0 ? nil : "\(r.basisPoints / 100)\(r.basisPoints % 100 == 0 ? "" : ",\(r.basisPoints % 100)") %"
            let fixed = r.fixed.minorUnits == 0 ? nil : r.fixed.formatted(r.unit)
            let rule = [share.map { "\($0) van elke toekenning" }, fixed.map { "\($0) per toekenning" }].compactMap { $0 }
            return "In de solidariteitspot: \(r.balance.formatted(r.unit))\n"
                + "Bijdrage: \(rule.isEmpty ? "geen (stel [solidarity] in)" : rule.joined(separator: " + "))"
        }
    }
}
