import NIOConcurrencyHelpers
import NIOCore

/// Bounds the request bytes pasjesd works on at once, over all connections.
///
/// A request line becomes several copies while it is parsed and decoded (the JSON tree, the
/// params, a string per value), so 200 connections each working on a line near the limit grew
/// pasjesd by 100 to 185 MB. Each request is admitted with its line's bytes against
/// `budgetBytes`; the others wait, first come first served, holding their line (at most two
/// decoded lines wait per connection: the channel's backpressure leaves the rest in the
/// socket buffer). Small requests weigh little: a cashier's charge is admitted at once beside
/// the big lines. Together with the lines a connection may hold, this bounds pasjesd's memory:
/// about `max_connections` × (two lines and their buffers) + `linesAtOnce` × (a line being
/// worked on).
final class RequestAdmission: Sendable {
    /// How many lines of `maxLineBytes` are worked on at once at most.
    static let linesAtOnce = 8
    /// What a request weighs at least: a tiny line still costs its buffers and its reply.
    static let minimumWeightBytes = 1024

    /// Room kept beside the big lines for this many small requests at once.
    static let smallRequestsBeside = 64

    /// The line bytes that may be in work at once.
    let budgetBytes: Int

    private struct Waiter {
        var id: UInt64
        var weightBytes: Int
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var usedBytes = 0
        var waiting = CircularBuffer<Waiter>()
        var nextID: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())

    /// A gate for lines of at most `maxLineBytes`: `linesAtOnce` of them at a time.
    init(maxLineBytes: Int) {
        budgetBytes = maxLineBytes * Self.linesAtOnce
    }

    /// How many requests wait for admission now.
    var waitingCount: Int { state.withLockedValue { $0.waiting.count } }

    /// Runs `body` once a request of `lineBytes` is admitted, and gives its share back after.
    /// Throws `CancellationError` when the task is cancelled while it waits.
    func admitted<T>(lineBytes: Int, _ body: () async throws -> T) async throws -> T {
        let weight = min(max(lineBytes, Self.minimumWeightBytes), budgetBytes)
        try await admit(weight)
        defer { release(weight) }
        return try await body()
    }

    private func admit(_ weight: Int) async throws {
        let id = state.withLockedValue { state -> UInt64? in
            // Big lines wait their turn, first come first served. A small request (every
            // cashier's) goes ahead whenever it fits, in room kept for it: a flood of big lines
            // must not keep a sale waiting.
            let small = weight <= Self.minimumWeightBytes
            if (small || state.waiting.isEmpty) && fits(weight, usedBytes: state.usedBytes) {
                state.usedBytes += weight
                return nil
            }
            defer { state.nextID += 1 }
            return state.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = state.withLockedValue { state -> Bool in
                    // Checked under the lock: a cancel after this finds the waiter and resumes it.
                    if Task.isCancelled { return true }
                    state.waiting.append(Waiter(id: id, weightBytes: weight, continuation: continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
                // A release between the first look and the append found nobody to admit.
                admitWaiting()
            }
        } onCancel: {
            let waiter = state.withLockedValue { state -> Waiter? in
                guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiting.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
            // The one that left may have held up smaller ones behind it.
            admitWaiting()
        }
    }

    /// Big lines share `budgetBytes`; small requests may also use the room kept for them.
    private func fits(_ weight: Int, usedBytes: Int) -> Bool {
        let room = weight <= Self.minimumWeightBytes
            ? budgetBytes + Self.smallRequestsBeside * Self.minimumWeightBytes : budgetBytes
        return usedBytes + weight <= room
    }

    private func release(_ weight: Int) {
        state.withLockedValue { $0.usedBytes -= weight }
        admitWaiting()
    }

    /// Admits waiters from the front while they fit; resumes them outside the lock.
    private func admitWaiting() {
        let admitted = state.withLockedValue { state -> [Waiter] in
            var admitted: [Waiter] = []
            while let first = state.waiting.first, fits(first.weightBytes, usedBytes: state.usedBytes) {
                state.usedBytes += first.weightBytes
                admitted.append(state.waiting.removeFirst())
            }
            return admitted
        }
        for waiter in admitted { waiter.continuation.resume() }
    }
}
