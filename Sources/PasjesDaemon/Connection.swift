import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PasjesProtocol

/// Serves one client: reads request lines, answers each, forwards its events.
///
/// Catches everything itself: a bad client gets errors or a closed connection, and the daemon
/// keeps serving everyone else. Every resource a client can make the daemon hold is bounded:
/// connections per uid, idle time, unsent output (see `RPCServer`), forbidden requests.
struct Connection {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    let credentials: PeerCredentialsValue
    let dispatcher: Dispatcher
    let registry: ConnectionRegistry
    let admission: RequestAdmission
    let logger: Logger

    private var configuration: DaemonConfiguration { dispatcher.configuration }

    /// Serves the connection until it ends; never throws, never traps.
    ///
    /// Everything happens inside `executeThenClose`, the first thing it does: an
    /// `NIOAsyncChannel` dropped without it (a peer lookup cancelled by a shutdown, a refusal
    /// that returned early) deinits its writer unfinished, which NIO treats as a programming
    /// error and pasjesd died with SIGILL while stopping.
    func run() async {
        let raw = channel.channel
        do {
            try await channel.executeThenClose { inbound, outbound in
                let lookupStartedNanoseconds = dispatcher.clock.uptimeNanoseconds()
                guard let peer = await lookUpPeer() else { return }
                var tagged = self.logger
                tagged[metadataKey: "uid"] = "\(peer.uid)"
                let logger = tagged
                if let refusal = registry.add(raw, peer: peer, configuration: configuration) {
                    dispatcher.refusals.refused("connect", peer: peer, detail: refusal)
                    try await outbound.write(Self.line(RPCResponseEnvelope(id: nil, error: .unavailable(refusal))))
                    return
                }
                let session = Session(peer: peer, lookedUpAtUptimeNanoseconds: lookupStartedNanoseconds)
                defer {
                    registry.remove(raw)
                    if let id = session.subscriptionID { dispatcher.hub.unsubscribe(id) }
                }
                logger.debug("connected", metadata: ["user": "\(peer.user)", "role": "\(peer.role.rawValue)"])
                try await serve(session, inbound: inbound, outbound: outbound, raw: raw, logger: logger)
            }
        } catch {
            // The client went away or sent something the framing refused; nothing to answer.
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Reads request lines and answers each, with the connection's guard and its event stream
    /// beside it, until the client or a shutdown ends it.
    private func serve(_ session: Session, inbound: NIOAsyncChannelInboundStream<ByteBuffer>,
                       outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, raw: any Channel, logger: Logger) async throws {
        // The requests' bodies (see `withTimeout`) run in a group of their own that the end of
        // the connection does not cancel: a booking that outlived its deadline, or whose client
        // hung up, completes on its own; the connection ends once they have.
        let served: Result<Void, any Error> = await withDiscardingTaskGroup { bodies in
            do {
                try await serveLines(session, inbound: inbound, outbound: outbound, raw: raw, logger: logger,
                                     bodies: &bodies)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try served.get()
    }

    private func serveLines(_ session: Session, inbound: NIOAsyncChannelInboundStream<ByteBuffer>,
                            outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, raw: any Channel, logger: Logger,
                            bodies: inout DiscardingTaskGroup) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            defer { group.cancelAll() }
            group.addTask { await guardConnection(session, raw: raw, logger: logger) }
            do {
                for try await line in inbound {
                    guard registry.begin(raw) else { break }
                    session.requestStarted()
                    // Parsed and answered only once admitted: a line near the limit becomes
                    // several copies while it is worked on (see `RequestAdmission`).
                    let reply = try await admission.admitted(lineBytes: line.readableBytes) {
                        await respond(to: line, session: session, bodies: &bodies)
                    }
                    if let reply { try await outbound.write(reply) }
                    if let (id, events) = session.takeUnstartedStream() {
                        group.addTask {
                            await forward(events, subscription: id, to: outbound, raw: raw, logger: logger)
                        }
                    }
                    if registry.end(raw) || session.closeRequested { break }
                }
            } catch is LineFrameDecoder.LineTooLong {
                let error = RPCError.invalidRequest("line longer than \(configuration.maxLineBytes) bytes")
                try? await outbound.write(Self.line(RPCResponseEnvelope(id: nil, error: error)))
                logger.warning("closing connection: line too long")
            }
        }
    }

    /// The peer from the user database, on the thread pool: NSS may block (LDAP, sssd).
    private func lookUpPeer() async -> Peer? {
        let credentials = self.credentials
        let configuration = self.configuration
        return try? await dispatcher.threadPool.runIfActive {
            PeerCredentials.peer(uid: credentials.uid, gid: credentials.gid, pid: credentials.pid,
                                 configuration: configuration)
        }
    }

    /// How old a lookup of the peer's groups may be for a write: a cashier removed from a
    /// counter's group is refused from at most this long after the removal.
    static let membershipFreshnessNanoseconds: UInt64 = 1_000_000_000

    /// Before a write: looks the peer's groups up again unless the last lookup started less
    /// than `membershipFreshnessNanoseconds` ago. A lookup is an NSS call on the thread pool;
    /// a counter charging several times a second needs only one a second.
    func recheckBeforeWrite(_ session: Session, raw: any Channel, logger: Logger) async {
        let startedNanoseconds = dispatcher.clock.uptimeNanoseconds()
        if startedNanoseconds &- session.writeLookupUptimeNanoseconds < Self.membershipFreshnessNanoseconds { return }
        // The time the lookup started: it may have seen the groups as they were then.
        if await recheck(session, raw: raw, logger: logger) {
            session.lookedUpForWrite(atUptimeNanoseconds: startedNanoseconds)
        }
    }

    /// Looks the peer's groups up again; closes the connection when its rights shrank.
    ///
    /// Someone removed from `pasjes-kassa` must lose the counter at once, not at their next
    /// login: checked before a write (at most `membershipFreshnessNanoseconds` old) and at least
    /// every `membershipRecheckSeconds`. Returns false when the connection is being closed.
    @discardableResult
    func recheck(_ session: Session, raw: any Channel, logger: Logger) async -> Bool {
        let before = session.peer
        guard let now = await lookUpPeer() else { return true }
        session.update(peer: now)
        // Rights shrank when the role went down or a counter it had is no longer among its
        // counters (`before` not within `now`; the other way round closed only on growth).
        guard now.role < before.role || !before.counters.isWithin(now.counters) else { return true }
        logger.notice("rights changed; closing the connection", metadata: [
            "user": "\(now.user)", "role": "\(before.role.rawValue)->\(now.role.rawValue)",
        ])
        session.requestClose()
        if now.role < before.role || now.role == .none { raw.close(promise: nil) }
        return false
    }

    /// Closes idle connections and looks the peer's groups up again, until the connection ends.
    private func guardConnection(_ session: Session, raw: any Channel, logger: Logger) async {
        let idleLimit = TimeAmount.milliseconds(Int64(configuration.idleTimeoutMilliseconds))
        let recheckEvery = TimeAmount.seconds(Int64(configuration.membershipRecheckSeconds))
        var nextRecheck = NIODeadline.now() + recheckEvery
        // Wake often enough for both limits, but never busy-wait.
        let tick = min(idleLimit, recheckEvery, .seconds(1))
        while !Task.isCancelled {
            try? await Task.sleep(for: .nanoseconds(tick.nanoseconds))
            if Task.isCancelled { return }
            if let since = session.idleSince, NIODeadline.now() - since >= idleLimit {
                logger.info("closing idle connection", metadata: ["idle_ms": "\(configuration.idleTimeoutMilliseconds)"])
                raw.close(promise: nil)
                return
            }
            if NIODeadline.now() >= nextRecheck {
                nextRecheck = NIODeadline.now() + recheckEvery
                if !(await recheck(session, raw: raw, logger: logger)) {
                    raw.close(promise: nil)
                    return
                }
            }
        }
    }

    /// How long a dropped subscriber has to take its `subscription.dropped` notice before its
    /// connection is closed anyway.
    static let dropGrace = TimeAmount.seconds(5)

    /// Forwards a subscription's events; when the hub drops it (the client read too slowly),
    /// says why in a last notification and closes the connection.
    private func forward(_ events: AsyncStream<ByteBuffer>, subscription: UInt64,
                         to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, raw: any Channel, logger: Logger) async {
        // The events still queued when the hub drops the subscriber are not sent: with a client
        // that never reads, this task waited for ever to write them and the connection stayed
        // open; a slow client hears why sooner. The close after a grace period also ends a write
        // that waits on such a client; 5 s rather than 1, so a client that resumes reading
        // after a pause still gets the notice.
        let dropped = NIOLockedValueBox(false)
        dispatcher.hub.whenDropped(subscription) {
            dropped.withLockedValue { $0 = true }
            _ = raw.eventLoop.scheduleTask(in: Self.dropGrace) { raw.close(promise: nil) }
        }
        do {
            for await event in events {
                if dropped.withLockedValue({ $0 }) { break }
                try await outbound.write(event)
            }
        } catch {
            return
        }
        // Cancelled: the connection is closing anyway. Otherwise the hub dropped the subscriber.
        guard !Task.isCancelled else { return }
        logger.warning("subscriber fell behind; closing its connection", metadata: ["limit": "\(EventHub.maxQueuedEvents)"])
        let notice = SubscriptionDroppedEvent(
            reason: "too_slow",
            message: "De verbinding las de gebeurtenissen niet op tijd en wordt gesloten. Maak opnieuw verbinding.",
            at: ISO8601DateFormatter().string(from: Date()))
        if let line = try? Self.encodeLine(RPCNotification(method: ControlNotification.subscriptionDropped, params: notice)) {
            try? await outbound.write(line)
        }
        raw.close(promise: nil)
    }

    static func line(_ response: RPCResponseEnvelope) -> ByteBuffer {
        (try? encodeLine(response)) ?? ByteBuffer(string: #"{"jsonrpc":"2.0","id":null}"# + "\n")
    }

    static func encodeLine(_ value: some Encodable) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var buffer = ByteBuffer(bytes: try encoder.encode(value))
        buffer.writeInteger(UInt8(ascii: "\n"))
        return buffer
    }
}
