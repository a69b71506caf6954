import Foundation
import Logging
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#endif

/// The free space of the ledger's filesystem, and the log lines an operator needs about it.
///
/// A full disk refuses every booking (`storage_full`), so the operator must hear of it before it
/// happens: a warning when free space drops below `[storage] warn_below_mb`, once per crossing
/// (a disk hovering near the margin must not flood the journal), and a notice when it is back.
final class StorageWatch: Sendable {
    /// The folder of the ledger file: the WAL and SHM files grow there too.
    let folder: String
    /// Below this many free bytes pasjesd warns.
    let warnBelowBytes: Int64
    private let measure: @Sendable (String) -> Int64?

    private struct State {
        /// Below the margin at the last check; nil before the first.
        var low: Bool?
        /// A write was refused for want of space and none has gone through since.
        var full = false
        /// A write failed on a storage error (an I/O error, a failed fsync) and none has gone through since.
        var failing = false
    }

    private let state = NIOLockedValueBox(State())

    /// - Parameter measure: free bytes of the filesystem holding a folder; tests pass their own.
    init(databasePath: String, warnBelowBytes: Int64,
         measure: @escaping @Sendable (String) -> Int64? = StorageWatch.availableBytes) {
        folder = URL(fileURLWithPath: databasePath).deletingLastPathComponent().path
        self.warnBelowBytes = warnBelowBytes
        self.measure = measure
    }

    /// Free bytes of `folder`'s filesystem for a process without root's reserve (pasjesd runs as
    /// `pasjes`): statvfs' `f_bavail × f_frsize`. Nil when statvfs fails.
    static func availableBytes(_ folder: String) -> Int64? {
        var figures = statvfs()
        guard statvfs(folder, &figures) == 0 else { return nil }
        let (bytes, overflow) = UInt64(figures.f_bavail).multipliedReportingOverflow(by: UInt64(figures.f_frsize))
        return overflow ? Int64.max : Int64(clamping: bytes)
    }

    /// Free bytes now, without logging (for `system.info`).
    func freeBytes() -> Int64? { measure(folder) }

    /// Measures, and logs when free space crossed the margin since the last check.
    @discardableResult
    func check(logger: Logger) -> Int64? {
        guard let free = measure(folder) else {
            logger.warning("cannot measure the free space of the ledger's filesystem (statvfs failed)",
                           metadata: ["folder": "\(folder)"])
            return nil
        }
        let low = free < warnBelowBytes
        let crossed = state.withLockedValue { state -> Bool in
            defer { state.low = low }
            return state.low != low && (low || state.low != nil)
        }
        guard crossed else { return free }
        if low {
            logger.warning("ledger disk almost full: free space below [storage] warn_below_mb; at 0 every booking is refused (storage_full), free space or grow the disk",
                           metadata: ["folder": "\(folder)", "free_bytes": "\(free)", "warn_below_bytes": "\(warnBelowBytes)"])
        } else {
            logger.notice("ledger disk has room again: free space above [storage] warn_below_mb",
                          metadata: ["folder": "\(folder)", "free_bytes": "\(free)", "warn_below_bytes": "\(warnBelowBytes)"])
        }
        return free
    }

    /// A write was refused for want of space: an error line once per episode, then a check.
    func noteFull(logger: Logger, detail: String?) {
        let first = state.withLockedValue { state -> Bool in
            defer { state.full = true }
            return !state.full
        }
        if first {
            logger.error("ledger disk full: bookings are refused (storage_full) and nothing was booked; selling resumes by itself once space is freed",
                         metadata: ["folder": "\(folder)", "free_bytes": "\(measure(folder).map(String.init) ?? "?")",
                                    "detail": "\(detail ?? "")"])
        }
        check(logger: logger)
    }

    /// A write failed on another storage error (`database_error`: an I/O error, a failed fsync):
    /// an error line once per episode, so a failing disk is seen without flooding the log.
    func noteWriteFailed(logger: Logger, detail: String?) {
        let first = state.withLockedValue { state -> Bool in
            defer { state.failing = true }
            return !state.failing
        }
        if first {
            logger.error("ledger write failed: nothing was booked; check the disk (dmesg, smartctl) and run pasjes verify",
                         metadata: ["folder": "\(folder)", "detail": "\(detail ?? "")"])
        }
    }

    /// A write went through: ends a full-disk or failing-disk episode with a notice.
    func noteWriteSucceeded(logger: Logger) {
        let (wasFull, wasFailing) = state.withLockedValue { state -> (Bool, Bool) in
            defer { state.full = false; state.failing = false }
            return (state.full, state.failing)
        }
        if wasFull || wasFailing {
            logger.notice("ledger disk accepts bookings again", metadata: ["folder": "\(folder)"])
        }
    }
}
