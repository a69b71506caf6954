import Foundation
import PasjesProtocol

/// A subscriber connection that collects every notification, for tests to wait on.
public final class EventListener: @unchecked Sendable {
    private let socket: LineSocket
    private let lock = NSLock()
    private var received: [RPCRequestEnvelope] = []

    /// Connects and subscribes to `topics` (of `counter`, when given).
    public init(socketPath: String, topics: [EventTopic], counter: String? = nil) throws {
        socket = try LineSocket(path: socketPath)
        let request = RPCRequest(id: .number(1), method: "subscribe", params: SubscribeParams(topics: topics, counter: counter))
        try socket.writeLine(Array(try JSONEncoder().encode(request)))
        guard let reply = try socket.readLine(), String(decoding: reply, as: UTF8.self).contains("subscribed") else {
            throw TestError("subscribe failed")
        }
        let thread = Thread { [self] in
            while let line = try? socket.readLine() {
                if let note = try? JSONDecoder().decode(RPCRequestEnvelope.self, from: Data(line)), note.id == nil {
                    lock.withLock { received.append(note) }
                }
            }
        }
        thread.start()
    }

    /// Every notification so far with method `topic`, decoded as `T`.
    public func events<T: Decodable>(_ topic: EventTopic, as: T.Type) -> [T] {
        let notes = lock.withLock { received.filter { $0.method == topic.rawValue } }
        return notes.compactMap { note in
            guard let params = note.params, let data = try? JSONEncoder().encode(params) else { return nil }
            return try? JSONDecoder().decode(T.self, from: data)
        }
    }

    /// Waits until at least `count` events of `topic` arrived (or `timeoutSeconds`), and returns them.
    @discardableResult
    public func wait<T: Decodable>(for topic: EventTopic, as type: T.Type, count: Int = 1,
                                   timeoutSeconds: Double = 10, where predicate: (T) -> Bool = { _ in true }) -> [T] {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            let found = events(topic, as: type).filter(predicate)
            if found.count >= count { return found }
            usleep(20_000)
        }
        return events(topic, as: type).filter(predicate)
    }

    public func close() { socket.shutdownBoth() }
    deinit { socket.shutdownBoth() }
}
