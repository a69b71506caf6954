import Foundation
import PasjesCentral
import PasjesCore

/// A node's link with the log and its queue, as `system.info` and `sync.changed` tell it.
public struct SyncState: Sendable, Equatable {
    /// `online`, `offline`, `catching_up` or `log_fork`.
    public var state: String
    public var offlineSince: Date?
    public var queue: OutboxSummary
}

extension CentralNode {
    // MARK: Offline and back

    /// The log is out of reach: from now on sales are decided offline (within the limits) until
    /// the puller reaches it again.
    func goOffline(because reason: String) {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        guard offlineSinceMilliseconds.compareExchange(expected: 0, desired: now, ordering: .acquiringAndReleasing).exchanged else { return }
        if let limits = offlineLimits {
            logger.warning("offline: the organisation's log is out of reach; sales are queued within the offline limits", metadata: [
                "reason": "\(reason)", "max_sale": "\(limits.maxSale)", "max_total": "\(limits.maxTotal)",
                "max_age_hours": "\(limits.maxAgeHours)",
                "action": "check the network and PostgreSQL; the queue is forwarded by itself once the log answers"])
        } else {
            logger.warning("offline: the organisation's log is out of reach; writes are refused (no [offline] limits)", metadata: [
                "reason": "\(reason)", "action": "check the network and PostgreSQL"])
        }
        notifySync()
    }

    /// A call to the log failed: out of reach is offline; a refusal (a login refused, a revoked
    /// node) is an alarm, and the node stays as it is: it must not sell on without the log.
    func noteUnreachable(_ error: any Error, while doing: String) {
        if let refusal = error as? CentralError, case .refused(let reason) = refusal {
            let failed = refusals.add(1, ordering: .relaxed).newValue
            if failed == 1 || failed % 60 == 0 {
                logger.error("the organisation's log refuses this node; it does not sell offline", metadata: [
                    "while": "\(doing)", "reason": "\(reason)", "refusals": "\(failed)",
                    "action": "check this node's credentials file and its role in PostgreSQL (pasjes central node add)"])
            }
            // A log that refuses this node answers: it is not out of reach. A node cut off and
            // revoked meanwhile would otherwise go on selling offline once its line is back.
            if offlineSinceMilliseconds.exchange(0, ordering: .acquiringAndReleasing) != 0 {
                logger.warning("offline ends: the log answers and refuses this node; sales are refused until it is let in again", metadata: [
                    "queued": "\((try? ledger.outboxSummary())?.count ?? 0)", "action": "the queue is kept and forwarded once the node is let in"])
                notifySync()
            }
            return
        }
        refusals.store(0, ordering: .relaxed)
        goOffline(because: "\(doing) failed: \(error)")
    }

    /// The log answered again.
    func backOnline() {
        let since = offlineSinceMilliseconds.exchange(0, ordering: .acquiringAndReleasing)
        guard since != 0 else { return }
        let seconds = max(0, Int64(Date().timeIntervalSince1970 * 1000) - since) / 1000
        let queued = (try? ledger.outboxSummary()) ?? OutboxSummary.empty
        logger.notice("online again: the organisation's log answers; forwarding the queue", metadata: [
            "offline_seconds": "\(seconds)", "queued": "\(queued.count)", "queued_amount": "\(queued.amount)"])
        notifySync()
    }

    /// Whether the log answers a lightweight question within the deadline. A refusal is an
    /// answer: a log that refuses this node's login is there, and the node must not go on
    /// selling offline as if it were not.
    func pingAnswers() -> Bool {
        let log = self.log
        do {
            _ = try waitForTask { try await log.head() }
            return true
        } catch let error as CentralError {
            if case .refused = error { return true }
            return false
        } catch {
            return false
        }
    }

    // MARK: Forwarding

    public func queued() {
        notifySync()
    }

    /// Appends the outbox to the log in origin order, exactly once, and applies it here (which
    /// takes each entry out of the outbox in the same transaction). Throws `CentralOffline`
    /// when the log is out of reach, or the log's refusal.
    public func forwardOutbox() throws {
        guard !forked.load(ordering: .acquiring) else { throw LedgerError.logFork }
        // Offline (the puller finds out every second when the log is back): not another wait
        // for a connection before every offline sale.
        if offlineLimits != nil, offlineSinceMilliseconds.load(ordering: .acquiring) != 0 { throw CentralOffline(sent: false) }
        try forwarding.withLock { _ in
            defer { notifySync() }
            var lastFirst: Int64 = 0
            while true {
                let batch = try ledger.outbox(limit: Ledger.maxOutboxBatch)
                guard let first = batch.first else { return }
                // Applying takes forwarded entries out: the same first entry twice is no progress.
                guard first.entry.originSeq != lastFirst else {
                    throw LedgerError.centralRefused.with("outbox #\(first.entry.originSeq) stays after it was forwarded")
                }
                lastFirst = first.entry.originSeq
                try catchUp(to: try forward(page: batch))
            }
        }
    }

    /// Appends a page of the outbox in one call; the last one's global position. A refusal of any
    /// of them appends none, and the page goes one by one (each refusal handled as itself).
    private func forward(page: [QueuedEntry]) throws -> Int64 {
        let log = self.log
        let proposals = page.map(Self.proposal)
        do {
            let appended = try waitForTask { try await log.append(proposals) }
            contact()
            guard case .appended(let position, _)? = appended.last else { throw LedgerError.centralUnknown }
            return position
        } catch let error as CentralError {
            switch error {
            case .unknown, .unavailable:
                throw unanswered(error)
            case _ where error.isLoginRefusal:
                // The node is refused, not its entries: they stay queued (the puller raises the alarm).
                throw LedgerError.centralRefused.with("\(error.code): \(error)")
            default:
                var furthest: Int64 = 0
                for queued in page { furthest = max(furthest, try forward(queued)) }
                return furthest
            }
        }
    }

    /// What forwarding answers when the log gave none (`.unknown`, `.unavailable`): offline
    /// when it does not answer a ping either; else unknown, and the identical retry on the next
    /// round finds the entries or appends them.
    private func unanswered(_ error: CentralError) -> any Error {
        if error == .unavailable {
            goOffline(because: "the log cannot be reached while forwarding")
            return CentralOffline(sent: false)
        }
        guard pingAnswers() else {
            goOffline(because: "forwarding got no answer and the log does not answer a ping")
            return CentralOffline(sent: true)
        }
        return LedgerError.centralUnknown
    }

    /// The proposal of a queued entry, exactly as it was (or will be) sent.
    private static func proposal(_ queued: QueuedEntry) -> CentralProposal {
        let entry = queued.entry
        return CentralProposal(
            origin: entry.origin, originSeq: entry.originSeq, createdAt: entry.createdAt,
            operatorUID: entry.operatorUID, operatorName: entry.operatorName, counterID: entry.counterID,
            kind: entry.kind, version: entry.version, idempotencyKey: entry.idempotencyKey,
            command: entry.command, result: entry.result, offline: queued.offline,
            reads: queued.reads, writes: queued.writes, decidedAt: queued.decidedAt)
    }

    /// Appends one queued entry; its global position.
    private func forward(_ queued: QueuedEntry, again: Bool = false) throws -> Int64 {
        let entry = queued.entry
        let proposal = Self.proposal(queued)
        let log = self.log
        do {
            guard case .appended(let position, _) = try waitForTask({ try await log.append(proposal) }) else {
                throw LedgerError.centralUnknown
            }
            contact()
            return position
        } catch let error as CentralError {
            switch error {
            case .streamConflict where !queued.offline && !again, .clockSkew where !queued.offline && !again:
                // Refused, so not in the log (an identical retry is answered before any check):
                // an entry decided online whose answer was lost, now sent as the offline entry
                // it has become. Stored first, so a retry after another lost answer is identical.
                try ledger.markQueuedOffline(originSeq: entry.originSeq)
                // Not necessarily the first: the page's earlier entries may be appended and not
                // applied yet.
                guard let marked = try ledger.outbox(limit: Ledger.maxOutboxBatch).first(where: {
                    $0.entry.originSeq == entry.originSeq
                }) else {
                    throw LedgerError.centralRefused.with("outbox #\(entry.originSeq) vanished while forwarding")
                }
                return try forward(marked, again: true)
            case .unknown, .unavailable:
                throw unanswered(error)
            case _ where error.isLoginRefusal:
                throw LedgerError.centralRefused.with("\(error.code): \(error)")
            default:
                logger.critical("the log refused an entry of this node's outbox; forwarding stopped", metadata: [
                    "reason": "\(error.code)", "origin_seq": "\(entry.originSeq)", "kind": "\(entry.kind)",
                    "action": "the outbox keeps the entry; is a second pasjesd running with this node's name, or was the ledger file restored from an older copy?"])
                throw LedgerError.centralRefused.with("\(error.code): outbox #\(entry.originSeq)")
            }
        }
    }

    /// The puller's turn at the outbox: forwards when something waits and the log answers.
    func forwardIfQueued() async {
        guard let summary = try? ledger.outboxSummary(), summary.count > 0 else { return }
        guard offlineSinceMilliseconds.load(ordering: .acquiring) == 0, caughtUp.load(ordering: .acquiring) else { return }
        do {
            try await offPool { try self.forwardOutbox() }
        } catch is CentralOffline {
            // Logged when the node went offline.
        } catch {
            logger.warning("forwarding the outbox failed; trying again in a second", metadata: [
                "error": "\(error)", "queued": "\(summary.count)"])
        }
    }

    // MARK: Telling

    /// The limits as the node reports them to the log.
    static func describe(_ limits: OfflineLimits) -> String {
        "max_sale=\(limits.maxSale),max_card_day=\(limits.maxCardDay),max_total=\(limits.maxTotal),max_age_hours=\(limits.maxAgeHours)"
    }

    /// Sets who hears of changes of the sync state (pasjesd publishes `sync.changed`).
    public func observeSync(_ observer: @escaping @Sendable (SyncState) -> Void) {
        syncObserver.withLock { $0 = observer }
    }

    /// The state and queue now.
    public func syncState() -> SyncState {
        let since = offlineSinceMilliseconds.load(ordering: .acquiring)
        return SyncState(
            state: position().state, offlineSince: since == 0 ? nil : Date(timeIntervalSince1970: Double(since) / 1000),
            queue: (try? ledger.outboxSummary()) ?? OutboxSummary.empty)
    }

    /// Tells the observer when the state or the queue changed since it was last told.
    func notifySync() {
        let now = syncState()
        let changed = lastSyncState.withLock { last -> Bool in
            guard last != now else { return false }
            last = now
            return true
        }
        guard changed, let observer = syncObserver.withLock({ $0 }) else { return }
        observer(now)
    }
}

extension CentralNode {
    /// Locations (other than this one) that sold in `month` by this ledger and have not been in
    /// contact with the log since the month ended: their offline sales of the month may still
    /// come. Throws when the log does not answer (a close then waits for it anyway).
    public func locationsPending(for month: Month) throws -> [(node: String, lastContact: Date?)] {
        let sellers = try ledger.origins(soldIn: month).subtracting([ledger.nodeID])
        guard !sellers.isEmpty else { return [] }
        let log = self.log
        let contacts = try waitForTask { try await log.nodeContacts() }
        let ended = month.next.start
        return contacts.filter { sellers.contains($0.node) && ($0.lastContact.map { $0 < ended } ?? true) }
    }
}
