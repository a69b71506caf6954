import Logging
import NIOCore
import PasjesSystemd
import ServiceLifecycle

/// Pings systemd's watchdog at half the interval it asked for (`WATCHDOG_USEC`), but only
/// while the daemon can still do its work: the ledger answers a read through the thread pool
/// and the group-commit worker is not stuck. A hung ledger then stops the pings, and systemd
/// restarts pasjesd instead of leaving the counters with a daemon that answers nothing.
struct WatchdogService: Service {
    let notifier: SystemdNotifier
    let interval: Duration
    let dispatcher: Dispatcher
    let logger: Logger

    func run() async throws {
        let period = interval / 2
        let periodMilliseconds = period.components.seconds * 1000 + period.components.attoseconds / 1_000_000_000_000_000
        logger.info("systemd watchdog on", metadata: ["ping_ms": "\(periodMilliseconds)"])
        while !Task.isShuttingDownGracefully {
            if let problem = await healthProblem(budgetMilliseconds: max(periodMilliseconds / 2, 100)) {
                logger.error("not pinging the watchdog", metadata: ["problem": "\(problem)"])
            } else {
                do {
                    try notifier.watchdog()
                } catch {
                    logger.warning("watchdog ping failed", metadata: ["error": "\(error)"])
                }
            }
            try? await Task.sleep(for: period)
            if Task.isCancelled { return }
        }
    }

    /// Nil when healthy, else what is wrong.
    func healthProblem(budgetMilliseconds: Int64) async -> String? {
        if dispatcher.committer.isStalled(longerThan: .milliseconds(budgetMilliseconds * 4)) {
            return "group commit stuck for over \(budgetMilliseconds * 4) ms"
        }
        let ledger = dispatcher.ledger
        let logger = self.logger
        // If the read hangs for good, this waits with it: no more pings, and systemd restarts
        // us, which is the point. The slow branch logs first so the operator sees why.
        return await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    try await dispatcher.blocking { _ = try ledger.counters() }
                    return nil
                } catch {
                    return "ledger read failed: \(error)"
                }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(budgetMilliseconds))
                guard !Task.isCancelled else { return nil }
                logger.error("ledger read slower than the watchdog allows", metadata: ["budget_ms": "\(budgetMilliseconds)"])
                return "ledger read took over \(budgetMilliseconds) ms"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
