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
    let forked = Atomic<Bool>(false)
    /// Set once this ledger has caught up with the log: before, a decision would be taken on
    /// an old state and numbered after an old origin sequence, so writes are refused.
    let caughtUp = Atomic<Bool>(false)
    /// Whether the first catch-up's own writes (this node's join, the config's settings) are
    /// done or were tried: until then `system.info` says `catching_up`, not `online`, since a
    /// snapshot of a ledger that has not joined yet names no node and is refused.
    let settled = Atomic<Bool>(false)
    /// The highest global sequence this node has seen in the log (0: none yet).
    private let logHeadSeen = Atomic<Int64>(0)
    /// Pulls that failed in a row (the log out of reach), for a log line a minute, not a second.
    private let pullFailures = Atomic<Int>(0)
    /// When the log last answered this node (milliseconds since 1970; 0: never).
    private let lastContactMilliseconds = Atomic<Int64>(0)
    /// Work for the moment the node has caught up (the settings of its config file, landing
    /// the month's allocations); run once, after its identity is journaled.
    private let onCaughtUp: @Sendable () throws -> Void
    /// Debug builds only: milliseconds to wait between the log's commit of this node's entry
    /// and applying it here (`PASJESD_FAILPOINT_AFTER_APPEND_MS`), so a test can kill the
    /// node inside the window where only the log knows the outcome.
    private let failpointAfterAppendMilliseconds: Int
    /// How often the puller asks the log when no notification came.
    static let pollIntervalMilliseconds = 1_000
    /// `[offline]`: what may be sold while the log is out of reach (nil: nothing).
    public let offlineLimits: OfflineLimits?
    /// Since when (milliseconds since 1970) the log is out of reach; 0: reachable.
    let offlineSinceMilliseconds = Atomic<Int64>(0)
    /// One forwarder at a time: the puller's and a proposal's that queues behind the outbox.
    let forwarding = Mutex(())
    /// Who hears of a change of the sync state or the queue (pasjesd's `sync.changed`).
    let syncObserver = Mutex<(@Sendable (SyncState) -> Void)?>(nil)
    /// Refusals of the log in a row (a login refused), for an alarm a minute, not a second.
    let refusals = Atomic<Int>(0)
    /// The last state told to the observer: only a change is told.
    let lastSyncState = Mutex<SyncState?>(nil)

    public init(ledger: Ledger, log: CentralLog, logger: Logger, offlineLimits: OfflineLimits? = nil,
                onCaughtUp: @escaping @Sendable () throws -> Void = {}) {
        self.ledger = ledger
        self.log = log
        self.logger = logger
        self.offlineLimits = offlineLimits
        self.onCaughtUp = onCaughtUp
        #if DEBUG
        failpointAfterAppendMilliseconds = ProcessInfo.processInfo.environment["PASJESD_FAILPOINT_AFTER_APPEND_MS"]
            .flatMap(Int.init).map { min(max($0, 0), 60_000) } ?? 0
        #else
        failpointAfterAppendMilliseconds = 0
        #endif
    }

    /// Catches up with the log, then books every write of the ledger through it (in-process
    /// use; pasjesd attaches first and catches up in `run()`).
    public func start() throws {
        try catchUp(to: .max)
        caughtUp.store(true, ordering: .releasing)
        settled.store(true, ordering: .releasing)
        ledger.setProposer(self)
    }

    /// Makes every write of the ledger go through this node, refused until `run()` has caught
    /// up: from the moment pasjesd opens the ledger, nothing is booked past the log.
    public func attach() {
        ledger.setProposer(self)
    }

    /// Where this node stands, for `system.info`.
    public struct Position: Sendable {
        public var node: String
        /// `catching_up`, `online` or `log_fork`.
        public var state: String
        public var appliedSeq: Int64
        public var logHeadSeq: Int64
        public var lastContact: Date?
    }

    /// Where this node stands now.
    public func position() -> Position {
        let applied: Int64 = (try? ledger.journalHead()?.seq) ?? 0
        let state = forked.load(ordering: .acquiring) ? "log_fork"
            : offlineSinceMilliseconds.load(ordering: .acquiring) != 0 ? "offline"
            : caughtUp.load(ordering: .acquiring) && settled.load(ordering: .acquiring) ? "online" : "catching_up"
        let contact = lastContactMilliseconds.load(ordering: .relaxed)
        return Position(node: ledger.nodeID, state: state, appliedSeq: applied,
                        logHeadSeq: max(applied, logHeadSeen.load(ordering: .relaxed)),
                        lastContact: contact == 0 ? nil : Date(timeIntervalSince1970: Double(contact) / 1000))
    }

    func contact() {
        lastContactMilliseconds.store(Int64(Date().timeIntervalSince1970 * 1000), ordering: .relaxed)
        backOnline()
    }

    // MARK: Proposing

    public func propose(_ decision: Decision) throws -> JournalEntry {
        guard !forked.load(ordering: .acquiring) else { throw LedgerError.logFork }
        // Offline with limits (the puller finds out again every second): a sale is decided offline
        // at once, not after waiting out the deadline for every one. Without limits every write
        // tries the log, so it books as soon as the log is back.
        if offlineLimits != nil, offlineSinceMilliseconds.load(ordering: .acquiring) != 0 { throw CentralOffline(sent: false) }
        if !caughtUp.load(ordering: .acquiring), awaitFirstCatchUp() == .offline { throw CentralOffline(sent: false) }
        guard caughtUp.load(ordering: .acquiring) else {
            throw LedgerError.centralUnavailable.with("deze locatie is nog niet bij met het logboek van de centrale")
        }
        let entry = decision.entry
        let proposal = CentralProposal(
            origin: entry.origin, originSeq: entry.originSeq, createdAt: entry.createdAt,
            operatorUID: entry.operatorUID, operatorName: entry.operatorName, counterID: entry.counterID,
            kind: entry.kind, version: entry.version, idempotencyKey: entry.idempotencyKey,
            command: entry.command, result: entry.result, offline: false,
            reads: decision.reads, writes: decision.writes, decidedAt: decision.decidedAt)
        let log = self.log
        let outcome: CentralAppend
        do {
            outcome = try waitForTask { try await log.append(proposal) }
        } catch let error as CentralError {
            switch error {
            case .streamConflict(let streams):
                logger.debug("stream conflict, deciding again", metadata: ["streams": "\(streams)"])
                // Refused, so nothing was appended: a failing pull still says "nothing booked".
                do { try catchUp(to: .max) } catch let error as CentralError { throw Self.nothingBooked(error) }
                throw LedgerError.streamConflict.with(streams.joined(separator: ", "))
            case .originConflict:
                // This node's number is taken in the log: most often by its own earlier proposal
                // whose answer was lost (an unknown outcome) and that is not applied here yet.
                // Pull and decide again (bounded by the ledger, then busy); a second pasjesd with
                // this node's name would keep this going, so it is a warning an operator sees.
                logger.warning("origin_conflict: this node's origin sequence is another entry in the log; pulling and deciding again", metadata: [
                    "origin": "\(entry.origin)", "origin_seq": "\(entry.originSeq)", "kind": "\(entry.kind)",
                    "action": "if it repeats: is a second pasjesd running with this node's name and credentials?"])
                do { try catchUp(to: .max) } catch let error as CentralError { throw Self.nothingBooked(error) }
                throw LedgerError.streamConflict.with("origin \(entry.origin) #\(entry.originSeq)")
            case .unknown:
                // Sent, no answer: is the log there at all? A ping that does not answer either
                // is offline (the entry is queued as it was sent); one that answers is a slow
                // log, and the entry is looked up.
                guard pingAnswers() else {
                    goOffline(because: "an append got no answer and the log does not answer a ping")
                    throw CentralOffline(sent: true)
                }
                return try resolveUnknown(origin: entry.origin, originSeq: entry.originSeq)
            case .unavailable:
                goOffline(because: "the log cannot be reached")
                throw CentralOffline(sent: false)
            case .originGap, .notOrigin, .clockSkew, .refused:
                logger.error("the log refused an entry of this node", metadata: [
                    "reason": "\(error.code)", "origin": "\(entry.origin)", "origin_seq": "\(entry.originSeq)",
                    "kind": "\(entry.kind)"])
                throw LedgerError.centralRefused.with("\(error.code): \(error)")
            }
        }
        guard case .appended(let position, let hash) = outcome else { throw LedgerError.centralUnknown }
        contact()
        if failpointAfterAppendMilliseconds > 0 {
            logger.warning("failpoint: appended to the log, not applied here", metadata: [
                "global_seq": "\(position)", "origin_seq": "\(entry.originSeq)"])
            Thread.sleep(forTimeInterval: Double(failpointAfterAppendMilliseconds) / 1000)
        }
        return try appliedAfterAppend(at: position, hash: hash)
    }

    /// How the first catch-up after a start ended, as a write waiting for it saw it.
    enum FirstCatchUp { case caughtUp, offline, pending }

    /// A write that arrives while a restarted node still asks the log for the first time waits
    /// for that answer (bounded: twice the deadline, a connect and a query): a counter PC
    /// rebooted while the line is down sells offline from its first sale on, and one whose line
    /// is up books online, instead of refusing the sale that happened to come first. A node
    /// that never joined, or has no offline limits, has nothing to wait for.
    private func awaitFirstCatchUp() -> FirstCatchUp {
        guard offlineLimits != nil, (try? ledger.hasJoined()) == true else { return .pending }
        let waitMilliseconds = min(2 * log.deadlineMilliseconds, 10_000)
        let until = ContinuousClock.now + .milliseconds(waitMilliseconds)
        while ContinuousClock.now < until {
            if caughtUp.load(ordering: .acquiring) { return .caughtUp }
            if offlineSinceMilliseconds.load(ordering: .acquiring) != 0 { return .offline }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return .pending
    }

    /// A refusal of the log as the answer "nothing booked".
    private static func nothingBooked(_ error: CentralError) -> LedgerError {
        LedgerError.centralUnavailable.with(error.code)
    }

    /// The entry is in the log: from here on no failure may say "nothing booked". When this
    /// node cannot apply up to it now (the log went away after the commit), the decision is
    /// queued as it was sent (`CentralOffline(sent: true)`): its origin sequence is taken, and
    /// no later entry of this node, online or offline, may be numbered with it. The forwarder's
    /// identical retry finds it and the puller applies it.
    private func appliedAfterAppend(at position: Int64, hash: String) throws -> JournalEntry {
        do {
            return try appliedEntry(at: position, hash: hash)
        } catch let error as LedgerError where error == .logFork {
            throw error
        } catch {
            logger.warning("appended to the log but not applied here yet; queued as sent", metadata: [
                "global_seq": "\(position)", "error": "\(error)"])
            throw CentralOffline(sent: true)
        }
    }

    /// No answer came in time: the entry may be in the log. Only a lookup that proves it absent
    /// may say "nothing booked"; a lookup that fails says "unknown, retry with the same key".
    private func resolveUnknown(origin: String, originSeq: Int64) throws -> JournalEntry {
        let log = self.log
        let found: CentralEntry?
        do {
            found = try waitForTask { try await log.entry(origin: origin, originSeq: originSeq) }
        } catch {
            // Maybe in the log: queued as sent, so its number stays taken (see `appliedAfterAppend`).
            logger.warning("outcome of a proposal unknown; queued as sent", metadata: [
                "origin_seq": "\(originSeq)", "error": "\(error)"])
            throw CentralOffline(sent: true)
        }
        // The log answers but did not take the entry in time: overload, not offline.
        guard let found else { throw LedgerError.busy.with("#\(originSeq) proven absent from the log") }
        return try appliedAfterAppend(at: found.globalSeq, hash: found.hash)
    }

    /// The entry at `position` as this ledger applied it (catching up to it first). Its hash
    /// must be the log's: a log that gave an earlier position than this ledger holds (an older
    /// copy of the log) would otherwise answer with another entry's result.
    private func appliedEntry(at position: Int64, hash: String) throws -> JournalEntry {
        try catchUp(to: position)
        guard let entry = try ledger.entries(after: position - 1, limit: 1).first, entry.seq == position else {
            throw LedgerError.databaseError.with("log entry \(position) is not applied here")
        }
        guard entry.hash == hash else {
            stopWriting(because: "entry \(position) of the log is not the entry this ledger holds there",
                        ledgerHead: (try? ledger.journalHead()?.seq) ?? 0, logPosition: position)
            throw LedgerError.logFork.with("entry \(position) differs from the log's")
        }
        return entry
    }

    /// Stops all writing: the log no longer continues this ledger.
    private func stopWriting(because reason: String, ledgerHead: Int64, logPosition: Int64) {
        forked.store(true, ordering: .releasing)
        logger.critical("log_fork: the organisation's log does not continue this ledger; writing stopped", metadata: [
            "reason": "\(reason)", "ledger_head": "\(ledgerHead)", "log_position": "\(logPosition)", "action":
            "check PostgreSQL's failover (a standby promoted without entries this node has, or a restored older copy); keep this ledger file, it holds the entries the log lacks"])
    }

    /// Compares this ledger with the log's head: a log that ends before this ledger, or holds
    /// another entry at a position this ledger has, lost entries this node applied (`log_fork`).
    func checkLogHead() throws {
        // This ledger's head first: appends only ever move the log's head on, so a head read
        // after it that is lower is a log that lost entries, never a race with an apply.
        let applied = try ledger.journalHead()?.seq ?? 0
        let log = self.log
        let logHead = try waitForTask { try await log.head() }
        contact()
        if logHead.globalSeq > logHeadSeen.load(ordering: .relaxed) {
            logHeadSeen.store(logHead.globalSeq, ordering: .relaxed)
        }
        if logHead.globalSeq < applied {
            stopWriting(because: "the log ends at \(logHead.globalSeq), before this ledger's head",
                        ledgerHead: applied, logPosition: logHead.globalSeq)
            throw LedgerError.logFork.with("het logboek eindigt bij \(logHead.globalSeq), dit grootboek bij \(applied)")
        }
        guard logHead.globalSeq > 0,
              let ours = try ledger.entries(after: logHead.globalSeq - 1, limit: 1).first,
              ours.seq == logHead.globalSeq else { return }
        if ours.hash != logHead.hash {
            stopWriting(because: "the log's entry \(ours.seq) is another entry than this ledger's",
                        ledgerHead: applied, logPosition: ours.seq)
            throw LedgerError.logFork.with("regel \(ours.seq) verschilt van die van het logboek")
        }
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
                let page = try waitForTask { try await log.entries(after: applied, limit: Ledger.maxReplicaBatch) }
                    .filter { $0.globalSeq <= position }
                contact()
                if let last = page.last?.globalSeq, last > logHeadSeen.load(ordering: .relaxed) {
                    logHeadSeen.store(last, ordering: .relaxed)
                }
                guard let first = page.first else { return }
                guard first.globalSeq == applied + 1, first.previousHash == (head?.hash ?? String(repeating: "0", count: 64)) else {
                    stopWriting(because: "the log's next entry names another previous hash", ledgerHead: applied,
                                logPosition: first.globalSeq)
                    throw LedgerError.logFork.with("entry \(first.globalSeq) follows \(first.previousHash.prefix(12))…, this ledger's head \(applied) is \(head?.hash.prefix(12) ?? "")…")
                }
                let report = try ledger.apply(foreign: page.map(JournalEntry.init(central:)))
                for divergence in report.divergences {
                    logger.error("divergence: an entry answered differently here than on its origin", metadata: [
                        "seq": "\(divergence.seq)", "kind": "\(divergence.kind)", "origin": "\(divergence.origin)"])
                }
                if let last = page.last, report.head?.hash != last.hash {
                    stopWriting(because: "this ledger's chain differs from the log's after applying it",
                                ledgerHead: report.head?.seq ?? 0, logPosition: last.globalSeq)
                    throw LedgerError.logFork.with("head \(last.globalSeq) differs from the log's")
                }
            }
        }
    }

    /// The puller: applies new entries as the log announces them (LISTEN), and asks every
    /// second anyway (a notification can be lost with a connection), sending its heartbeat.
    public func run() async throws {
        // Before anything is journaled here (its identity, once caught up): every write of this
        // ledger goes through the log, or the ledger would hold an entry the log never had. A
        // proposer already set (pasjesd attached this node; a bench wraps it) stays.
        if !ledger.isProposing { attach() }
        guard await becomeCaughtUp() else { return }
        let notifications = log.notifications()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in notifications {
                    if Task.isCancelled { return }
                    await self.pull(checkingHead: false)
                    await self.forwardIfQueued()
                }
            }
            group.addTask {
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    await self.pull(checkingHead: true)
                    await self.forwardIfQueued()
                    self.notifySync()
                    if let (applied, queue) = try? await offPool({
                        (try self.ledger.journalHead()?.seq ?? 0, try self.ledger.outboxSummary())
                    }) {
                        try? await self.log.report(appliedSeq: applied, queuedCount: queue.count, queuedAmount: queue.amount,
                                                   oldestQueuedMilliseconds: queue.oldestMilliseconds,
                                                   offlineLimits: self.offlineLimits.map(Self.describe))
                    }
                    try? await Task.sleep(for: .milliseconds(Self.pollIntervalMilliseconds))
                }
            }
            // The poll loop ends at shutdown; the notification loop ends with it.
            await group.next()
            group.cancelAll()
        }
    }

    /// Catches up with the log, asking again every second while it is out of reach, then lets
    /// writes through, journals this node's identity and does the `onCaughtUp` work. False when
    /// the service is stopped first, or the log does not continue this ledger.
    private func becomeCaughtUp() async -> Bool {
        var attempts = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await offPool {
                    try self.catchUp(to: .max)
                    try self.checkLogHead()
                }
                break
            } catch let error as LedgerError where error == .logFork {
                return false
            } catch {
                attempts += 1
                // A node that has been one (its identity is in its ledger) sells offline from its
                // replica after a restart too; a new one waits for the log.
                if offlineLimits != nil, (try? ledger.hasJoined()) == true {
                    noteUnreachable(error, while: "starting")
                }
                // Once, then every minute: an operator sees it without a flood.
                if attempts == 1 || attempts % 60 == 0 {
                    logger.warning("cannot catch up with the organisation's log; writes are refused until it answers", metadata: [
                        "error": "\(error)", "attempts": "\(attempts)"])
                }
                try? await Task.sleep(for: .milliseconds(Self.pollIntervalMilliseconds))
            }
        }
        guard !Task.isCancelled && !Task.isShuttingDownGracefully else { return false }
        caughtUp.store(true, ordering: .releasing)
        let position = self.position()
        logger.notice("caught up with the organisation's log; writes go through it", metadata: [
            "node": "\(position.node)", "applied_seq": "\(position.appliedSeq)"])
        do {
            try await offPool {
                try self.ledger.join()
                try self.onCaughtUp()
            }
        } catch {
            logger.error("starting as a node: joining or applying the config's settings failed", metadata: ["error": "\(error)"])
        }
        settled.store(true, ordering: .releasing)
        notifySync()
        return true
    }

    /// One catch-up, on a thread of its own (it blocks on SQLite and on the log's answers);
    /// `checkingHead` also compares heads, which a log that lost entries needs to be seen.
    private func pull(checkingHead: Bool) async {
        guard !forked.load(ordering: .acquiring) else { return }
        do {
            try await offPool {
                try self.catchUp(to: .max)
                if checkingHead { try self.checkLogHead() }
            }
            let failed = pullFailures.exchange(0, ordering: .relaxed)
            if failed > 0 {
                logger.notice("the organisation's log answers again", metadata: ["failed_pulls": "\(failed)"])
            }
        } catch let error as LedgerError where error == .logFork {
            // Logged where it was found; writing has stopped.
        } catch {
            noteUnreachable(error, while: "pulling the log")
            // The first failure, then one line a minute: an operator sees it without a flood.
            let failed = pullFailures.add(1, ordering: .relaxed).newValue
            if failed == 1 || failed % 60 == 0 {
                logger.warning("pulling the organisation's log failed; writes are refused until it answers, trying again every second",
                               metadata: ["error": "\(error)", "failed_pulls": "\(failed)"])
            }
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

/// Runs async `body` to completion from a thread that may block (the ledger's thread pool, a
/// bench thread; never one of Swift's pool) and returns its result.
public func waitForTask<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
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
