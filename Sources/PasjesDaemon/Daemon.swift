import Foundation
import Logging
import NIOPosix
import PasjesCore
import PasjesProtocol
import PasjesSystemd
import ServiceLifecycle

/// pasjesd put together: the ledger, the socket server, the readers, systemd glue.
public struct Daemon: Sendable {
    public static let version = "0.1.0"

    public let configuration: DaemonConfiguration
    public let logger: Logger

    public init(configuration: DaemonConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully and closes the ledger.
    ///
    /// - Parameter inheritedSocket: a listening socket passed by systemd (socket activation).
    public func run(inheritedSocket: Int32? = nil) async throws {
        // sd_notify(3): READY=1 once the socket accepts, STOPPING=1 when shutting down,
        // WATCHDOG=1 pings when systemd asked for them. Silent when not run by systemd.
        let notifier = SystemdNotifier.fromEnvironment()
        let logger = self.logger
        let onReady: @Sendable () -> Void = {
            do { try notifier?.ready() } catch { logger.warning("sd_notify READY failed", metadata: ["error": "\(error)"]) }
        }
        let onStopping: @Sendable () -> Void = { try? notifier?.stopping() }
        let ledger = try LedgerFiles.open(configuration: configuration, logger: logger)
        try reportCounterAccess(ledger: ledger)

        let threadPool = NIOThreadPool(numberOfThreads: 4)
        threadPool.start()
        let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let hub = EventHub(logger: logger)
        let dispatcher = Dispatcher(
            ledger: ledger, configuration: configuration,
            committer: GroupCommitter(ledger: ledger, threadPool: threadPool), hub: hub,
            tokens: TapTokens(ttlSeconds: configuration.tapTokenTTLSeconds), readers: ReaderBoard(),
            threadPool: threadPool, logger: logger, refusals: RefusalLog(logger: logger), startedAt: Date(),
            version: Daemon.version)
        let listener: RPCServer.Listener = inheritedSocket.map { .inherited($0) } ?? .path(configuration.socketPath)
        let server = RPCServer(listener: listener, dispatcher: dispatcher, group: eventLoops, logger: logger,
                               onListening: onReady)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: server)]
        if let notifier, let interval = SystemdNotifier.watchdogInterval() {
            services.append(.init(service: WatchdogService(
                notifier: notifier, interval: interval, dispatcher: dispatcher, logger: logger)))
        }
        if configuration.pcscEnabled {
            services.append(.init(service: TapService(dispatcher: dispatcher, logger: logger)))
        } else {
            logger.notice("card readers disabled")
        }
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        do {
            try await group.run()
        } catch {
            logger.error("stopped with error", metadata: ["error": "\(error)"])
            try? await shutdown(ledger: ledger, threadPool: threadPool, eventLoops: eventLoops, onStopping: onStopping)
            throw error
        }
        try await shutdown(ledger: ledger, threadPool: threadPool, eventLoops: eventLoops, onStopping: onStopping)
    }

    /// Says at start which counters only admins can work, so an operator who forgot
    /// `[counter_access]` finds out before the first cashier does.
    private func reportCounterAccess(ledger: Ledger) throws {
        let counters = try ledger.counters().map(\.id)
        for counter in counters where configuration.counterAccess[counter] == nil {
            logger.warning("counter has no [counter_access] entry: only admins can work it", metadata: ["counter": "\(counter)"])
        }
        for (counter, groups) in configuration.counterAccess.sorted(by: { $0.key < $1.key }) {
            let known = counters.contains(counter) ? "" : " (no such counter in the ledger yet)"
            logger.notice("counter access\(known)", metadata: ["counter": "\(counter)", "groups": "\(groups.joined(separator: ","))"])
        }
    }

    private func shutdown(ledger: Ledger, threadPool: NIOThreadPool, eventLoops: MultiThreadedEventLoopGroup,
                          onStopping: @Sendable () -> Void) async throws {
        onStopping()
        try await threadPool.shutdownGracefully()
        try ledger.close()
        try await eventLoops.shutdownGracefully()
        logger.notice("stopped cleanly")
    }
}
