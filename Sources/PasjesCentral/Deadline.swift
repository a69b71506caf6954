import NIOConcurrencyHelpers

/// The deadline passed before the work finished.
struct DeadlineExceeded: Error {}

/// Runs `work` and gives up at `deadline`: then `onTimeout` runs (e.g. closes the connection, since
/// a query in flight does not stop on task cancellation), the work is cancelled and
/// `DeadlineExceeded` is thrown at once, without waiting for the work to end (a query behind a
/// lock may run on for minutes). A value the work still produces later goes to `onLateValue`
/// (a connection must be closed, not dropped). With `cancelsWork` false the work is left to end
/// by itself (a connect, whose cancellation half-way leaves a connection nobody closes).
func withDeadline<T: Sendable>(
    _ deadline: ContinuousClock.Instant, cancelsWork: Bool = true, onTimeout: @escaping @Sendable () -> Void = {},
    onLateValue: @escaping @Sendable (T) -> Void = { _ in },
    _ work: @escaping @Sendable () async throws -> T
) async throws -> T {
    let race = DeadlineRace<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            race.start(continuation)
            let worker = Task {
                do {
                    let value = try await work()
                    if !race.finish(.success(value)) { onLateValue(value) }
                } catch {
                    _ = race.finish(.failure(error))
                }
            }
            let timer = Task {
                try? await Task.sleep(until: deadline, clock: .continuous)
                guard !Task.isCancelled, race.finish(.failure(DeadlineExceeded())) else { return }
                onTimeout()
                if cancelsWork { worker.cancel() }
            }
            race.onFinish { timer.cancel() }
        }
    } onCancel: {
        _ = race.finish(.failure(CancellationError()))
    }
}

/// The caller's continuation, resumed exactly once by whichever comes first.
private final class DeadlineRace<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var finished: Result<T, any Error>?
        var cleanup: (@Sendable () -> Void)?
        var done = false
    }
    private let state = NIOLockedValueBox(State())

    func start(_ continuation: CheckedContinuation<T, any Error>) {
        // Cancelled before the continuation existed: answer at once.
        let early: Result<T, any Error>? = state.withLockedValue { state in
            if let finished = state.finished { return finished }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Runs `cleanup` once the race is decided (now, if it already is).
    func onFinish(_ cleanup: @escaping @Sendable () -> Void) {
        let runNow = state.withLockedValue { state -> Bool in
            if state.done { return true }
            state.cleanup = cleanup
            return false
        }
        if runNow { cleanup() }
    }

    /// Resumes the caller with `result`; false when it was already resumed.
    func finish(_ result: Result<T, any Error>) -> Bool {
        let (continuation, cleanup, won) = state.withLockedValue { state -> (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?, Bool) in
            guard !state.done else { return (nil, nil, false) }
            state.done = true
            let continuation = state.continuation
            if continuation == nil { state.finished = result }
            state.continuation = nil
            let cleanup = state.cleanup
            state.cleanup = nil
            return (continuation, cleanup, true)
        }
        continuation?.resume(with: result)
        cleanup?()
        return won
    }
}
