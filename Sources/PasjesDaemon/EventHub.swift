import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PasjesProtocol

/// Delivers events to the connections that subscribed to them.
///
/// Each subscriber has a bounded queue: a client that stops reading is dropped (its connection
/// says why and closes; it may reconnect) rather than making the daemon buffer without end.
/// Each subscriber hears only the counters it may work: a tap token is never sent to a peer
/// that could not spend it.
final class EventHub: Sendable {
    /// Events queued per subscriber before it is considered stuck.
    static let maxQueuedEvents = 512
    /// At most this many subscriptions at once.
    static let maxSubscribers = 1_024

    struct Subscriber {
        var topics: Set<EventTopic>
        var counters: CounterAccess
        var continuation: AsyncStream<ByteBuffer>.Continuation
        /// Called when the hub drops this subscriber for falling behind.
        var onDrop: (@Sendable () -> Void)?

        /// Whether an event of `topic` at `counter` is for this subscriber. An event without a
        /// counter (pcscd down) concerns everyone.
        func wants(_ topic: EventTopic, counter: String?) -> Bool {
            topics.contains(topic) && (counter.map { counters.contains($0) } ?? true)
        }
    }

    private let subscribers = NIOLockedValueBox<[UInt64: Subscriber]>([:])
    private let nextID = NIOLockedValueBox<UInt64>(1)
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Registers a subscriber; the stream ends when it is removed or falls behind.
    func subscribe(topics: Set<EventTopic>, counters: CounterAccess) throws -> (UInt64, AsyncStream<ByteBuffer>) {
        let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream(
            bufferingPolicy: .bufferingOldest(EventHub.maxQueuedEvents))
        let id = nextID.withLockedValue { value in
            defer { value += 1 }
            return value
        }
        let accepted = subscribers.withLockedValue { table -> Bool in
            guard table.count < EventHub.maxSubscribers else { return false }
            table[id] = Subscriber(topics: topics, counters: counters, continuation: continuation)
            return true
        }
        guard accepted else {
            continuation.finish()
            throw RPCError.unavailable("too many subscribers")
        }
        return (id, stream)
    }

    /// Changes what an existing subscriber receives (a second `subscribe` on one connection);
    /// false when that subscriber is gone (dropped), so the caller makes a new one.
    func update(_ id: UInt64, topics: Set<EventTopic>, counters: CounterAccess) -> Bool {
        subscribers.withLockedValue { table in
            guard table[id] != nil else { return false }
            table[id]?.topics = topics
            table[id]?.counters = counters
            return true
        }
    }

    /// Runs `action` when this subscriber is dropped for falling behind, or now when it already
    /// was (only a drop removes a subscriber while its connection is open).
    func whenDropped(_ id: UInt64, _ action: @escaping @Sendable () -> Void) {
        let present = subscribers.withLockedValue { table -> Bool in
            guard table[id] != nil else { return false }
            table[id]?.onDrop = action
            return true
        }
        if !present { action() }
    }

    /// Removes a subscriber (its connection closed).
    func unsubscribe(_ id: UInt64) {
        let removed = subscribers.withLockedValue { $0.removeValue(forKey: id) }
        removed?.continuation.finish()
    }

    /// Sends an event to every subscriber of `topic` that may see `counter` (nil: everyone).
    func publish<Params: Codable & Sendable>(_ topic: EventTopic, counter: String?, _ params: Params) {
        // Encoded only when someone listens (most sales have no subscriber), once for all. One
        // who subscribes just after this look misses the event, as if it had subscribed just
        // after the event was sent.
        let anyone = subscribers.withLockedValue { table in
            table.values.contains { $0.wants(topic, counter: counter) }
        }
        guard anyone else { return }
        guard let encoded = try? JSONEncoder().encode(RPCNotification(method: topic.rawValue, params: params)) else {
            logger.error("could not encode event", metadata: ["topic": "\(topic.rawValue)"])
            return
        }
        var line = ByteBuffer(bytes: encoded)
        line.writeInteger(UInt8(ascii: "\n"))
        var stuck: [UInt64] = []
        subscribers.withLockedValue { table in
            for (id, subscriber) in table where subscriber.wants(topic, counter: counter) {
                if case .dropped = subscriber.continuation.yield(line) { stuck.append(id) }
            }
        }
        for id in stuck {
            logger.warning("subscriber fell behind; dropping it", metadata: ["subscriber": "\(id)"])
            // Told before its stream ends, so the connection skips what is still queued.
            let removed = subscribers.withLockedValue { $0.removeValue(forKey: id) }
            removed?.onDrop?()
            removed?.continuation.finish()
        }
    }
}
