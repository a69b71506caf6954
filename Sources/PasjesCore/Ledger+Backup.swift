#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

/// A checked copy of the ledger, made while it keeps booking.
public struct LedgerBackup: Codable, Hashable, Sendable {
    /// The copy's full path: `pasjes-<UTC time>-<seq>-<hash, 12 hex>.sqlite`.
    public var path: String
    /// The journal's head in the copy: write it down with the file.
    public var seal: JournalSeal
    /// The copy's size in bytes.
    public var bytes: Int64
    /// Older copies removed to keep the newest `keep`.
    public var removed: [String]
}

extension Ledger {
    /// The prefix and suffix of every copy `backup` makes; nothing else in the folder is touched.
    static let backupPrefix = "pasjes-"
    static let backupSuffix = ".sqlite"

    /// Copies the ledger into `folder` as one consistent snapshot (SQLite's online backup from a
    /// read snapshot: bookings go on meanwhile), checks the copy (integrity_check and the full
    /// journal verify, read-only), names it after its time and seal, and keeps the newest `keep`.
    ///
    /// The copy is created 0600 with O_EXCL|O_NOFOLLOW before SQLite fills it, so a planted
    /// symlink or a lax umask never exposes residents' data; a copy that fails its check is
    /// removed and the error names what was wrong.
    public func backup(into folder: String, keep: Int) throws -> LedgerBackup {
        precondition(keep >= 1, "the configuration keeps at least one copy")
        let stamp = Ledger.fileStamp(clock())
        let partial = (folder as NSString).appendingPathComponent(".\(Ledger.backupPrefix)\(stamp)-\(UUID().uuidString).part")
        let descriptor = Glibc.open(partial, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LedgerError.databaseError.with("kan \(partial) niet aanmaken: \(String(cString: strerror(errno)))")
        }
        Glibc.close(descriptor)
        var keepPartial = false
        defer {
            if !keepPartial { unlink(partial) }
            unlink(partial + "-wal")
            unlink(partial + "-shm")
        }
        try copy(into: partial)
        let seal = try Ledger.sealOfSoundCopy(partial, otherwise: "niets bewaard")
        let name = "\(Ledger.backupPrefix)\(stamp)-\(seal.seq)-\(seal.hash.prefix(12))\(Ledger.backupSuffix)"
        let final = (folder as NSString).appendingPathComponent(name)
        guard rename(partial, final) == 0 else {
            throw LedgerError.databaseError.with("kan de kopie niet hernoemen naar \(final): \(String(cString: strerror(errno)))")
        }
        keepPartial = true
        let size = (try? FileManager.default.attributesOfItem(atPath: final)[.size] as? Int64) ?? 0
        return LedgerBackup(path: final, seal: seal, bytes: size, removed: try Ledger.prune(folder, keep: keep))
    }

    /// Fills the empty file at `path` with one consistent copy of the ledger (SQLite's online
    /// backup from a read snapshot).
    private func copy(into path: String) throws {
        do {
            let target = try DatabaseQueue(path: path)
            try pool.backup(to: target)
            // One self-contained file: a copy in WAL mode grows -wal and -shm files beside it as
            // soon as anyone opens it, and a copy taken off the machine without them is stale.
            try target.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
            try target.close()
        } catch let error as DatabaseError {
            throw LedgerError.databaseError.with("kopie naar \(path) mislukt: \(error.message ?? "\(error.resultCode)")")
        }
    }

    /// A checked copy at exactly `path` (a new file, created 0600, never through a symlink):
    /// what a new node of several locations starts from. Returns the copy's journal head, its
    /// position in the organisation's log.
    public func snapshot(to path: String) throws -> JournalSeal {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LedgerError.invalidInput.with("kan \(path) niet aanmaken: \(String(cString: strerror(errno))) (het bestand mag nog niet bestaan)")
        }
        Glibc.close(descriptor)
        var done = false
        defer {
            if !done { unlink(path) }
            unlink(path + "-wal")
            unlink(path + "-shm")
        }
        try copy(into: path)
        let seal = try Ledger.sealOfSoundCopy(path, otherwise: "geen kopie gemaakt")
        done = true
        return seal
    }

    /// The seal of a copy that passes `verifyReadOnly` (integrity_check and the whole journal);
    /// otherwise a refusal naming the first problem, ending in `otherwise` (what was not done).
    static func sealOfSoundCopy(_ path: String, otherwise: String) throws -> JournalSeal {
        let report: VerifyReport
        do {
            report = try verifyReadOnly(path: path)
        } catch let error as DatabaseError {
            // A file SQLite cannot read at all ("file is not a database").
            throw LedgerError.databaseError.with("de kopie \(path) is beschadigd: \(error.message ?? "\(error.resultCode)"); \(otherwise)")
        }
        guard report.isClean, let seal = report.seal else {
            let first = report.problems.first.map { "\($0.kind): \($0.message)" } ?? "geen journaal"
            throw LedgerError.databaseError.with("de kopie \(path) is niet in orde (\(first)); \(otherwise)")
        }
        return seal
    }

    /// `2026-12-02T031500123Z`: a moment in a file name (no `:` or `.`), sorting as it happened.
    static func fileStamp(_ date: Date) -> String {
        timestamp(date).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: ".", with: "")
    }

    /// Removes all but the newest `keep` copies (by name: the time comes first).
    static func prune(_ folder: String, keep: Int) throws -> [String] {
        let copies = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasPrefix(backupPrefix) && $0.hasSuffix(backupSuffix) }.sorted()
        let old = copies.dropLast(keep).map { (folder as NSString).appendingPathComponent($0) }
        for path in old { unlink(path) }
        return Array(old)
    }

    /// The newest copy `backup` made in `folder`, if any: what to restore after damage.
    public static func newestBackup(in folder: String) -> String? {
        let copies = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return copies.filter { $0.hasPrefix(backupPrefix) && $0.hasSuffix(backupSuffix) }.max()
            .map { (folder as NSString).appendingPathComponent($0) }
    }
}
