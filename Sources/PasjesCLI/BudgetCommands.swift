import ArgumentParser
import PasjesMoney
import PasjesProtocol

/// `pasjes budget`
struct BudgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget", abstract: "Budgetten toekennen en terugdraaien.",
        subcommands: [BudgetAllocate.self, BudgetReverse.self, BudgetFormCommand.self, BudgetGrant.self, BudgetGrantReverse.self,
                      BudgetSolidarity.self])
}

/// `pasjes budget allocate 1001 --month 2026-12 --amount 250,00`
struct BudgetAllocate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocate",
        abstract: "Ken een maandbudget toe (zonder --amount: volgens de tarieven van het ZZP in [tariffs]).",
        discussion: """
            Alleen voor deze maand of de volgende (Europe/Amsterdam). Het budget van volgende maand \
            is aangekondigd: het staat pas op de 1e van die maand in het saldo en is tot dan niet \
            te besteden; `pasjes wallet` toont het als aangekondigd.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Cliëntnummer (of --all).", valueName: "nummer")) var clientNumber: String?
    @Flag(name: .customLong("all"), help: "Iedere cliënt die niet vertrokken is, volgens de tarieven, in één keer.")
    var all = false
    @Flag(name: .customLong("dry-run"), help: "Met --all: alleen tonen wat toegekend zou worden.") var dryRun = false
    @Option(help: ArgumentHelp("Maand JJJJ-MM: deze maand of de volgende (standaard: deze maand).", valueName: "maand"))
    var month: String?
    // Unconditional: "-1,00" reaches the amount parser and its Dutch refusal, not "missing value".
    @Option(parsing: .unconditional, help: ArgumentHelp("Bedrag, bijvoorbeeld 250,00 (standaard: dagtarief × dagen × persoonlijk deel − vaste bijdragen).",
                               valueName: "bedrag"))
    var amount: String?
    @Option(name: .customLong("idempotency-key"),
            help: ArgumentHelp("Sleutel voor een herhaalde poging (standaard: nieuw).", valueName: "sleutel"))
    var idempotencyKey: String?

    func validate() throws {
        if let month, !Formatting.isMonth(month) { throw ValidationError("--month: JJJJ-MM, niet '\(month)'") }
        try AmountText.refuseNegative(amount, option: "--amount")
        if all == (clientNumber != nil) { throw ValidationError("Geef een cliëntnummer of --all, niet allebei en niet geen van beide") }
        if all, amount != nil { throw ValidationError("--all kent toe volgens de tarieven: --amount kan daar niet bij") }
        if dryRun, !all { throw ValidationError("--dry-run hoort bij --all") }
    }

    func run() throws {
        let daemon = try global.connect()
        guard let clientNumber else {
            let params = BudgetAllocateAllParams(idempotencyKey: IdempotencyKey.make(idempotencyKey),
                                                 month: try month ?? daemon.currentMonth(), dryRun: dryRun ? true : nil)
            return try daemon.run(.budgetAllocateAll, params, as: AllocateAllInfo.self) { Formatting.allocateAll($0) }
        }
        let params = BudgetAllocateParams(
            idempotencyKey: IdempotencyKey.make(idempotencyKey), clientNumber: clientNumber,
            month: try month ?? daemon.currentMonth(), amount: try amount.map { try daemon.amount($0, option: "--amount") })
        try daemon.run(.budgetAllocate, params, as: AllocationInfo.self) { allocation in
            let text = Formatting.allocation(allocation)
            guard allocation.announced == true else { return text }
            return text + "\nAangekondigd: gaat in op \(Self.firstDay(of: allocation.month)) (tot dan niet te besteden)"
        }
    }

    /// `2026-12` → `1 december 2026`.
    static func firstDay(of month: String) -> String {
        let names = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                     "oktober", "november", "december"]
        let parts = month.split(separator: "-")
        guard parts.count == 2, let number = Int(parts[1]), (1...12).contains(number) else { return "1 \(month)" }
        return "1 \(names[number - 1]) \(parts[0])"
    }
}

/// `pasjes budget reverse 1001 --month 2026-12 --reden "verkeerde maand"`
struct BudgetReverse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reverse",
        abstract: "Draai een maandbudget terug waarvan nog niets is besteed (beheerders; een reden is verplicht).",
        discussion: """
            Boekt het budget met een tegenboeking terug (boekingen worden nooit gewijzigd); wat bij \
            die toekenning van vorige maand was teruggevloeid, komt weer in het saldo. Daarna kan \
            die maand opnieuw worden toegekend. Geweigerd als na de toekenning van het saldo is \
            betaald (draai eerst die verkopen terug) of als een latere maand al is toegekend.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Cliëntnummer.", valueName: "nummer")) var clientNumber: String
    @Option(help: ArgumentHelp("Maand JJJJ-MM van het budget dat terug moet.", valueName: "maand")) var month: String
    @Option(name: [.customLong("reden"), .customLong("reason")], help: "Waarom het budget terug moet (verplicht).")
    var reason: String
    @Option(name: .customLong("idempotency-key"),
            help: ArgumentHelp("Sleutel voor een herhaalde poging (standaard: nieuw).", valueName: "sleutel"))
    var idempotencyKey: String?

    func validate() throws {
        if !Formatting.isMonth(month) { throw ValidationError("--month: JJJJ-MM, niet '\(month)'") }
        if reason.allSatisfy(\.isWhitespace) { throw ValidationError("--reden: geef een reden op") }
    }

    func run() throws {
        let daemon = try global.connect()
        let params = BudgetReverseParams(
            idempotencyKey: IdempotencyKey.make(idempotencyKey), clientNumber: clientNumber, month: month, reason: reason)
        try daemon.run(.budgetReverse, params, as: BudgetReverseResult.self) { result in
            let unit = result.unit
            var fields = Fields()
            fields.add("Cliënt", result.clientNumber + (result.replayed ? " (herhaald verzoek, niets nieuw geboekt)" : ""))
            fields.add("Maand", "\(result.month) (teruggedraaid)")
            fields.add("Teruggeboekt", result.amount.formatted(unit))
            if result.flowBackReturned.minorUnits != 0 {
                fields.add("Terug in saldo", result.flowBackReturned.formatted(unit))
            }
            if let returned = result.solidarityReturned, returned.minorUnits != 0 {
                fields.add("Uit solidariteitspot", returned.formatted(unit))
            }
            fields.add("Saldo", "\(result.balance.formatted(unit))  \(Formatting.light(result.light))")
            fields.add("Reserve", result.reserve.formatted(unit))
            return fields.render()
        }
    }
}
