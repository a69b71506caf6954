import ArgumentParser
import PasjesModel
import PasjesMoney
import PasjesProtocol

/// `pasjes budget grant 1001 --amount 25,00 --reason "…"`
struct BudgetGrant: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Ken geld uit de solidariteitspot toe aan een cliënt (beheerders; een reden is verplicht).",
        discussion: """
            Nooit meer dan er in de pot zit. Het staat op het maandoverzicht en in het maandrapport. \
            Een toekenning boven [solidarity] confirm_above vraagt bevestiging: in de terminal, of met --ja.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Cliëntnummer.", valueName: "nummer")) var clientNumber: String
    @Option(parsing: .unconditional, help: ArgumentHelp("Bedrag, bijvoorbeeld 25,00.", valueName: "bedrag")) var amount: String
    @Option(name: [.customLong("reden"), .customLong("reason")], help: "Waarom (verplicht).") var reason: String
    @Option(name: .customLong("idempotency-key"),
            help: ArgumentHelp("Sleutel voor een herhaalde poging (standaard: nieuw).", valueName: "sleutel"))
    var idempotencyKey: String?
    @Flag(name: .customLong("ja"), help: "Bevestig een toekenning boven de grens zonder te vragen (voor scripts).")
    var yes = false

    func validate() throws { try AmountText.refuseNegative(amount, option: "--amount") }

    func run() throws {
        let daemon = try global.connect()
        var params = BudgetGrantParams(idempotencyKey: IdempotencyKey.make(idempotencyKey), clientNumber: clientNumber,
                                       amount: try daemon.amount(amount, option: "--amount"), reason: reason,
                                       confirmed: yes ? true : nil)
        let human: (BudgetGrantResult) -> String = { r in
            "Toegekend uit de solidariteitspot: \(r.amount.formatted(r.unit)) aan \(r.clientNumber) (\(r.reason))\n"
                + "Saldo \(r.balance.formatted(r.unit))   [\(r.light.dutchWord)]\n"
                + "Nog in de pot: \(r.solidarityBalance.formatted(r.unit))\n"
                + "Boeking: \(r.transferId) (terugdraaien: pasjes budget grant-reverse \(r.transferId) --reden …)"
        }
        do {
            try daemon.run(.budgetGrant, params, as: BudgetGrantResult.self, human: human)
        } catch let refusal as RPCError where refusal.reason == Reason.confirmationRequired.code {
            // The daemon holds the limit; asked once, the same request goes again, confirmed.
            try Confirmation.require(refusal.message.replacingOccurrences(of: " Geef --ja mee.", with: ""), yes: false)
            params.confirmed = true
            try daemon.run(.budgetGrant, params, as: BudgetGrantResult.self, human: human)
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

/// `pasjes budget grant-reverse <boeking> --reden "…"`
struct BudgetGrantReverse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant-reverse",
        abstract: "Draai een toekenning uit de solidariteitspot terug (beheerders; een reden is verplicht).",
        discussion: """
            Boekt de toekenning met een tegenboeking terug in de pot. Geweigerd als het saldo van de \
            cliënt lager is dan de toekenning (er is al van betaald). De boeking staat bij de \
            toekenning en in pasjes wallet … --history.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("De boeking van de toekenning.", valueName: "boeking")) var transferId: String
    @Option(name: [.customLong("reden"), .customLong("reason")], help: "Waarom de toekenning terug moet (verplicht).")
    var reason: String
    @Option(name: .customLong("idempotency-key"),
            help: ArgumentHelp("Sleutel voor een herhaalde poging (standaard: nieuw).", valueName: "sleutel"))
    var idempotencyKey: String?

    func validate() throws {
        if reason.allSatisfy(\.isWhitespace) { throw ValidationError("--reden: geef een reden op") }
    }

    func run() throws {
        let daemon = try global.connect()
        let params = BudgetGrantReverseParams(idempotencyKey: IdempotencyKey.make(idempotencyKey),
                                              transferId: transferId, reason: reason)
        try daemon.run(.budgetGrantReverse, params, as: BudgetGrantReverseResult.self) { r in
            "Teruggedraaid: \(r.amount.formatted(r.unit)) van \(r.clientNumber) terug in de solidariteitspot (\(r.reason))"
                + (r.replayed ? " (herhaald verzoek, niets nieuw geboekt)" : "") + "\n"
                + "Saldo \(r.balance.formatted(r.unit))   [\(r.light.dutchWord)]\n"
                + "In de pot: \(r.solidarityBalance.formatted(r.unit))"
        }
    }
}
