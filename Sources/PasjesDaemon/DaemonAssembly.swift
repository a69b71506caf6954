import Foundation
import Logging
import NIOPosix
import PasjesCore
import PasjesProtocol
import PasjesSystemd
import ServiceLifecycle

/// pasjesd's parts built from one configuration: ledger, thread pool, event loops, event hub,
/// dispatcher, socket server and the services around them, ready to run.
///
/// `pasjesd` builds one and runs it until SIGTERM; tests build one on a temporary socket and
/// database and run it inside the test process, so they need no binary and no child process.
public final class DaemonAssembly: Sendable {
    /// The configuration everything was built from.
    public let configuration: DaemonConfiguration
    let logger: Logger
    let ledger: Ledger
    let threadPool: NIOThreadPool
    let eventLoops: MultiThreadedEventLoopGroup
    let dispatcher: Dispatcher
    let group: ServiceGroup
    let notifier: SystemdNotifier?
    /// This pasjesd as a node of several locations; nil when embedded.
    let central: CentralNode?

    /// Opens the ledger and builds the rest; nothing listens before `run()`.
    ///
    /// - Parameters:
    ///   - inheritedSocket: a listening socket passed by systemd (socket activation); without
    ///     one the server binds `configuration.socketPath`.
    ///   - notifier: sd_notify(3) target; nil when not started by systemd.
    ///   - stopOnSignals: SIGTERM and SIGINT stop the daemon gracefully; false in tests, which
    ///     must not take the test process's signals and stop it with `triggerGracefulShutdown()`.
    ///   - central: for `[central]`: the log's client (and first entry) from `CentralStart.prepare`.
    ///   - onListening: called once the socket accepts connections.
    ///   - clock: the wall and monotonic clocks; in-process tests pass clocks they move. pasjesd
    ///     has no flag or variable for it: a release build must not move money in time.
    public init(configuration: DaemonConfiguration, logger: Logger, inheritedSocket: Int32? = nil,
                notifier: SystemdNotifier? = nil, stopOnSignals: Bool = false,
                clock: DaemonClock = .system,
                central start: CentralStart? = nil, onListening: @escaping @Sendable () -> Void = {}) throws {
        self.configuration = configuration
        self.logger = logger
        self.notifier = notifier
        let ledger = try LedgerFiles.open(configuration: configuration, logger: logger, central: start, clock: clock.wall)
        do {
            try Self.reportCounterAccess(ledger: ledger, configuration: configuration, logger: logger)
        } catch {
            try? ledger.close()
            throw error
        }
        self.ledger = ledger
        var node: CentralNode?
        if let start, configuration.central != nil {
            node = CentralNode(ledger: ledger, log: start.log, logger: logger, offlineLimits: configuration.offline) {
                try LedgerFiles.settle(configuration: configuration, ledger: ledger, logger: logger)
            }
            // From here on nothing is booked past the log; `run()` catches up, then lets writes through.
            node?.attach()
        }
        central = node
        threadPool = NIOThreadPool(numberOfThreads: 4)
        threadPool.start()
        eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var dispatcher = Dispatcher(
            ledger: ledger, configuration: configuration,
            committer: GroupCommitter(ledger: ledger, threadPool: threadPool), hub: EventHub(logger: logger),
            tokens: TapTokens(ttlSeconds: configuration.tapTokenTTLSeconds, clock: clock),
            imports: ImportStaging(clock: clock), readers: ReaderBoard(),
            threadPool: threadPool, logger: logger, refusals: RefusalLog(logger: logger), clock: clock,
            startedUptimeNanoseconds: clock.uptimeNanoseconds(), clockWatch: ClockJumpWatch(clock: clock),
            storage: StorageWatch(databasePath: configuration.databasePath,
                                  warnBelowBytes: Int64(configuration.storageWarnBelowMegabytes) * 1_000_000),
            version: Daemon.version)
        dispatcher.central = node
        self.dispatcher = dispatcher
        let hub = dispatcher.hub
        node?.observeSync { [configuration] state in
            hub.publish(.syncChanged, counter: nil, SyncInfo(state, node: configuration.central?.node ?? "",
                                                             limits: configuration.offline))
        }
        let services = Self.services(dispatcher: dispatcher, eventLoops: eventLoops, inheritedSocket: inheritedSocket,
                                     notifier: notifier, logger: logger, onListening: onListening)
        group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: stopOnSignals ? [.sigterm, .sigint] : [], logger: logger))
    }

    /// The socket server, the systemd watchdog (when asked for) and the card readers (when enabled).
    private static func services(
        dispatcher: Dispatcher, eventLoops: MultiThreadedEventLoopGroup, inheritedSocket: Int32?,
        notifier: SystemdNotifier?, logger: Logger, onListening: @escaping @Sendable () -> Void
    ) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        // sd_notify(3): READY=1 once the socket accepts; silent when not run by systemd.
        let onReady: @Sendable () -> Void = {
            do { try notifier?.ready() } catch { logger.warning("sd_notify READY failed", metadata: ["error": "\(error)"]) }
            onListening()
        }
        let listener: RPCServer.Listener = inheritedSocket.map { .inherited($0) } ?? .path(dispatcher.configuration.socketPath)
        let server = RPCServer(listener: listener, dispatcher: dispatcher, group: eventLoops, logger: logger,
                               onListening: onReady)
        // A ServiceGroup stops its services in reverse order: the server is last in the list so it
        // stops accepting first, while the ledger's other users are still running.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let notifier, let interval = SystemdNotifier.watchdogInterval() {
            services.append(.init(service: WatchdogService(
                notifier: notifier, interval: interval, dispatcher: dispatcher, logger: logger)))
        }
        if let seconds = dispatcher.configuration.activitySweepSeconds {
            services.append(.init(service: ActivitySweepService(dispatcher: dispatcher, interval: .seconds(seconds),
                                                                eventLoop: eventLoops.next())))
        }
        services.append(.init(service: StorageWatchService(
            dispatcher: dispatcher, interval: .seconds(dispatcher.configuration.storageCheckSeconds), eventLoop: eventLoops.next())))
        if let central = dispatcher.central {
            services.append(.init(service: central))
        }
        if dispatcher.configuration.pcscEnabled {
            services.append(.init(service: TapService(dispatcher: dispatcher, logger: logger)))
        } else {
            logger.notice("card readers disabled")
        }
        services.append(.init(service: server))
        return services
    }

    /// Serves until a graceful shutdown (a signal or `triggerGracefulShutdown()`), lets the
    /// requests in flight finish, then closes the thread pool, the ledger and the event loops.
    public func run() async throws {
        do {
            try await group.run()
        } catch {
            logger.error("stopped with error", metadata: ["error": "\(error)"])
            try? await shutdown()
            throw error
        }
        try await shutdown()
    }

    /// Starts a graceful shutdown: no new connections, requests in flight finish.
    public func triggerGracefulShutdown() async {
        await group.triggerGracefulShutdown()
    }

    private func shutdown() async throws {
        try? notifier?.stopping()  // sd_notify STOPPING=1
        try await threadPool.shutdownGracefully()
        await central?.log.close()
        try ledger.close()
        try await eventLoops.shutdownGracefully()
        logger.notice("stopped cleanly")
    }

    /// Says at start which counters only admins can work, so an operator who forgot
    /// `[counter_access]` finds out before the first cashier does.
    private static func reportCounterAccess(ledger: Ledger, configuration: DaemonConfiguration, logger: Logger) throws {
        let counters = try ledger.counters().map(\.id)
        for counter in counters where configuration.counterAccess[counter] == nil {
            logger.warning("counter has no [counter_access] entry: only admins can work it", metadata: ["counter": "\(counter)"])
        }
        for (counter, groups) in configuration.counterAccess.sorted(by: { $0.key < $1.key }) {
            let known = counters.contains(counter) ? "" : " (no such counter in the ledger yet)"
            logger.notice("counter access\(known)", metadata: ["counter": "\(counter)", "groups": "\(groups.joined(separator: ","))"])
        }
    }
}

extension DaemonConfiguration {
    /// What `pasjesd --demo` means: a demo home in an empty database, and the demo readers
    /// when the configuration names none.
    public mutating func enableDemo() {
        seedDemo = true
        if readers.isEmpty { readers = DaemonConfiguration.demoReaders }
    }
}
