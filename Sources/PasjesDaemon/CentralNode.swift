import Foundation
import Logging
import PasjesCentral
import PasjesCore
import ServiceLifecycle
import Synchronization

/// A pasjesd of several locations: proposes its ledger's writes to the organisation's log
/// (PostgreSQL) and applies the log to the ledger in global order.
///
/// The ledger is the log applied in order and nothing else: every write, this node's own too,
/// reaches it through `apply(foreign:)`. A proposal is answered from the entry as applied here.
public final class CentralNode: LedgerProposer, Service, Sendable {
    let ledger: Ledger
    let log: CentralLog
    let logger: Logger
    /// One applier at a time: the puller and a proposer catching up to its own entry.
    private let applying = Mutex(())
    /// Set when the log no longer continues this ledger (a failover lost entries): no writes.
    private let forked = Atomic<Bool>(false)
    /// How often the puller asks the log when no notification came.
    static let pollIntervalMilliseconds = 1_000

    public init(ledger: Ledger, log: CentralLog, logger: Logger) {
        self.ledger = ledger
        self.log = log
        self.logger = logger
    }

    /// Catches up with the log, then books every write of the ledger through it.
    public func start() throws {
        try catchUp(to: .max)
        ledger.setProposer(self)
    }

    // MARK: Proposing

    public func propose(_ decision: Decision) throws -> JournalEntry {
        guard !forked.load(ordering: .acquiring) else { throw LedgerError.logFork }
        let entry = decision.entry
        let proposal = CentralProposal(
            origin: entry.origin, originSeq: entry.originSeq, createdAt: entry.createdAt,
            operatorUID: entry.operatorUID, operatorName: entry.operatorName, counterID: entry.counterID,
            kind: entry.kind, version: entry.version, idempotencyKey: entry.idempotencyKey,
            command: entry.command, result: entry.result, offline: false,
            reads: decision.reads, writes: decision.writes, decidedAt: decision.decidedAt)
        let log = self.log
        do {
            let outcome = try blocking { try await log.append(proposal) }
            guard case .appended(let position, _) = outcome else { throw LedgerError.centralUnknown }
            return try appliedEntry(at: position)
        } catch let error as CentralError {
            switch error {
            case .streamConflict(let streams):
                logger.debug("stream conflict, deciding again", metadata: ["streams": "\(streams)"])
                try catchUp(to: .max)
                throw LedgerError.streamConflict.with(streams.joined(separator: ", "))
            case .unknown:
                return try resolveUnknown(origin: entry.origin, originSeq: entry.originSeq)
            case .unavailable:
                throw LedgerError.centralUnavailable
            case .originGap, .originConflict, .notOrigin, .clockSkew, .refused:
                logger.error("the log refused an entry of this node", metadata: [
                    "reason": "\(error.code)", "origin": "\(entry.origin)", "origin_seq": "\(entry.originSeq)",
                    "kind": "\(entry.kind)"])
                throw LedgerError.centralRefused.with("\(error.code): \(error)")
            }
        }
    }

    /// No answer came in time: the entry may be in the log. Only a lookup that proves it absent
    /// may say "nothing booked"; a lookup that fails says "unknown, retry with the same key".
    private func resolveUnknown(origin: String, originSeq: Int64) throws -> JournalEntry {
        let log = self.log
        let found: CentralEntry?
        do {
            found = try blocking { try await log.entry(origin: origin, originSeq: originSeq) }
        } catch {
            logger.warning("outcome of a proposal unknown", metadata: ["origin_seq": "\(originSeq)", "error": "\(error)"])
            throw LedgerError.centralUnknown
        }
        guard let found else { throw LedgerError.centralUnavailable.with("#\(originSeq) proven absent from the log") }
        return try appliedEntry(at: found.globalSeq)
    }

    /// The entry at `position` as this ledger applied it (catching up to it first).
    private func appliedEntry(at position: Int64) throws -> JournalEntry {
        try catchUp(to: position)
        guard let entry = try ledger.entries(after: position - 1, limit: 1).first, entry.seq == position else {
            throw LedgerError.databaseError.with("log entry \(position) is not applied here")
        }
        return entry
    }

    // MARK: Applying

    /// Applies the log's entries after this ledger's head, up to `position`, in batches of one
    /// transaction each. Each entry must continue this ledger's chain: a log whose entry names
    /// another previous hash lost entries this ledger has (`log_fork`), and writing stops.
    public func catchUp(to position: Int64) throws {
        try applying.withLock { _ in
            while true {
                let head = try ledger.journalHead()
                let applied = head?.seq ?? 0
                guard applied < position else { return }
                let log = self.log
                let page = try blocking { try await log.entries(after: applied, limit: Ledger.maxReplicaBatch) }
                    .filter { $0.globalSeq <= position }
                guard let first = page.first else { return }
                guard first.globalSeq == applied + 1, first.previousHash == (head?.hash ?? String(repeating: "0", count: 64)) else {
                    forked.store(true, ordering: .releasing)
                    logger.critical("log_fork: the organisation's log does not continue this ledger; writing stopped", metadata: [
                        "ledger_head": "\(applied)", "log_entry": "\(first.globalSeq)", "action":
                        "check PostgreSQL's failover (a standby promoted without entries this node has); do not delete the ledger"])
                    throw LedgerError.logFork.with("entry \(first.globalSeq) follows \(first.previousHash.prefix(12))…, this ledger's head \(applied) is \(head?.hash.prefix(12) ?? "")…")
                }
                let report = try ledger.apply(foreign: page.map(JournalEntry.init(central:)))
                for divergence in report.divergences {
                    logger.error("divergence: an entry answered differently here than on its origin", metadata: [
                        "seq": "\(divergence.seq)", "kind": "\(divergence.kind)", "origin": "\(divergence.origin)"])
                }
                if let last = page.last, report.head?.hash != last.hash {
                    forked.store(true, ordering: .releasing)
                    logger.critical("log_fork: this ledger's chain differs from the log's after applying it", metadata: [
                        "seq": "\(last.globalSeq)"])
                    throw LedgerError.logFork.with("head \(last.globalSeq) differs from the log's")
                }
            }
        }
    }

    /// The puller: applies new entries as the log announces them (LISTEN), and asks every
    /// second anyway (a notification can be lost with a connection), sending its heartbeat.
    public func run() async throws {
        let notifications = log.notifications()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in notifications {
                    if Task.isCancelled { return }
                    await self.pull()
                }
            }
            group.addTask {
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    await self.pull()
                    if let applied = try? await offPool({ try self.ledger.journalHead()?.seq ?? 0 }) {
                        try? await self.log.heartbeat(appliedSeq: applied)
                    }
                    try? await Task.sleep(for: .milliseconds(Self.pollIntervalMilliseconds))
                }
            }
            // The poll loop ends at shutdown; the notification loop ends with it.
            await group.next()
            group.cancelAll()
        }
    }

    /// One catch-up, on a thread of its own (it blocks on SQLite and on the log's answers).
    private func pull() async {
        guard !forked.load(ordering: .acquiring) else { return }
        do {
            try await offPool { try self.catchUp(to: .max) }
        } catch let error as LedgerError where error == .logFork {
            // Logged where it was found; writing has stopped.
        } catch {
            logger.warning("pulling the organisation's log failed; trying again", metadata: ["error": "\(error)"])
        }
    }
}

/// Runs blocking work on a thread of its own: Swift's pool has as many threads as cores, and
/// a thread blocked on SQLite or on the log must not hold one of them.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}

/// Runs `body` to completion from a thread that may block (the ledger's thread pool).
private func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        box.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    return try box.withLock { $0! }.get()
}
