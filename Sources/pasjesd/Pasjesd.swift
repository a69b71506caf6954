import ArgumentParser
import Logging
import Foundation
import PasjesDaemon
import PasjesSystemd

/// pasjesd: the pasjes daemon. Parses flags, reads the config, runs the daemon.
@main
struct Pasjesd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pasjesd",
        abstract: "De pasjes-daemon: grootboek, kaartlezers en de Unix-socket voor kassa en beheer.")

    @Option(help: "Het grootboek (SQLite). Standaard /var/lib/pasjes/pasjes.sqlite.")
    var database: String?
    @Option(help: "De Unix-socket. Standaard /run/pasjes/pasjesd.sock.")
    var socket: String?
    @Option(help: "Het configuratiebestand (TOML).")
    var config: String?
    @Flag(help: "Vul een lege database met een demo-zorginstelling.")
    var demo = false
    @Flag(help: "Geen kaartlezers (alleen het grootboek en de socket).")
    var noReaders = false

    func run() async throws {
        let defaultConfigPath = "/etc/pasjes/pasjesd.toml"
        var settings: DaemonConfiguration
        do {
            settings = try DaemonConfiguration.load(path: config ?? defaultConfigPath, required: config != nil)
        } catch {
            printError("pasjesd: \(error)")
            throw ExitCode(78)  // EX_CONFIG: systemd shows it, and a restart loop would not help
        }
        if let database { settings.databasePath = database }
        if let socket { settings.socketPath = socket }
        if demo { settings.enableDemo() }
        if noReaders { settings.pcscEnabled = false }
        if let delay = ProcessInfo.processInfo.environment["PASJESD_FAULT_REPLY_DELAY_MS"].flatMap(Int.init) {
            settings.faultReplyDelayMilliseconds = min(max(0, delay), 10_000)
        }
        // Read once, first: it also clears LISTEN_* so nothing we start inherits them.
        let inherited = SocketActivation.listenFileDescriptors()
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        let logger = JournaldLogHandler.bootstrap(label: "pasjesd", level: level)
        if inherited.count > 1 {
            logger.warning("systemd passed \(inherited.count) sockets; serving only the first")
        }
        do {
            try await Daemon(configuration: settings, logger: logger).run(inheritedSocket: inherited.first)
        } catch let error as ConfigurationError {
            logger.critical("cannot start: \(error.description)")
            throw ExitCode(78)
        } catch let error as CentralFirstEntryUnavailable {
            logger.critical("cannot start: a new node needs the log's first entry and the central does not answer", metadata: [
                "error": "\(error.underlying)"])
            printError("pasjesd: \(error.description)")
            throw ExitCode(75)  // EX_TEMPFAIL: systemd tries again until the central answers
        } catch let error as LedgerDiskFull {
            logger.critical("cannot start: ledger disk full; free space and pasjesd starts again (systemd retries)", metadata: [
                "database": "\(error.path)", "free_bytes": "\(error.freeBytes)", "error": "\(error.underlying)",
            ])
            printError("pasjesd: \(error.description)")
            throw ExitCode(75)  // EX_TEMPFAIL: not the file's fault; systemd restarts us until there is room
        } catch let error as DamagedLedger {
            logger.critical("cannot start: damaged ledger; restore the newest backup", metadata: [
                "alert": "ledger_damaged", "database": "\(error.path)", "problems": "\(error.problems.joined(separator: " | "))",
                "newest_backup": "\(error.newestBackup ?? "none")",
            ])
            printError("pasjesd: \(error.description)")
            throw ExitCode(65)  // EX_DATAERR: a restart loop would not help; the file must be restored
        }
    }
}

private func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
