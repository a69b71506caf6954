import ArgumentParser
import PasjesMoney
import PasjesProtocol

/// `pasjes arrangement add|list|end`: the standing services of a client's budget form.
struct ArrangementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arrangement",
        abstract: "Vaste diensten (arrangement): wat de cliënt met de cliëntondersteuner heeft afgesproken.",
        subcommands: [ArrangementAdd.self, ArrangementList.self, ArrangementEnd.self])
}

/// `pasjes arrangement add 1001 --product DOUCHE --quantity 2 --per week --from 2026-12-01`
struct ArrangementAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Voeg een vaste dienst toe: zoveel per week of per maand, vanaf een datum.",
        discussion: """
            De dienst wordt aan het begin van elke maand uit het budget geboekt (naar rato van de \
            dagen dat hij loopt en de cliënt er is). Staat het budget van deze maand er al, dan \
            wordt de rest van deze maand meteen geboekt. Past het niet, dan wordt niets geboekt en \
            kleurt het budgetformulier rood.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Cliëntnummer.", valueName: "nummer")) var clientNumber: String
    @Option(help: ArgumentHelp("Productcode.", valueName: "code")) var product: String
    @Option(help: ArgumentHelp("Hoeveel per week of per maand (1–100).", valueName: "aantal")) var quantity: Int64
    @Option(help: ArgumentHelp("week of maand.", valueName: "periode")) var per: String
    @Option(help: ArgumentHelp("Eerste dag, DD-MM-JJJJ of JJJJ-MM-DD.", valueName: "datum")) var from: String
    @Option(help: ArgumentHelp("Laatste dag, DD-MM-JJJJ of JJJJ-MM-DD (standaard: loopt door).", valueName: "datum"))
    var through: String?
    @Option(name: .customLong("idempotency-key"),
            help: ArgumentHelp("Sleutel voor een herhaalde poging (standaard: nieuw).", valueName: "sleutel"))
    var idempotencyKey: String?

    mutating func validate() throws {
        guard PeriodText.period(per) != nil else { throw ValidationError("--per: week of maand, niet '\(per)'") }
        guard (1...100).contains(quantity) else { throw ValidationError("--quantity: 1–100") }
        from = try DayText.iso(from, option: "--from")
        through = try through.map { try DayText.iso($0, option: "--through") }
    }

    func run() throws {
        let daemon = try global.connect()
        let params = ArrangementAddParams(
            idempotencyKey: IdempotencyKey.make(idempotencyKey), clientNumber: clientNumber, productCode: product,
            quantity: quantity, per: PeriodText.period(per)!, from: from, through: through)
        try daemon.run(.arrangementAdd, params, as: ArrangementResultInfo.self) { result in
            var text = "Vaste dienst toegevoegd: \(ArrangementText.line(result.arrangement, unit: result.unit))"
            if let booking = result.booking { text += "\n" + ArrangementText.booking(booking, unit: result.unit) }
            return text
        }
    }
}

/// `pasjes arrangement list 1001`
struct ArrangementList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Toon de vaste diensten van een cliënt.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Cliëntnummer.", valueName: "nummer")) var clientNumber: String

    func run() throws {
        let daemon = try global.connect()
        try daemon.run(.arrangementList, ClientNumberParams(clientNumber: clientNumber), as: ArrangementListResult.self) { list in
            var table = Table([.init("Id"), .init("Product"), .init("Aantal", .right), .init("Per"), .init("Prijs", .right),
                               .init("Vanaf"), .init("Tot en met")])
            for a in list.arrangements {
                table.add([a.id, a.productName, "\(a.quantity)", a.per == .week ? "week" : "maand",
                           a.price.formatted(list.unit), a.from, a.through ?? "loopt door"])
            }
            return table.render(ifEmpty: "Cliënt \(clientNumber) heeft geen vaste diensten.")
        }
    }
}

/// `pasjes arrangement end <id> --through 2027-01-31`
struct ArrangementEnd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end", abstract: "Beëindig een vaste dienst: de laatste dag dat hij loopt. Geboekte maanden blijven.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Id van de vaste dienst (zie pasjes arrangement list).", valueName: "id")) var id: String
    @Option(help: ArgumentHelp("Laatste dag, DD-MM-JJJJ of JJJJ-MM-DD.", valueName: "datum")) var through: String
    @Option(name: .customLong("idempotency-key"),
            help: ArgumentHelp("Sleutel voor een herhaalde poging (standaard: nieuw).", valueName: "sleutel"))
    var idempotencyKey: String?

    mutating func validate() throws { through = try DayText.iso(through, option: "--through") }

    func run() throws {
        let daemon = try global.connect()
        let params = ArrangementEndParams(idempotencyKey: IdempotencyKey.make(idempotencyKey), id: id, through: through)
        try daemon.run(.arrangementEnd, params, as: ArrangementResultInfo.self) {
            "Vaste dienst beëindigd: \(ArrangementText.line($0.arrangement, unit: $0.unit))"
        }
    }
}

/// How arrangement lines and bookings read in Dutch.
enum ArrangementText {
    /// `2× Extra douche per week (€ 7,50), vanaf 2026-12-01, loopt door`.
    static func line(_ a: ArrangementInfo, unit: AmountUnit) -> String {
        "\(a.quantity)× \(a.productName) per \(a.per == .week ? "week" : "maand") (\(a.price.formatted(unit))), "
            + "vanaf \(a.from), \(a.through.map { "tot en met \($0)" } ?? "loopt door")"
    }

    /// `Geboekt voor 2026-12: 6× over 21 dagen, € 45,00` or why nothing was booked.
    static func booking(_ b: ArrangementBookingInfo, unit: AmountUnit) -> String {
        if let refusal = b.refusal {
            return "Niet geboekt voor \(b.month): \(b.refusalMessage ?? refusal)"
        }
        return "Geboekt voor \(b.month): \(b.quantity)× over \(b.days) dagen, \(b.amount.formatted(unit))"
    }
}
