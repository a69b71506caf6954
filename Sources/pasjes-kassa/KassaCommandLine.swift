import ArgumentParser
import Foundation
import PasjesProtocol

/// `pasjes-kassa --counter ID [--socket PATH]`.
struct KassaCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pasjes-kassa",
        abstract: "Kassascherm: producten kiezen, pas aanbieden, afrekenen met pasjesd.")

    @Option(name: .long, help: "De kassa (counter id) waarvoor dit scherm verkoopt.")
    var counter: String

    @Option(name: .long, help: "Socket van pasjesd (anders PASJES_SOCKET, anders \(ProtocolLimits.defaultSocketPath)).")
    var socket: String?

    @Flag(name: .long, help: "De activiteitenbalie: activiteiten van vandaag, deelnemerslijst, aanmelden en boeken met de pas.")
    var activities = false

    @Option(name: .long, help: "Hoe lang (ms) een betaling op antwoord wacht voordat opnieuw verbonden en opnieuw verstuurd wordt.")
    var requestTimeout: Int = 8_000

    func validate() throws {
        guard !counter.isEmpty, counter.utf8.count <= 64 else {
            throw ValidationError("--counter moet 1 tot 64 tekens zijn.")
        }
        guard (500...120_000).contains(requestTimeout) else {
            throw ValidationError("--request-timeout moet tussen 500 en 120000 ms liggen.")
        }
    }

    func run() throws {
        let path = socket ?? ProcessInfo.processInfo.environment["PASJES_SOCKET"] ?? ProtocolLimits.defaultSocketPath
        let code = KassaRunner(counter: counter, socketPath: path, requestTimeoutMilliseconds: requestTimeout,
                               desk: activities).run()
        if code != 0 { throw ExitCode(code) }
    }
}
