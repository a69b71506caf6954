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
    @Argument(help: numberHelp) var number: String
    @Option(help: ArgumentHelp("Naam.", valueName: "naam")) var name: String
    @Option(help: ArgumentHelp("Zorgzwaartepakket, bijvoorbeeld 5VV.", valueName: "zzp")) var zzp: String
    @Option(help: ArgumentHelp("Locatie.", valueName: "locatie")) var location: String
    @Option(help: ArgumentHelp("Afdeling.", valueName: "afdeling")) var department: String
    @Option(name: .customLong("own-contribution"), help: ArgumentHelp("Eigen bijdrage toegestaan: ja of nee.", valueName: "ja|nee"))
    var ownContribution: String?
    // Unconditional: "--cap -5" must reach the amount parser and hear that amounts are positive.
    @Option(parsing: .unconditional, help: ArgumentHelp("Plafond eigen bijdrage per maand, bijvoorbeeld 25,00.", valueName: "bedrag"))
    var cap: String?
    @Option(name: .customLong("idempotency-key"), help: ArgumentHelp("Sleutel voor een herhaalde poging (standaard: nieuw).", valueName: "sleutel"))
    var idempotencyKey: String?
    @Flag(name: .customLong("toch"), help: "Maak de cliënt ook aan als er al een bewoner met dezelfde naam op deze locatie is.")
    var toch = false

    func validate() throws {
        try ClientInput.check(number: number, name: name)
        try AmountText.refuseNegative(cap, option: "--cap")
        if let ownContribution, YesNo.parse(ownContribution) == nil {
            throw ValidationError("--own-contribution: typ ja of nee, niet '\(ownContribution)'")
        }
    }

    func run() throws {
        let daemon = try global.connect()
        let unit = try daemon.unit()
        let params = ClientCreateParams(
            idempotencyKey: IdempotencyKey.make(idempotencyKey), number: ClientNumberRule.trimmed(number),
            name: ClientNumberRule.trimmed(name), zzp: zzp,
            location: location, department: department, allowOwnContribution: ownContribution.flatMap(YesNo.parse),
            ownContributionCap: try cap.map { try daemon.amount($0, option: "--cap") }, toch: toch ? true : nil)
        try daemon.run(.clientCreate, params, as: ClientInfo.self) { Formatting.client($0, unit: unit) }
    }
}

/// `pasjes client get 1001`
struct ClientGet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Toon één cliënt.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: numberHelp) var number: String

    func run() throws {
        let daemon = try global.connect()
        let unit = try daemon.unit()
        try daemon.run(.clientGet, ClientRef(number: ClientNumberRule.trimmed(number)), as: ClientInfo.self) {
            Formatting.client($0, unit: unit)
        }
    }
}

/// `pasjes client list --location Zonnehof`
struct ClientList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Toon cliënten als tabel.")

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Alleen deze locatie.", valueName: "locatie")) var location: String?
    @Option(help: ArgumentHelp("Alleen deze status: \(ClientStatusText.accepted).", valueName: "status")) var status: String?
    @Option(help: ArgumentHelp("Hoogstens zoveel cliënten.", valueName: "aantal")) var limit: Int?

    func validate() throws {
        if let limit, limit <= 0 { throw ValidationError("--limit moet groter dan 0 zijn") }
        if let status, ClientStatusText.parse(status) == nil {
            throw ValidationError("--status: \(ClientStatusText.accepted), niet '\(status)'")
        }
    }

    func run() throws {
        let daemon = try global.connect()
        let unit = try daemon.unit()
        let list = try daemon.allPages(.clientList, as: ClientListResult.self, next: \.next, params: {
            ClientListParams(location: location, status: status.flatMap(ClientStatusText.parse), limit: limit, offset: $0)
        }, join: { $0.clients += $1.clients })
        Output.print(json: daemon.json, list) { Formatting.clientTable($0.clients, unit: unit) }
    }
}

/// `pasjes client update 1001 --department Vlinder --status absent`
struct ClientUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Wijzig velden van een cliënt.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: numberHelp) var number: String
    @Option(help: ArgumentHelp("Naam.", valueName: "naam")) var name: String?
    @Option(help: ArgumentHelp("Zorgzwaartepakket.", valueName: "zzp")) var zzp: String?
    @Option(help: ArgumentHelp("Locatie.", valueName: "locatie")) var location: String?
    @Option(help: ArgumentHelp("Afdeling.", valueName: "afdeling")) var department: String?
    @Option(help: ArgumentHelp("Status: \(ClientStatusText.accepted).", valueName: "status")) var status: String?
    @Option(name: .customLong("own-contribution"), help: ArgumentHelp("Eigen bijdrage toegestaan: ja of nee.", valueName: "ja|nee"))
    var ownContribution: String?
    // Unconditional: "--cap -5" must reach the amount parser and hear that amounts are positive.
    @Option(parsing: .unconditional, help: ArgumentHelp("Plafond eigen bijdrage per maand.", valueName: "bedrag"))
    var cap: String?

    func validate() throws {
        try ClientInput.check(number: number, name: name)
        try AmountText.refuseNegative(cap, option: "--cap")
        if let ownContribution, YesNo.parse(ownContribution) == nil {
            throw ValidationError("--own-contribution: typ ja of nee, niet '\(ownContribution)'")
        }
        if let status, ClientStatusText.parse(status) == nil {
            throw ValidationError("--status: \(ClientStatusText.accepted), niet '\(status)'")
        }
        if [name, zzp, location, department, status, ownContribution, cap].allSatisfy({ $0 == nil }) {
            throw ValidationError("Geef minstens één veld om te wijzigen.")
        }
    }

    func run() throws {
        let daemon = try global.connect()
        let unit = try daemon.unit()
        let params = ClientUpdateParams(
            number: ClientNumberRule.trimmed(number), name: name.map(ClientNumberRule.trimmed), zzp: zzp,
            location: location, department: department, status: status.flatMap(ClientStatusText.parse),
            allowOwnContribution: ownContribution.flatMap(YesNo.parse),
            ownContributionCap: try cap.map { try daemon.amount($0, option: "--cap") })
        try daemon.run(.clientUpdate, params, as: ClientInfo.self) { Formatting.client($0, unit: unit) }
    }
}

private let numberHelp = ArgumentHelp("Cliëntnummer: letters, cijfers en -.", valueName: "nummer")

/// Client number and name as the ledger takes them, checked before anything is sent.
enum ClientInput {
    /// Refuses a number outside the rule and a name of only spaces, with the rule in the message.
    static func check(number: String, name: String?) throws(ValidationError) {
        if let problem = ClientNumberRule.problem(ClientNumberRule.trimmed(number)) { throw ValidationError(problem) }
        if let name, ClientNumberRule.trimmed(name).isEmpty {
            throw ValidationError("--name: een naam mag niet leeg zijn of alleen uit spaties bestaan")
        }
    }
}
