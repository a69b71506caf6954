import Foundation
import Logging
import PasjesSystemd

/// pasjesd put together: the ledger, the socket server, the readers, systemd glue.
public struct Daemon: Sendable {
    public static let version = "0.1.0"

    public let configuration: DaemonConfiguration
    public let logger: Logger

    public init(configuration: DaemonConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully and closes the ledger.
    ///
    /// - Parameter inheritedSocket: a listening socket passed by systemd (socket activation).
    public func run(inheritedSocket: Int32? = nil) async throws {
        // sd_notify(3): READY=1 once the socket accepts, STOPPING=1 when shutting down,
        // WATCHDOG=1 pings when systemd asked for them. Silent when not run by systemd.
        let central = try await configuration.central.asyncMap {
            try await CentralStart.prepare(settings: $0, databasePath: configuration.databasePath, logger: logger)
        }
        let assembly = try DaemonAssembly(
            configuration: configuration, logger: logger, inheritedSocket: inheritedSocket,
            notifier: SystemdNotifier.fromEnvironment(), stopOnSignals: true, central: central)
        try await assembly.run()
    }
}

extension Optional {
    /// `map` for an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
