#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PasjesCore
import PasjesProtocol

extension Dispatcher {
    /// `ledger.backup`: a checked copy in `dir` (or `[backup] dir`), the newest `[backup] keep` kept.
    func ledgerBackup(_ p: BackupParams, peer: Peer) async throws -> BackupResult {
        let folder = p.dir ?? configuration.backupFolder
        try Self.checkBackupFolder(folder)
        let keep = configuration.backupKeep
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
        return BackupResult(path: copy.path, seal: copy.seal.description, bytes: copy.bytes, removed: copy.removed)
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
