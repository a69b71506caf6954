import Logging
import PasjesSystemd
import ServiceLifecycle

/// Pings systemd's watchdog at half the interval it asked for (`WATCHDOG_USEC`), so a hung
/// daemon is restarted and a healthy one never is.
struct WatchdogService: Service {
    let notifier: SystemdNotifier
    let interval: Duration
    let logger: Logger

    func run() async throws {
        let period = interval / 2
        logger.info("systemd watchdog on", metadata: ["ping_ms": "\(period.components.seconds * 1000 + period.components.attoseconds / 1_000_000_000_000_000)"])
        while !Task.isShuttingDownGracefully {
            do {
                try notifier.watchdog()
            } catch {
                logger.warning("watchdog ping failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: period)
            if Task.isCancelled { return }
        }
    }
}
