#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import PasjesCore

/// Opens the ledger with files only the daemon can read.
enum LedgerFiles {
    /// Opens (and creates) the database, its WAL and SHM with mode 0600 whatever the umask.
    ///
    /// Started by hand as root with umask 022 the files were 0644: every local user could read
    /// residents' balances and purchases. SQLite creates the WAL and SHM with the database
    /// file's mode, so the umask is tightened before opening, and existing files are fixed.
    static func open(configuration: DaemonConfiguration, logger: Logger) throws -> Ledger {
        let path = configuration.databasePath
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let previous = umask(0o077)
        defer { umask(previous) }
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            if chmod(file, 0o600) != 0 {
                logger.warning("could not make the ledger file private", metadata: ["file": "\(file)", "errno": "\(errno)"])
            }
        }
        let ledger = try Ledger(path: path, setup: configuration.seedDemo ? Ledger.demoSetup : Ledger.Setup())
        if configuration.seedDemo { try ledger.seedDemo() }
        logger.notice("ledger open", metadata: ["database": "\(path)", "unit": "\(ledger.unit.rawValue)"])
        return ledger
    }
}
