import ArgumentParser
import Foundation
import Logging
import PasjesDaemon

/// pasjesd's server built by `DaemonAssembly` inside the benchmark process: the same socket,
/// framing, dispatcher and thread hops as the daemon, without starting a second binary.
final class BenchDaemon: @unchecked Sendable {
    let socketPath: String
    private let assembly: DaemonAssembly
    private let stopped = DispatchSemaphore(value: 0)

    init(databasePath: String, socketPath: String) throws {
        var configuration = DaemonConfiguration()
        configuration.databasePath = databasePath
        configuration.socketPath = socketPath
        configuration.pcscEnabled = false
        // Root is admin; anyone else running the benchmark is made admin through their group.
        if getuid() != 0, let group = getgrgid(getgid()) {
            configuration.adminGroups.append(String(cString: group.pointee.gr_name))
        }
        var logger = Logger(label: "pasjesd") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let listening = DispatchSemaphore(value: 0)
        self.socketPath = socketPath
        let assembly = try DaemonAssembly(configuration: configuration, logger: logger,
                                          onListening: { listening.signal() })
        self.assembly = assembly
        let stopped = self.stopped
        Task {
            do { try await assembly.run() } catch { logger.error("pasjesd stopped: \(error)") }
            stopped.signal()
        }
        guard listening.wait(timeout: .now() + 30) == .success else { throw ValidationError("pasjesd did not listen") }
    }

    func stop() {
        let assembly = self.assembly
        Task { await assembly.triggerGracefulShutdown() }
        stopped.wait()
    }
}
