#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PasjesCore
import PasjesProtocol

extension Dispatcher {
    /// `ledger.backup`: first the live file is checked (`integrity_check` and the journal verify),
    /// then a checked copy in `dir` (or `[backup] dir`), the newest `[backup] keep` kept.
    ///
    /// Damage in the live file is an alert, `ledger_damaged`, and no copy: a copy would carry the
    /// damage and push the newest good one out of the kept copies. Damage inside a record is
    /// found within a day this way; `quick_check` at start cannot see it.
    func ledgerBackup(_ p: BackupParams, peer: Peer) async throws -> BackupResult {
        let folder = p.dir ?? configuration.backupFolder
        try Self.checkBackupFolder(folder)
        let keep = configuration.backupKeep
        let check = try await blocking { ledger.checkLiveFile() }
        guard check.isClean else {
            let newest = Ledger.newestBackup(in: folder)
            // `alert` makes this critical line journald's priority 1 (see JournaldLogHandler).
            logger.critical("ledger damaged: the live file failed its check; no backup made, restore the newest", metadata: [
                "alert": "ledger_damaged", "database": "\(ledger.path)", "problems": "\(check.problems.joined(separator: " | "))",
                "newest_backup": "\(newest ?? "none")", "check_ms": "\(check.milliseconds)", "uid": "\(peer.uid)",
                "restore": "pasjes-ledger restore \(newest ?? "COPY") --database \(ledger.path)",
            ])
            throw RPCError(LedgerError.ledgerDamaged(database: ledger.path, problems: check.problems, newestBackup: newest))
        }
        logger.notice("live ledger checked", metadata: [
            "ms": "\(check.milliseconds)", "seal": "\(check.seal.map { "\($0)" } ?? "-")",
        ])
        let copy: LedgerBackup
        do {
            copy = try await blocking { try ledger.backup(into: folder, keep: keep) }
        } catch {
            logger.critical("backup failed", metadata: ["folder": "\(folder)", "error": "\(error)"])
            throw error
        }
        logger.notice("backup made", metadata: [
            "path": "\(copy.path)", "seal": "\(copy.seal)", "bytes": "\(copy.bytes)", "uid": "\(peer.uid)",
            "removed": "\(copy.removed.count)",
        ])
        return BackupResult(path: copy.path, seal: copy.seal.description, bytes: copy.bytes, removed: copy.removed,
                            checkMilliseconds: check.milliseconds)
    }

    /// The folder exists (it is made 0700 when missing), is a real folder and not a symlink, and
    /// nobody else can write in it unless it is sticky and ours: a copy of every resident's
    /// purchases must not land where another user can swap or read it.
    static func checkBackupFolder(_ folder: String) throws {
        guard folder.hasPrefix("/"), folder.utf8.count <= 1_024, !folder.utf8.contains(where: { $0 < 0x20 }) else {
            throw RPCError.invalidParams("dir: een absoluut pad zonder stuurtekens")
        }
        var info = stat()
        if lstat(folder, &info) != 0 {
            guard errno == ENOENT, mkdir(folder, 0o700) == 0, lstat(folder, &info) == 0 else {
                throw RPCError.invalidParams("dir \(folder): bestaat niet en kan niet worden aangemaakt (\(String(cString: strerror(errno))))")
            }
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw RPCError.invalidParams("dir \(folder): geen map (of een symbolische koppeling)")
        }
        let othersWrite = info.st_mode & S_IWOTH != 0
        let stickyAndOurs = info.st_mode & S_ISVTX != 0 && info.st_uid == geteuid()
        guard !othersWrite || stickyAndOurs else {
            throw RPCError.invalidParams("dir \(folder): anderen mogen erin schrijven; kies een map van pasjesd alleen")
        }
    }
}
