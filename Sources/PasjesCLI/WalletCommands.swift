import ArgumentParser
import PasjesProtocol

/// `pasjes wallet 1001` (same as `wallet get 1001`), `pasjes wallet history 1001`
struct WalletCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet", abstract: "Budget van een cliënt: saldo en verloop.",
        subcommands: [WalletGet.self, WalletHistory.self], defaultSubcommand: WalletGet.self)
}

/// `pasjes wallet get 1001`, `pasjes wallet get --card 04A224B2C35E80`
struct WalletGet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Toon saldo, reserve en stoplicht.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Cliëntnummer.") var clientNumber: String?
    @Option(help: "Zoek de cliënt via de UID van een pas.") var card: String?

    func validate() throws {
        if clientNumber == nil && card == nil {
            throw ValidationError("Geef een cliëntnummer (pasjes wallet 1001) of een pas (pasjes wallet --card 04A22B1C)")
        }
        if clientNumber != nil && card != nil { throw ValidationError("Geef een cliëntnummer of --card, niet allebei") }
        if let card { _ = try normalisedUID(card, option: "--card") }
    }

    func run() throws {
        let reference = ClientRef(number: clientNumber, cardUid: try card.map { try normalisedUID($0, option: "--card") })
        try global.connect().run(.walletGet, reference, as: WalletInfo.self) { Formatting.wallet($0) }
    }
}

/// `pasjes wallet history 1001 --month 2025-03`
struct WalletHistory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Toon de boekingen van een cliënt, nieuwste eerst.",
        discussion: "Met het verkoopnummer (kolom Verkoop) boekt u een verkoop terug: pasjes sale reverse VERKOOPNUMMER.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Cliëntnummer.") var clientNumber: String
    @Option(help: ArgumentHelp(
        "Alleen boekingen van deze maand JJJJ-MM, naar boekingsdatum in Europe/Amsterdam (een koffie om 00:30 op de 1e hoort bij de nieuwe maand).",
        valueName: "maand"))
    var month: String?
    @Option(help: "Hoogstens zoveel regels.") var limit: Int?

    func validate() throws {
        if let month, !Formatting.isMonth(month) { throw ValidationError("--month: JJJJ-MM, niet '\(month)'") }
        if let limit, limit <= 0 { throw ValidationError("--limit moet groter dan 0 zijn") }
    }

    func run() throws {
        let daemon = try global.connect()
        let history = try daemon.allPages(.walletHistory, as: HistoryResult.self, next: \.next, params: {
            WalletHistoryParams(clientNumber: clientNumber, month: month, limit: limit, offset: $0)
        }, join: { $0.lines += $1.lines })
        Output.print(json: daemon.json, history) { Formatting.history($0) }
    }
}
