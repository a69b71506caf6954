import NIOConcurrencyHelpers
import NIOCore

/// Connections between their initializer and their handler, so none is ever dropped unclosed.
///
/// An `NIOAsyncChannel` that is dropped without `executeThenClose` traps ("Deinited
/// NIOAsyncWriter without calling finish()"). During a shutdown the server's stream of accepted
/// connections ends while children may still sit in it or in their initializer (swift-nio
/// #2813): those never reach a handler. The limbo keeps them until the server hands them on, and
/// after the server stops it closes what is left; an initializer that finishes later is refused.
final class AcceptedLimbo: Sendable {
    private struct State {
        var closed = false
        var waiting: [ObjectIdentifier: AcceptedConnection] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Wraps a new child channel and keeps it until `taken`; throws once the server has stopped.
    func admit(_ channel: any Channel, _ wrap: () throws -> AcceptedConnection) throws -> AcceptedConnection {
        try state.withLockedValue { state in
            guard !state.closed else { throw ChannelError.ioOnClosedChannel }
            let connection = try wrap()
            state.waiting[ObjectIdentifier(channel)] = connection
            return connection
        }
    }

    /// The server handed `connection` to its handler, which closes it.
    func taken(_ connection: AcceptedConnection) {
        _ = state.withLockedValue { $0.waiting.removeValue(forKey: ObjectIdentifier(connection.channel.channel)) }
    }

    /// Refuses new children and returns those still waiting, for the caller to close.
    func close() -> [AcceptedConnection] {
        state.withLockedValue { state in
            state.closed = true
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
    }
}
