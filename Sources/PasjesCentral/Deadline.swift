import NIOConcurrencyHelpers

/// The deadline passed before the work finished.
struct DeadlineExceeded: Error {}

/// Runs `work` and gives up at `deadline`: then `onTimeout` runs (e.g. closes the connection, since
/// a query in flight does not stop on task cancellation), the work is cancelled and awaited, and
/// `DeadlineExceeded` is thrown whatever the work threw after that. A value the work still
/// produces after the deadline goes to `onLateValue` (a connection must be closed, not dropped).
func withDeadline<T: Sendable>(
    _ deadline: ContinuousClock.Instant, onTimeout: @escaping @Sendable () -> Void = {},
    onLateValue: @escaping @Sendable (T) -> Void = { _ in },
    _ work: @escaping @Sendable () async throws -> T
) async throws -> T {
    let timedOut = NIOLockedValueBox(false)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await work() }
        group.addTask {
            try? await Task.sleep(until: deadline, clock: .continuous)
            guard !Task.isCancelled else { return nil }
            timedOut.withLockedValue { $0 = true }
            onTimeout()
            return nil
        }
        defer { group.cancelAll() }
        do {
            while let next = try await group.next() {
                if let value = next { return value }
                if timedOut.withLockedValue({ $0 }) { break }
            }
        } catch {
            guard timedOut.withLockedValue({ $0 }) else { throw error }
        }
        group.cancelAll()
        while let late = try? await group.next() {
            if let value = late { onLateValue(value) }
        }
        throw DeadlineExceeded()
    }
}
