import ArgumentParser
import PasjesProtocol

/// `pasjes contact 1001 --name "Anna de Vries" --role mentor --email anna@example.nl`
struct ContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact",
        abstract: "Voeg iemand toe die het maandoverzicht krijgt: mentor, bewindvoerder, curator of familie.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Cliëntnummer.", valueName: "nummer")) var clientNumber: String
    @Option(help: ArgumentHelp("Naam.", valueName: "naam")) var name: String
    @Option(help: ArgumentHelp("mentor, bewindvoerder, curator of familie.", valueName: "rol")) var role: String
    @Option(help: ArgumentHelp("E-mailadres.", valueName: "adres")) var email: String
    @Option(name: .customLong("idempotency-key"),
            help: ArgumentHelp("Sleutel voor een herhaalde poging (standaard: nieuw).", valueName: "sleutel"))
    var idempotencyKey: String?

    func validate() throws {
        guard ["mentor", "bewindvoerder", "curator", "familie"].contains(role) else {
            throw ValidationError("--role: mentor, bewindvoerder, curator of familie, niet '\(role)'")
        }
    }

    func run() throws {
        let daemon = try global.connect()
        let params = ClientContactParams(idempotencyKey: IdempotencyKey.make(idempotencyKey), clientNumber: clientNumber,
                                         role: role, name: name, email: email)
        try daemon.run(.clientContact, params, as: ContactInfo.self) { "Contact toegevoegd: \($0.name) (\($0.role), \($0.email))" }
    }
}
