import ArgumentParser
import PasjesMoney
import PasjesProtocol

/// `pasjes budget form 1001 --month 2026-12`
struct BudgetFormCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "form",
        abstract: "Het budgetformulier van een cliënt: van ZZP-dagtarief tot wat er over is voor de pas, regel voor regel.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Cliëntnummer.", valueName: "nummer")) var clientNumber: String
    @Option(help: ArgumentHelp("Maand JJJJ-MM (standaard: deze maand).", valueName: "maand")) var month: String?

    func validate() throws {
        if let month, !Formatting.isMonth(month) { throw ValidationError("--month: JJJJ-MM, niet '\(month)'") }
    }

    func run() throws {
        let daemon = try global.connect()
        let params = BudgetFormParams(clientNumber: clientNumber, month: try month ?? daemon.currentMonth())
        try daemon.run(.budgetForm, params, as: BudgetFormResult.self) { Self.text($0) }
    }

    static func text(_ form: BudgetFormResult) -> String {
        var table = Table([.init("Budgetformulier \(form.month) · \(form.clientName) (\(form.clientNumber))"), .init("", .right)])
        for line in form.lines {
            // A contribution reads "− € 12,00", as on a paper form, not "-€ 12,00".
            let amount = line.amount.minorUnits < 0 ? "− " + Amount(-line.amount.minorUnits).formatted(form.unit)
                : line.amount.formatted(form.unit)
            table.add([line.subtotal ? "= \(line.label)" : "  \(line.label)", amount])
        }
        let meaning = switch form.light {
        case .green: "er blijft budget over boven de reserve"
        case .orange: "na de vaste diensten is alleen de reserve over"
        case .red: "de vaste diensten passen niet in het budget"
        }
        return table.render() + "\nLicht: \(form.light.dutchWord) (\(meaning))"
    }
}
