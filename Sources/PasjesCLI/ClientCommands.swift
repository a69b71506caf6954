import ArgumentParser
import PasjesProtocol

/// `pasjes client create|get|list|update`
struct ClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client", abstract: "Cliënten (bewoners): aanmaken, opvragen, lijst, wijzigen.",
        subcommands: [ClientCreate.self, ClientGet.self, ClientList.self, ClientUpdate.self])
}

/// `pasjes client create 1001 --name ... --zzp ... --location ... --department ...`
struct ClientCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Maak een cliënt aan.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Cliëntnummer.") var number: String
    @Option(help: "Naam.") var name: String
    @Option(help: "Zorgzwaartepakket, bijvoorbeeld 5VV.") var zzp: String
    @Option(help: "Locatie.") var location: String
    @Option(help: "Afdeling.") var department: String
    @Option(name: .customLong("own-contribution"), help: "Eigen bijdrage toegestaan: ja of nee.")
    var ownContribution: String?
    @Option(help: "Plafond eigen bijdrage per maand, bijvoorbeeld 25,00.") var cap: String?
    @Option(name: .customLong("idempotency-key"), help: "Sleutel voor een herhaalde poging (standaard: nieuw).")
    var idempotencyKey: String?

    func validate() throws {
        if let ownContribution, YesNo.parse(ownContribution) == nil {
            throw ValidationError("--own-contribution: typ ja of nee, niet '\(ownContribution)'")
        }
    }

    func run() throws {
        let daemon = try global.connect()
        let unit = try daemon.unit()
        let params = ClientCreateParams(
            idempotencyKey: IdempotencyKey.make(idempotencyKey), number: number, name: name, zzp: zzp,
            location: location, department: department, allowOwnContribution: ownContribution.flatMap(YesNo.parse),
            ownContributionCap: try cap.map { try daemon.amount($0, option: "--cap") })
        try daemon.run(.clientCreate, params, as: ClientInfo.self) { Formatting.client($0, unit: unit) }
    }
}

/// `pasjes client get 1001`
struct ClientGet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Toon één cliënt.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Cliëntnummer.") var number: String

    func run() throws {
        let daemon = try global.connect()
        let unit = try daemon.unit()
        try daemon.run(.clientGet, ClientRef(number: number), as: ClientInfo.self) { Formatting.client($0, unit: unit) }
    }
}

/// `pasjes client list --location Zonnehof`
struct ClientList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Toon cliënten als tabel.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Alleen deze locatie.") var location: String?
    @Option(help: "Alleen deze status: active, absent of ended.") var status: String?
    @Option(help: "Hoogstens zoveel cliënten.") var limit: Int?

    func validate() throws {
        if let limit, limit <= 0 { throw ValidationError("--limit moet groter dan 0 zijn") }
    }

    func run() throws {
        let daemon = try global.connect()
        let unit = try daemon.unit()
        try daemon.run(.clientList, ClientListParams(location: location, status: status, limit: limit),
                       as: ClientListResult.self) { Formatting.clientTable($0.clients, unit: unit) }
    }
}

/// `pasjes client update 1001 --department Vlinder --status absent`
struct ClientUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Wijzig velden van een cliënt.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Cliëntnummer.") var number: String
    @Option(help: "Naam.") var name: String?
    @Option(help: "Zorgzwaartepakket.") var zzp: String?
    @Option(help: "Locatie.") var location: String?
    @Option(help: "Afdeling.") var department: String?
    @Option(help: "Status: active, absent of ended.") var status: String?
    @Option(name: .customLong("own-contribution"), help: "Eigen bijdrage toegestaan: ja of nee.")
    var ownContribution: String?
    @Option(help: "Plafond eigen bijdrage per maand.") var cap: String?

    func validate() throws {
        if let ownContribution, YesNo.parse(ownContribution) == nil {
            throw ValidationError("--own-contribution: typ ja of nee, niet '\(ownContribution)'")
        }
        if let status, !["active", "absent", "ended"].contains(status) {
            throw ValidationError("--status: active, absent of ended, niet '\(status)'")
        }
        if [name, zzp, location, department, status, ownContribution, cap].allSatisfy({ $0 == nil }) {
            throw ValidationError("Geef minstens één veld om te wijzigen.")
        }
    }

    func run() throws {
        let daemon = try global.connect()
        let unit = try daemon.unit()
        let params = ClientUpdateParams(
            number: number, name: name, zzp: zzp, location: location, department: department, status: status,
            allowOwnContribution: ownContribution.flatMap(YesNo.parse),
            ownContributionCap: try cap.map { try daemon.amount($0, option: "--cap") })
        try daemon.run(.clientUpdate, params, as: ClientInfo.self) { Formatting.client($0, unit: unit) }
    }
}
