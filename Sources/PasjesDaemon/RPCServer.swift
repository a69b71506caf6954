#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import NIOCore
import NIOPosix
import PasjesProtocol
import ServiceLifecycle

/// A connection as accepted: its channel and who is on the other end.
struct AcceptedConnection: Sendable {
    var channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    var credentials: PeerCredentialsValue
}

/// The Unix-socket JSON-RPC server, as a `Service`: stops accepting on graceful shutdown and
/// lets requests in flight finish.
final class RPCServer: Service {
    /// Where to listen: a path we bind, or a socket systemd already bound for us.
    enum Listener: Sendable {
        case path(String)
        case inherited(Int32)
    }

    /// Reply bytes a connection may have waiting for its client before it stops reading.
    static let maxUnsentBytes = 64 * 1024
    /// The most bytes read from one connection at a time. Small: every connection keeps its read
    /// buffer, and 64 KiB of it (two before) for each of 200 connections was 25 MB.
    static let maxReadBytes = 16 * 1024

    let listener: Listener
    let dispatcher: Dispatcher
    let group: MultiThreadedEventLoopGroup
    let logger: Logger
    let registry = ConnectionRegistry()
    /// Bounds the request bytes in work over all connections (see `RequestAdmission`).
    let admission: RequestAdmission
    /// Accepted connections not yet handed to a handler (see `AcceptedLimbo`).
    let limbo = AcceptedLimbo()
    /// Called once the socket accepts connections (sd_notify READY=1).
    let onListening: @Sendable () -> Void

    init(listener: Listener, dispatcher: Dispatcher, group: MultiThreadedEventLoopGroup, logger: Logger,
         onListening: @escaping @Sendable () -> Void) {
        self.listener = listener
        self.dispatcher = dispatcher
        self.group = group
        self.logger = logger
        self.onListening = onListening
        admission = RequestAdmission(maxLineBytes: dispatcher.configuration.maxLineBytes)
    }

    func run() async throws {
        let server = try await bind()
        logger.notice("listening", metadata: ["socket": "\(listener)"])
        onListening()

        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { tasks in
                defer {
                    // Children the stopped server never handed on: closed, not dropped (a trap).
                    for orphan in limbo.close() {
                        tasks.addTask { try? await orphan.channel.executeThenClose { _, _ in } }
                    }
                }
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        limbo.taken(connection)
                        // The connection's tasks run on its event loop (see `EventLoopTaskExecutor`).
                        tasks.addTask(executorPreference: EventLoopTaskExecutor(connection.channel.channel.eventLoop)) {
                            await Connection(channel: connection.channel, credentials: connection.credentials,
                                             dispatcher: self.dispatcher, registry: self.registry, admission: self.admission,
                                             logger: self.logger).run()
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            self.logger.notice("shutting down: no new connections, finishing requests in flight")
            server.channel.close(promise: nil)
            self.registry.drain()
            let deadline = self.dispatcher.configuration.drainDeadlineMilliseconds
            self.group.next().scheduleTask(in: .milliseconds(Int64(deadline))) {
                let closed = self.registry.closeAll()
                if closed > 0 {
                    self.logger.warning("drain deadline passed; closed connections that did not take their replies",
                                        metadata: ["connections": "\(closed)", "deadline_ms": "\(deadline)"])
                }
            }
        }
        if case .path(let path) = listener { unlink(path) }
        logger.notice("server stopped")
    }

    /// Binds the listening socket (or takes the inherited one) with the per-connection limits
    /// and framing, and gives the socket its mode and group.
    private func bind() async throws -> NIOAsyncChannel<AcceptedConnection, Never> {
        let maxLineBytes = dispatcher.configuration.maxLineBytes
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 128)
            // socat and scripts close their sending side after the last request and still
            // wait for the answers: keep the connection open for writing.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            // Bounded unsent output: above the high mark the channel is unwritable, the reply
            // writer waits, and the connection reads no further requests until the client
            // takes its answers. A client that never reads costs at most this plus one read.
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 16 * 1024, high: RPCServer.maxUnsentBytes))
            // One read of 16 KiB per wake-up: a flood waits in the kernel's buffer, not ours. An
            // over-long line is still taken in whole (the decoder drops it up to its newline), so
            // closing the connection does not reset it before the client has read why.
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: RPCServer.maxReadBytes))
        let limbo = self.limbo
        let initializer: @Sendable (any Channel) -> EventLoopFuture<AcceptedConnection> = { channel in
            PeerCredentials.read(channel).flatMapThrowing { credentials in
                try channel.pipeline.syncOperations.addHandlers(
                    ByteToMessageHandler(LineFrameDecoder(maxLineBytes: maxLineBytes)))
                // At most two decoded lines wait for the handler: the rest stays in the socket
                // buffer (each line may be near the limit, and 200 connections × 8 waiting lines
                // was most of pasjesd's growth in a flood).
                let configuration = NIOAsyncChannel<ByteBuffer, ByteBuffer>.Configuration(
                    backPressureStrategy: .init(lowWatermark: 1, highWatermark: 2))
                return try limbo.admit(channel) {
                    AcceptedConnection(
                        channel: try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: configuration),
                        credentials: credentials)
                }
            }
        }
        switch listener {
        case .path(let path):
            try Self.prepareSocketPath(path)
            let server = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true,
                                                  childChannelInitializer: initializer)
            // 0660: the socket's group (cashiers, admins) may connect, nobody else.
            chmod(path, 0o660)
            if let name = dispatcher.configuration.socketGroup {
                guard let entry = getgrnam(name) else { throw ConfigurationError("socket_group \(name) bestaat niet") }
                guard chown(path, uid_t.max, entry.pointee.gr_gid) == 0 else {
                    throw ConfigurationError("chown \(path) naar groep \(name) mislukt: errno \(errno)")
                }
            }
            return server
        case .inherited(let descriptor):
            return try await bootstrap.bind(descriptor, childChannelInitializer: initializer)
        }
    }

    /// Creates the socket's folder, and refuses to take over a socket a live daemon still serves.
    static func prepareSocketPath(_ path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        guard FileManager.default.fileExists(atPath: path) else { return }
        if (try? LineSocket(path: path)) != nil {
            throw ConfigurationError("er draait al een pasjesd op \(path)")
        }
    }
}
