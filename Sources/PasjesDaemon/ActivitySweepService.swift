import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// Settles forgotten activity sessions: at start and every minute, every open session that
/// ended more than the grace period ago is closed (each close is a journaled command), so no
/// hold outlives its session for long even when nobody at the desk closes it.
struct ActivitySweepService: Service {
    let dispatcher: Dispatcher
    let interval: Duration
    /// Where the sleep's timer runs: an event loop, not a task of the cooperative pool.
    let eventLoop: any EventLoop

    func run() async throws {
        let alarm = SweepAlarm()
        // The graceful-shutdown handler is called synchronously by whoever triggers the shutdown
        // and rings the alarm itself. `cancelWhenGracefulShutdown` woke the sleep from a task of
        // the cooperative pool instead, and an in-process daemon whose test thread held that pool
        // waited out its whole 33 s bound to stop.
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                while !alarm.isStopped {
                    await dispatcher.sweepActivities()
                    await alarm.sleep(for: interval, on: eventLoop)
                }
            } onGracefulShutdown: {
                alarm.stop()
            }
        } onCancel: {
            alarm.stop()
        }
    }
}

/// A sleep that a timer on an event loop or a shutdown ends, whichever comes first.
final class SweepAlarm: Sendable {
    private struct State {
        var stopped = false
        var waiting: CheckedContinuation<Void, Never>?
    }

    private let state = NIOLockedValueBox(State())

    var isStopped: Bool { state.withLockedValue { $0.stopped } }

    /// Returns after `interval`, or at once when stopped (before or during the sleep).
    func sleep(for interval: Duration, on eventLoop: any EventLoop) async {
        let nanoseconds = interval.components.seconds * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let stopped = state.withLockedValue { state -> Bool in
                guard !state.stopped else { return true }
                state.waiting = continuation
                return false
            }
            if stopped {
                continuation.resume()
                return
            }
            eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) { self.ring() }
        }
    }

    /// Ends the current sleep and every later one.
    func stop() {
        let waiting = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            state.stopped = true
            defer { state.waiting = nil }
            return state.waiting
        }
        waiting?.resume()
    }

    private func ring() {
        state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            defer { state.waiting = nil }
            return state.waiting
        }?.resume()
    }
}
