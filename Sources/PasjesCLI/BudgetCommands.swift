import ArgumentParser
import PasjesProtocol

/// `pasjes budget allocate`
struct BudgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget", abstract: "Budgetten toekennen.", subcommands: [BudgetAllocate.self])
}

/// `pasjes budget allocate 1001 --month 2025-03 --amount 250,00`
struct BudgetAllocate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocate", abstract: "Ken een maandbudget toe (zonder --amount: volgens het budgetbeleid).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Cliëntnummer.") var clientNumber: String
    @Option(help: "Maand JJJJ-MM (standaard: deze maand).") var month: String?
    @Option(help: "Bedrag, bijvoorbeeld 250,00.") var amount: String?
    @Option(name: .customLong("idempotency-key"), help: "Sleutel voor een herhaalde poging (standaard: nieuw).")
    var idempotencyKey: String?

    func validate() throws {
        if let month, !Formatting.isMonth(month) { throw ValidationError("--month: JJJJ-MM, niet '\(month)'") }
    }

    func run() throws {
        let daemon = try global.connect()
        let params = BudgetAllocateParams(
            idempotencyKey: IdempotencyKey.make(idempotencyKey), clientNumber: clientNumber,
            month: month ?? Formatting.currentMonth(), amount: try amount.map { try daemon.amount($0, option: "--amount") })
        try daemon.run(.budgetAllocate, params, as: AllocationInfo.self) { Formatting.allocation($0) }
    }
}
