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
                // One time for both: the streams name the month the entry books into.
                let milliseconds = Ledger.milliseconds(clock())
                let streams = try command.streams(in: db, at: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
                let (result, journaled) = try executeJournaling(command, in: db, replaying: nil, at: milliseconds)
                guard let journaled else { throw RolledBack(decided: Decided.unchanged(result)) }
                throw RolledBack<Command.Result>(decided: .proposal(Decision(
                    entry: journaled, decidedAt: journaled.seq - 1,
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
}
