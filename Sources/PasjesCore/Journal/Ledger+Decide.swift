import Foundation
import GRDB

/// A command decided on this ledger but not booked: what a node proposes to the organisation's log.
public struct Decision: Sendable {
    /// The entry as it would be journaled here: origin, origin sequence, time, command, result.
    public var entry: JournalEntry
    /// The journal position the decision was taken at: the log must find every read stream
    /// unchanged since (each stream's version at most this).
    public var decidedAt: Int64
    /// The streams whose state the decision read.
    public var reads: [String]
    /// The streams the entry changes.
    public var writes: [String]
}

/// Books a ledger's writes through the organisation's log instead of locally.
///
/// Called on a thread that may block (pasjesd's ledger thread pool), never on an event loop.
public protocol LedgerProposer: Sendable {
    /// Appends the decision's entry to the log and returns once this ledger has applied the log
    /// up to it: the entry as journaled here. Throws `LedgerError.streamConflict` to have the
    /// command decided again on what has been applied since.
    func propose(_ decision: Decision) throws -> JournalEntry
    /// What may be sold while the log is out of reach; nil: nothing (`central_unavailable`).
    var offlineLimits: OfflineLimits? { get }
    /// Appends the outbox to the log in origin order and applies it here, before an online
    /// proposal (whose origin sequence follows the outbox's). Throws `CentralOffline` when the
    /// log is out of reach.
    func forwardOutbox() throws
    /// Called after an entry was queued in the outbox (the queue changed).
    func queued()
}

extension LedgerProposer {
    public var offlineLimits: OfflineLimits? { nil }
    public func forwardOutbox() throws {}
    public func queued() {}
}

/// Thrown by a proposer when the organisation's log is out of reach.
public struct CentralOffline: Error, Sendable {
    /// False: nothing was sent, the command may be decided offline. True: the decision was sent
    /// and its answer lost; it may be in the log, so it is queued exactly as it was sent.
    public var sent: Bool

    /// Makes one.
    public init(sent: Bool) { self.sent = sent }
}

extension LedgerError {
    /// A stream the decision read changed in the log before the entry was appended.
    public static let streamConflict = LedgerError(
        code: "stream_conflict", message: "Iets is intussen elders gewijzigd; probeer het opnieuw.")
    /// Decided again too often: the streams keep changing under this command.
    public static let busy = LedgerError(
        code: "busy", message: "Het is nu te druk; er is niets geboekt. Probeer het zo opnieuw.")
}

extension Ledger {
    /// How often a command is decided again after a stream conflict before it answers `busy`.
    public static let maxDecisions = 5

    /// From now on every write is proposed through `proposer` (nil: booked locally again).
    public func setProposer(_ proposer: (any LedgerProposer)?) {
        proposerSlot.withLock { $0 = proposer }
    }

    /// Whether writes go through the organisation's log.
    public var isProposing: Bool { proposerSlot.withLock { $0 != nil } }

    /// What deciding a command came to.
    enum Decided<Result: Sendable>: Sendable {
        /// It changes nothing (an idempotent retry, a no-op): this is its answer, nothing to propose.
        case unchanged(Result)
        case proposal(Decision)
    }

    /// The sentinel that carries a decision out of its transaction, which then rolls back.
    private struct RolledBack<Result: Sendable>: Error {
        var decided: Decided<Result>
    }

    /// Decides `command` at the journal's head, as `execute` would book it, and books nothing.
    func decide<Command: LedgerCommand>(_ command: Command) throws -> Decided<Command.Result> {
        do {
            try book { db in
                // The log checks the read streams against the replica's position, not the
                // overlay's: the outbox's entries are appended first and bump what they write.
                let replicaHead = try JournalEntry.headLink(in: db)?.seq ?? 0
                // While the outbox drains, a decision is taken on replica + outbox (and numbered
                // after the outbox): the log gets them in origin order.
                if try !outboxIsEmpty(in: db) { try replayOutbox(in: db) }
                // One time for both: the streams name the month the entry books into.
                let milliseconds = Ledger.milliseconds(clock())
                let streams = try command.streams(in: db, at: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
                let (result, journaled) = try executeJournaling(command, in: db, replaying: nil, at: milliseconds)
                guard let journaled else { throw RolledBack(decided: Decided.unchanged(result)) }
                throw RolledBack<Command.Result>(decided: .proposal(Decision(
                    entry: journaled, decidedAt: replicaHead,
                    reads: streams.reads.map(\.rawValue).sorted(), writes: streams.writes.map(\.rawValue).sorted())))
            }
        } catch let rolledBack as RolledBack<Command.Result> {
            return rolledBack.decided
        }
        throw LedgerError.databaseError.with("a decision of \(Command.kind) left its transaction without a verdict")
    }

    /// `execute` for a node of several locations: decide, propose, answer from the applied entry.
    ///
    /// One proposal at a time per node (see `proposing`): a counter PC books a few charges a
    /// second, and a round trip to the log takes a few milliseconds.
    func executeProposing<Command: LedgerCommand>(_ command: Command, via proposer: any LedgerProposer) throws -> Command.Result {
        try proposing.withLock { _ in try decideAndPropose(command, via: proposer) }
    }

    private func decideAndPropose<Command: LedgerCommand>(_ command: Command, via proposer: any LedgerProposer) throws -> Command.Result {
        // Queue behind the outbox: its entries hold the origin sequences before this one's.
        if try !read({ db in try outboxIsEmpty(in: db) }) {
            do {
                try proposer.forwardOutbox()
            } catch is CentralOffline {
                return try decideOffline(command, via: proposer)
            }
        }
        for _ in 1...Ledger.maxDecisions {
            switch try decide(command) {
            case .unchanged(let result):
                return result
            case .proposal(let decision):
                let applied: JournalEntry
                do {
                    applied = try proposer.propose(decision)
                } catch let error as LedgerError where error == .streamConflict {
                    continue
                } catch let offline as CentralOffline {
                    guard offline.sent else { return try decideOffline(command, via: proposer) }
                    try queueSent(decision)
                    proposer.queued()
                    // A sale is booked by the forwarder, once; anything else is answered when
                    // its retry (same key) finds it applied.
                    guard decision.entry.kind == SaleCharge.kind,
                          var result = try? JSONDecoder().decode(ChargeResult.self, from: Data(decision.entry.result.utf8)),
                          proposer.offlineLimits != nil else {
                        throw LedgerError.centralUnknown
                    }
                    result.offline = true
                    guard let answer = result as? Command.Result else { throw LedgerError.centralUnknown }
                    return answer
                }
                do {
                    return try JSONDecoder().decode(Command.Result.self, from: Data(applied.result.utf8))
                } catch {
                    throw LedgerError.databaseError.with("result of \(applied.kind) at \(applied.seq) does not decode: \(error)")
                }
            }
        }
        throw LedgerError.busy.with("\(Command.kind) decided \(Ledger.maxDecisions) times")
    }

    /// The log is out of reach: a sale is decided offline within the proposer's limits, and
    /// the reversal of one of this node's offline sales; anything else, or anything without
    /// limits, is refused (`central_unavailable`).
    private func decideOffline<Command: LedgerCommand>(_ command: Command, via proposer: any LedgerProposer) throws -> Command.Result {
        if proposer.offlineLimits != nil, let reversal = command as? SaleReverse {
            let result = try reverseOffline(reversal)
            if !result.replayed { proposer.queued() }
            guard let answer = result as? Command.Result else {
                throw LedgerError.databaseError.with("sale.reverse answered another type")
            }
            return answer
        }
        guard let limits = proposer.offlineLimits, let charge = command as? SaleCharge else {
            throw LedgerError.centralUnavailable.with("offline: \(Command.kind) needs the organisation's log")
        }
        let result = try chargeOffline(charge, limits: limits)
        if result.replayed == false { proposer.queued() }
        guard let answer = result as? Command.Result else {
            throw LedgerError.databaseError.with("sale.charge answered another type")
        }
        return answer
    }
}
