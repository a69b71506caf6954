import Logging
import ServiceLifecycle

/// Settles forgotten activity sessions: at start and every minute, every open session that
/// ended more than the grace period ago is closed (each close is a journaled command), so no
/// hold outlives its session for long even when nobody at the desk closes it.
struct ActivitySweepService: Service {
    let dispatcher: Dispatcher
    let interval: Duration

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            await dispatcher.sweepActivities()
            // A shutdown must not wait out the minute: the sleep ends with it.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            if Task.isCancelled { return }
        }
    }
}
