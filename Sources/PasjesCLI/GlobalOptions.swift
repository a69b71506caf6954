import ArgumentParser
import Foundation
import PasjesProtocol

/// Options every subcommand shares: where pasjesd listens and how to print.
public struct GlobalOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp(
        "De socket van pasjesd (standaard: $PASJES_SOCKET, anders \(ProtocolLimits.defaultSocketPath)).",
        valueName: "pad"))
    var socket: String?

    @Flag(name: .long, help: "Toon het antwoord van pasjesd als JSON, met Engelse sleutels en codes (voor scripts).")
    var json = false

    public init() {}

    /// The socket path: `--socket`, else `PASJES_SOCKET`, else the default.
    var socketPath: String {
        if let socket, !socket.isEmpty { return socket }
        if let fromEnvironment = ProcessInfo.processInfo.environment["PASJES_SOCKET"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return ProtocolLimits.defaultSocketPath
    }

    /// Connects to pasjesd, or fails with exit status 3.
    func connect() throws -> Daemon {
        try Daemon(socketPath: socketPath, json: json)
    }
}
