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

    let listener: Listener
    let dispatcher: Dispatcher
    let group: MultiThreadedEventLoopGroup
    let logger: Logger
    let registry = ConnectionRegistry()
    /// Called once the socket accepts connections (sd_notify READY=1).
    let onListening: @Sendable () -> Void

    init(listener: Listener, dispatcher: Dispatcher, group: MultiThreadedEventLoopGroup, logger: Logger,
         onListening: @escaping @Sendable () -> Void) {
        self.listener = listener
        self.dispatcher = dispatcher
        self.group = group
        self.logger = logger
        self.onListening = onListening
    }

    func run() async throws {
        let maxLineBytes = dispatcher.configuration.maxLineBytes
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 128)
            // socat and scripts close their sending side after the last request and still
            // wait for the answers: keep the connection open for writing.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<AcceptedConnection> = { channel in
            PeerCredentials.read(channel).flatMapThrowing { credentials in
                try channel.pipeline.syncOperations.addHandler(
                    ByteToMessageHandler(LineFrameDecoder(maxLineBytes: maxLineBytes)))
                return AcceptedConnection(
                    channel: try NIOAsyncChannel(wrappingChannelSynchronously: channel), credentials: credentials)
            }
        }
        let server: NIOAsyncChannel<AcceptedConnection, Never>
        switch listener {
        case .path(let path):
            try Self.prepareSocketPath(path)
            server = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true,
                                              childChannelInitializer: initializer)
            // 0660: the pasjes group (cashiers, admins) may connect, nobody else.
            chmod(path, 0o660)
        case .inherited(let descriptor):
            server = try await bootstrap.bind(descriptor, childChannelInitializer: initializer)
        }
        logger.notice("listening", metadata: ["socket": "\(listener)"])
        onListening()

        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { tasks in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        tasks.addTask {
                            await Connection(channel: connection.channel, credentials: connection.credentials,
                                             dispatcher: self.dispatcher, registry: self.registry, logger: self.logger).run()
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            self.logger.notice("shutting down: no new connections, finishing requests in flight")
            server.channel.close(promise: nil)
            self.registry.drain()
        }
        if case .path(let path) = listener { unlink(path) }
        logger.notice("server stopped")
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
