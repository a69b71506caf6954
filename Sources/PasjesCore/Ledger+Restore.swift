#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What `restore` did: the copy's seal and where the file it replaced was put.
public struct LedgerRestore: Sendable {
    public var seal: JournalSeal
    /// The replaced ledger (and its WAL and SHM), kept aside; nil when there was none.
    public var setAside: String?
}

extension Ledger {
    /// Puts the checked copy `copy` in place of `database`: the copy is verified first (read-only,
    /// integrity_check and the whole journal), the file it replaces is renamed aside, never
    /// deleted, and the new file is written 0600 (owned like the old one) and renamed into place.
    /// The caller makes sure no pasjesd has `database` open.
    public static func restore(copy: String, to database: String, now: Date = Date()) throws -> LedgerRestore {
        // verifyReadOnly runs integrity_check first, which sees all that quick_check sees.
        let seal = try sealOfSoundCopy(copy, otherwise: "niets teruggezet")
        var old = stat()
        let existed = lstat(database, &old) == 0
        let partial = database + ".terugzetten"
        try copyFile(copy, to: partial, owner: existed ? (old.st_uid, old.st_gid) : nil)
        var setAside: String?
        if existed {
            let aside = "\(database).vervangen-\(fileStamp(now))"
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: database + suffix) {
                guard rename(database + suffix, aside + suffix) == 0 else {
                    throw LedgerError.databaseError.with("kan \(database + suffix) niet opzij zetten: \(String(cString: strerror(errno)))")
                }
            }
            setAside = aside
        }
        guard rename(partial, database) == 0 else {
            throw LedgerError.databaseError.with("kan \(partial) niet op zijn plaats zetten: \(String(cString: strerror(errno)))")
        }
        return LedgerRestore(seal: seal, setAside: setAside)
    }

    /// A byte copy made 0600 with O_EXCL|O_NOFOLLOW and synced before it counts.
    private static func copyFile(_ source: String, to target: String, owner: (uid_t, gid_t)?) throws {
        unlink(target)  // a leftover of an interrupted restore; O_EXCL then refuses anything planted
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        let descriptor = Glibc.open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LedgerError.databaseError.with("kan \(target) niet aanmaken: \(String(cString: strerror(errno)))")
        }
        defer { Glibc.close(descriptor) }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(descriptor) == 0 else {
            throw LedgerError.databaseError.with("schrijven naar \(target) mislukt: \(String(cString: strerror(errno)))")
        }
        if let owner { _ = fchown(descriptor, owner.0, owner.1) }
    }
}
