import ArgumentParser
import Foundation
import PasjesCentral

/// `pasjes central …`: the organisation's log in PostgreSQL. migrate, node add and status talk
/// to PostgreSQL directly (as its administrator, with `--url`); seed, snapshot and verify ask
/// pasjesd, which holds the ledger.
struct CentralCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "central",
        abstract: "Het logboek van de organisatie in PostgreSQL: schema, knooppunten, seed, kopie, status en controle.",
        subcommands: [CentralMigrateCommand.self, CentralNodeCommand.self, CentralSeedCommand.self,
                      CentralSnapshotCommand.self, CentralStatusCommand.self, CentralVerifyCommand.self])
}

/// `pasjes central migrate --url URL`
struct CentralMigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Breng het schema van het logboek bij (veilig om opnieuw te draaien).")

    @Option(name: .long, help: ArgumentHelp("PostgreSQL als beheerder, bv. postgres:///pasjes?host=/run/postgresql&user=postgres.",
                                            valueName: "url"))
    var url: String

    func run() throws {
        let url = self.url
        let applied = try runBlocking { try await CentralAdmin.migrate(url: url) }
        Output.print(applied.isEmpty ? "Schema is al bijgewerkt."
                                     : "Toegepast: \(applied.joined(separator: ", "))")
    }
}

/// `pasjes central node …`
struct CentralNodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node", abstract: "Knooppunten (locaties en hoofdkantoor) van het logboek.",
        subcommands: [CentralNodeAddCommand.self])
}

/// `pasjes central node add NAME --url URL [--credentials-file FILE]`
struct CentralNodeAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Maak een PostgreSQL-rol voor een knooppunt en schrijf zijn inloggegevens naar een bestand (0600).")

    @Argument(help: ArgumentHelp("Naam van het knooppunt (a-z, 0-9, - en _), ook de oorsprong van zijn journaalregels.",
                                 valueName: "naam"))
    var name: String

    @Option(name: .long, help: ArgumentHelp("PostgreSQL als beheerder.", valueName: "url"))
    var url: String

    @Option(name: .customLong("credentials-file"),
            help: ArgumentHelp("Nieuw bestand voor de inloggegevens (standaard ./NAAM.central); bestaat nooit al.",
                               valueName: "bestand"))
    var credentialsFile: String?

    func validate() throws {
        guard CentralAdmin.isValidNodeName(name) else {
            throw ValidationError("\(name): 1 tot 40 tekens a-z, 0-9, - en _, beginnend met een letter of cijfer")
        }
    }

    func run() throws {
        let (url, name) = (self.url, self.name)
        let file = credentialsFile ?? "\(name).central"
        let credentials = try runBlocking { try await CentralAdmin.addNode(url: url, name: name, credentialsFile: file) }
        Output.print("Knooppunt \(name) toegevoegd als rol \(credentials.user).\n"
                     + "Inloggegevens: \(file) (alleen voor de eigenaar leesbaar; zet het bij die pasjesd als [central] credentials_file).")
    }
}

/// Runs async work from a synchronous command and waits for it; a setup error becomes the
/// usual refusal with its Dutch text.
func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let box = BlockingResult<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    switch box.result {
    case .success(let value)?: return value
    case .failure(let error as CentralSetupError)?: throw CLIFailure(.refused, error.message)
    case .failure(let error as CentralError)?: throw CLIFailure(.unreachable, "PostgreSQL: \(error.code)")
    case .failure(let error)?: throw error
    case nil: throw CLIFailure(.refused, "geen antwoord")
    }
}

/// The result of `runBlocking`'s task.
private final class BlockingResult<T: Sendable>: @unchecked Sendable {
    // Written once by the task before it signals, read after the wait: the semaphore orders them.
    var result: Result<T, any Error>?
}
