import NIOCore
import ServiceLifecycle

/// Measures the free space of the ledger's filesystem at start and every `[storage]
/// check_seconds`, so the low-space warning comes before the disk is full, not with the first
/// refused sale. A request never measures it: the check stays off the booking path.
struct StorageWatchService: Service {
    let dispatcher: Dispatcher
    let interval: Duration
    /// Where the sleep's timer runs (see `ActivitySweepService`).
    let eventLoop: any EventLoop

    func run() async throws {
        let alarm = SweepAlarm()
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                while !alarm.isStopped {
                    dispatcher.storage.check(logger: dispatcher.logger)
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
