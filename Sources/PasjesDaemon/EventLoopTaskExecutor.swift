import NIOCore

/// Runs a connection's Swift tasks on its channel's event loop thread.
///
/// A request used to cross four threads: the event loop read the line, a thread of Swift's
/// pool parsed and answered it, the ledger's pool booked it, Swift's pool took the result and
/// the event loop wrote it. On an idle counter PC each crossing wakes a sleeping thread (on a
/// virtual machine, a sleeping vCPU), and the wake-ups, not the work, were most of a tap's
/// charge latency. On the event loop the line is parsed and answered where it was read: one
/// crossing to the ledger's pool and one back. Nothing that blocks may run here, as before on
/// Swift's pool: the ledger, NSS and the file system stay on the thread pool (`blocking`).
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // From the event loop itself (a child task, a resumed body) this only queues the job:
        // it runs in the loop's next round, without a wake-up.
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
