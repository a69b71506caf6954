import CPCSCLite
import Foundation
import Logging

/// Watches every PC/SC reader on its own thread and reports readers, pcscd health and taps as `CardEvent`s.
///
/// PC/SC calls block, so they run on a dedicated `Thread`, never on the Swift concurrency pool.
/// The thread owns its pcsc-lite context; other threads only touch the few lock-guarded fields below.
public final class ReaderMonitor: @unchecked Sendable {
    /// Limits and timeouts; the defaults suit a counter with one or two readers.
    public struct Configuration: Sendable {
        /// Readers beyond this many are ignored (pcsc-lite itself allows 16 per context).
        public var maximumReaders = 16
        /// How long one `SCardGetStatusChange` may block; bounded so `stop()` and lost wake-ups never hang.
        public var statusChangeTimeoutMilliseconds: UInt32 = 1_000
        /// First wait before reconnecting to pcscd after it went away.
        public var initialBackoffMilliseconds = 50
        /// Longest wait between reconnect attempts: keeps us back within ~0.5 s of pcscd returning.
        public var maximumBackoffMilliseconds = 500
        /// How long a reader that came back (re-plug, reset, pcscd restart) may report empty before
        /// that counts as its remembered card being lifted: readers and vpcd see a card that never
        /// moved only after their first poll or two (~0.4 s each), so this leaves room for a slow one.
        public var readerSettleMilliseconds = 3_000
        /// How long a reader must be seen empty for the card that lay on it to count as lifted: a
        /// flickering field empties it for a moment; a hand lifting a card and presenting it again
        /// takes longer (and with vpcd, polled every 0.4 s, a lift never looks shorter).
        public var minimumAbsenceMilliseconds = 250
        /// Events kept when nobody reads the stream; the oldest are dropped first.
        public var eventBufferSize = 256
        /// How long `stop()` waits for the monitor thread to finish.
        public var stopTimeoutMilliseconds = 3_000
        /// Feedback requests queued at most; more are dropped (feedback is a courtesy, never a backlog).
        public var maximumPendingFeedback = 8
        /// Reader-name fragments of readers that understand the ACS LED/buzzer pseudo-APDU; others are left alone.
        public var feedbackReaderNameFragments = ["ACR122", "ACR1222", "ACR1252", "ACR1255", "Virtual PCD"]

        /// The defaults.
        public init() {}
    }

    /// Every event, in order; finishes after `stop()`.
    public let events: AsyncStream<CardEvent>

    let configuration: Configuration
    let logger: Logger
    /// Where the keys of authenticated cards come from; nil: UIDs only, nothing is authenticated.
    let keyDirectory: (any CardKeyDirectory)?
    let continuation: AsyncStream<CardEvent>.Continuation
    let feedbackQueue = DispatchQueue(label: "pasjes.card.feedback")

    // Guarded by `lock`: the only state shared between the monitor thread and callers.
    private let lock = NSLock()
    private var started = false
    private var stopRequested = false
    private var currentContext: PCSCContext?
    private var readerSnapshot: [String] = []
    private var pendingFeedbackCount = 0

    /// Signalled by `stop()` so a backoff sleep ends at once.
    private let wakeUp = DispatchSemaphore(value: 0)
    /// Signalled by the thread when its loop has ended.
    private let finished = DispatchSemaphore(value: 0)

    /// Creates a stopped monitor; pcsc-lite finds pcscd through `PCSCLITE_CSOCK_NAME` in the process environment.
    /// With `keyDirectory`, a card with a key on record must prove it on every tap.
    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "pasjes.card"),
                keyDirectory: (any CardKeyDirectory)? = nil) {
        self.configuration = configuration
        self.logger = logger
        self.keyDirectory = keyDirectory
        (events, continuation) = AsyncStream.makeStream(
            of: CardEvent.self, bufferingPolicy: .bufferingNewest(max(1, configuration.eventBufferSize)))
    }

    /// Starts the monitor thread; a second call does nothing.
    public func start() {
        let shouldStart = lock.withLock {
            if started { return false }
            started = true
            return true
        }
        guard shouldStart else { return }
        let thread = Thread { [self] in
            MonitorLoop(monitor: self).run()
            finished.signal()
        }
        thread.name = "pasjes-card-monitor"
        thread.start()
    }

    /// Stops the thread (cancelling a blocking PC/SC wait) and finishes `events`; waits at most `stopTimeoutMilliseconds`.
    public func stop() {
        let (wasRunning, context) = lock.withLock {
            let wasRunning = started && !stopRequested
            stopRequested = true
            return (wasRunning, currentContext)
        }
        if wasRunning {
            context?.cancel()
            wakeUp.signal()
            if finished.wait(timeout: .now() + .milliseconds(configuration.stopTimeoutMilliseconds)) == .timedOut {
                logger.warning("card monitor thread did not stop in time")
            }
        }
        continuation.finish()
    }

    /// The readers the monitor currently watches.
    public var readers: [String] { lock.withLock { readerSnapshot } }

    deinit { continuation.finish() }

    // MARK: Used by the monitor thread

    var isStopRequested: Bool { lock.withLock { stopRequested } }

    /// Publishes the context so `stop()` can cancel it; false (and nothing stored) when stopping.
    func setCurrentContext(_ context: PCSCContext?) -> Bool {
        lock.withLock {
            if context != nil && stopRequested { return false }
            currentContext = context
            return true
        }
    }

    func setReaderSnapshot(_ readers: [String]) {
        lock.withLock { readerSnapshot = readers }
    }

    /// Sleeps, but wakes at once on `stop()`.
    func pause(milliseconds: Int) {
        _ = wakeUp.wait(timeout: .now() + .milliseconds(milliseconds))
    }

    func emit(_ event: CardEvent) {
        logger.debug("card event", metadata: ["event": "\(event)"])
        continuation.yield(event)
    }

    /// Reserves a feedback slot; false when too many are pending.
    func reserveFeedbackSlot() -> Bool {
        lock.withLock {
            guard pendingFeedbackCount < configuration.maximumPendingFeedback else { return false }
            pendingFeedbackCount += 1
            return true
        }
    }

    func releaseFeedbackSlot() {
        lock.withLock { pendingFeedbackCount -= 1 }
    }
}
