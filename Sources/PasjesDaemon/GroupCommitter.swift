import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PasjesCore
import PasjesProtocol

/// Batches concurrent charges into one transaction (group commit).
///
/// Charges wait in a queue; one worker drains it, up to `maxBatch` at a time, each batch one
/// `BEGIN IMMEDIATE` transaction and one fsync. While a batch commits the next one fills, so
/// under load many charges share a commit, and a lone charge waits for nobody. Durability is
/// unchanged: nobody hears "paid" before their batch is committed.
final class GroupCommitter: Sendable {
    /// The most charges in one transaction.
    static let maxBatch = 128
    /// The most charges waiting; beyond it callers are told to retry.
    static let maxQueued = 8_192

    typealias Outcome = Result<ChargeResult, LedgerError>

    private struct Pending: Sendable {
        var request: ChargeRequest
        var who: Operator
        var key: String
        var continuation: CheckedContinuation<Outcome, any Error>
    }

    private struct State: Sendable {
        var queue: [Pending] = []
        var draining = false
        /// When the batch being committed now started; nil between batches.
        var batchStartedAt: NIODeadline?
    }

    private let ledger: Ledger
    private let threadPool: NIOThreadPool
    private let state = NIOLockedValueBox(State())

    init(ledger: Ledger, threadPool: NIOThreadPool) {
        self.ledger = ledger
        self.threadPool = threadPool
    }

    /// Books one charge, durably, possibly together with others.
    func charge(_ request: ChargeRequest, operator who: Operator, idempotencyKey key: String) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let pending = Pending(request: request, who: who, key: key, continuation: continuation)
            let (accepted, startWorker) = state.withLockedValue { state -> (Bool, Bool) in
                guard state.queue.count < GroupCommitter.maxQueued else { return (false, false) }
                state.queue.append(pending)
                if state.draining { return (true, false) }
                state.draining = true
                return (true, true)
            }
            if !accepted {
                continuation.resume(throwing: RPCError.unavailable("charge queue full"))
            } else if startWorker {
                threadPool.submit { _ in self.drain() }
            }
        }
    }

    /// True while one batch has been committing for longer than `limit`: the worker is stuck
    /// (a hung disk, a lock), and the watchdog must stop vouching for the daemon.
    func isStalled(longerThan limit: TimeAmount) -> Bool {
        state.withLockedValue { state in
            guard let started = state.batchStartedAt else { return false }
            return NIODeadline.now() - started > limit
        }
    }

    /// Runs on a pool thread until the queue is empty.
    private func drain() {
        while true {
            let batch = state.withLockedValue { state -> [Pending] in
                let batch = Array(state.queue.prefix(GroupCommitter.maxBatch))
                state.queue.removeFirst(batch.count)
                if batch.isEmpty { state.draining = false }
                state.batchStartedAt = batch.isEmpty ? nil : .now()
                return batch
            }
            if batch.isEmpty { return }
            do {
                let outcomes = try ledger.chargeBatch(batch.map { ($0.request, $0.who, $0.key) })
                precondition(outcomes.count == batch.count, "one outcome per charge")
                for (pending, outcome) in zip(batch, outcomes) { pending.continuation.resume(returning: outcome) }
            } catch {
                // The transaction failed as a whole (disk full, database locked): nothing of
                // this batch was booked, and every caller hears so as a refusal with its reason
                // (`storage_full`, `database_error`). Thrown as it was, it reached the wire as
                // `internal_error`, which told the cashier nothing.
                let refusal = LedgerError.wrapping(error)
                for pending in batch { pending.continuation.resume(returning: .failure(refusal)) }
            }
        }
    }
}
