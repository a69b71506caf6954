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
    /// file's mode, so a new database file is created 0600 before SQLite opens it, and existing
    /// files are fixed. Not by tightening the umask: it is the whole process's, and a daemon
    /// built inside a test process would change it under the tests running beside it.
    static func open(configuration: DaemonConfiguration, logger: Logger, central: CentralStart? = nil,
                     clock: @escaping @Sendable () -> Date) throws -> Ledger {
        do {
            return try openChecked(configuration: configuration, logger: logger, central: central, clock: clock)
        } catch let error where !(error is ConfigurationError) {
            // On a full disk SQLite cannot make the -shm file it reads a WAL-mode file with, and
            // `quick_check` answers "disk I/O error": told as damage, an operator would restore
            // an old copy over a sound ledger. With (almost) no space left it is the disk.
            let folder = URL(fileURLWithPath: configuration.databasePath).deletingLastPathComponent().path
            if let free = StorageWatch.availableBytes(folder), free < startFreeBytesNeeded {
                // SQLite's words only: the damage sentence would tell the operator to restore.
                let said = (error as? DamagedLedger)?.problems.joined(separator: " | ") ?? "\(error)"
                throw LedgerDiskFull(path: configuration.databasePath, freeBytes: free, underlying: said)
            }
            throw error
        }
    }

    /// Below this much free space a ledger that fails to open is taken for a full disk: SQLite
    /// needs 32 KiB for the -shm file and some pages of WAL before it can serve at all.
    static let startFreeBytesNeeded: Int64 = 1_000_000

    private static func openChecked(configuration: DaemonConfiguration, logger: Logger, central: CentralStart?,
                                    clock: @escaping @Sendable () -> Date) throws -> Ledger {
        let path = configuration.databasePath
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        // An empty file is an empty SQLite database. O_EXCL: an existing file is left alone.
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            Glibc.close(descriptor)
        } else if errno != EEXIST {
            throw ConfigurationError("kan \(path) niet aanmaken: errno \(errno)")
        }
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            if chmod(file, 0o600) != 0 {
                logger.warning("could not make the ledger file private", metadata: ["file": "\(file)", "errno": "\(errno)"])
            }
        }
        // A damaged file is not served: SQLite would answer from it until it hit the damage.
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let damage = size > 0 ? Ledger.quickCheck(path: path) : []
        if !damage.isEmpty {
            throw DamagedLedger(path: path, problems: damage, newestBackup: Ledger.newestBackup(in: configuration.backupFolder))
        }
        if let settings = configuration.central {
            guard let central else { throw ConfigurationError("[central] zonder verbinding met het logboek (CentralStart.prepare)") }
            return try openNode(path: path, settings: settings, start: central, configuration: configuration,
                                logger: logger, clock: clock)
        }
        let ledger = try Ledger(path: path, setup: configuration.seedDemo ? Ledger.demoSetup : Ledger.Setup(), clock: clock)
        if configuration.seedDemo { try ledger.seedDemo() }
        try applyTariffs(configuration.tariffs, to: ledger, logger: logger)
        if let solidarity = configuration.solidarity {
            try ledger.setSolidarity(solidarity)
            logger.notice("solidarity contribution", metadata: [
                "basis_points": "\(solidarity.basisPoints)", "fixed": "\(solidarity.fixed.minorUnits)",
            ])
        }
        let landed = try ledger.landDueAllocations()
        if landed > 0 { logger.notice("announced allocations landed", metadata: ["count": "\(landed)"]) }
        logger.notice("ledger open", metadata: ["database": "\(path)", "unit": "\(ledger.unit.rawValue)"])
        return ledger
    }

    /// Stores the config's `[tariffs]` in the ledger (none: the database's own day tariffs) and
    /// names clients whose ZZP the tariffs do not know: they can only get an explicit amount.
    static func applyTariffs(_ tariffs: TariffTable?, to ledger: Ledger, logger: Logger) throws {
        try ledger.setTariffs(tariffs ?? TariffTable())
        guard let tariffs else { return }
        logger.notice("tariffs loaded", metadata: ["zzp": "\(tariffs.codes.joined(separator: ","))"])
        let unknown = try ledger.clientsWithUnknownZZP()
        if !unknown.isEmpty {
            logger.warning("clients with a ZZP not in [tariffs]", metadata: [
                "clients": "\(unknown.prefix(20).map { "\($0.number)=\($0.zzp)" }.joined(separator: ","))",
                "count": "\(unknown.count)",
            ])
        }
    }
}

/// The ledger could not be opened at start because its disk is full: not damage, and a restart
/// once space is freed helps (pasjesd exits 75, EX_TEMPFAIL, which systemd restarts).
public struct LedgerDiskFull: Error, CustomStringConvertible {
    /// The ledger file.
    public let path: String
    /// Free bytes on its filesystem when it failed.
    public let freeBytes: Int64
    /// What SQLite said, for the log.
    public let underlying: String

    public var description: String {
        "de schijf van het grootboek \(path) is vol (\(freeBytes) bytes vrij): pasjesd kan het niet openen. "
            + "Dit is geen schade: zet GEEN reservekopie terug. Maak ruimte vrij (df -h "
            + "\(URL(fileURLWithPath: path).deletingLastPathComponent().path)); pasjesd start daarna vanzelf weer."
    }
}

/// The ledger file failed SQLite's `quick_check` at start: pasjesd refuses to serve it.
public struct DamagedLedger: Error, CustomStringConvertible {
    /// The damaged file.
    public let path: String
    /// What SQLite found, at most `Ledger.maxIntegrityProblems` lines.
    public let problems: [String]
    /// The newest copy in `[backup] dir`, if any: what to restore.
    public let newestBackup: String?

    public var description: String {
        "het grootboek \(path) is beschadigd (SQLite quick_check: \(problems.prefix(3).joined(separator: "; "))). "
            + "pasjesd start er niet op. " + Ledger.restoreAdvice(database: path, newestBackup: newestBackup)
    }
}
