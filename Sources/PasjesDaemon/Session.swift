import NIOConcurrencyHelpers
import NIOCore

/// Per-connection state that requests can change: who the peer is now, the event subscription,
/// and what the guards count (activity, forbidden requests).
final class Session: Sendable {
    private struct State {
        var peer: Peer
        var subscriptionID: UInt64?
        var unstartedStream: AsyncStream<ByteBuffer>?
        var lastActivity: NIODeadline
        var requestsInFlight = 0
        var forbiddenCount = 0
        var closeRequested = false
    }

    private let state: NIOLockedValueBox<State>

    init(peer: Peer) {
        state = NIOLockedValueBox(State(peer: peer, lastActivity: .now()))
    }

    /// The peer as last looked up (groups are looked up again; see `Connection`).
    var peer: Peer { state.withLockedValue { $0.peer } }

    func update(peer: Peer) { state.withLockedValue { $0.peer = peer } }

    var subscriptionID: UInt64? { state.withLockedValue { $0.subscriptionID } }

    /// Records a new subscription whose events the connection must start forwarding.
    func subscribed(id: UInt64, stream: AsyncStream<ByteBuffer>) {
        state.withLockedValue { state in
            state.subscriptionID = id
            state.unstartedStream = stream
        }
    }

    /// The id and stream of a subscription made by the last request, once.
    func takeUnstartedStream() -> (UInt64, AsyncStream<ByteBuffer>)? {
        state.withLockedValue { state in
            defer { state.unstartedStream = nil }
            guard let id = state.subscriptionID, let stream = state.unstartedStream else { return nil }
            return (id, stream)
        }
    }

    func requestStarted() {
        state.withLockedValue { state in
            state.requestsInFlight += 1
            state.lastActivity = .now()
        }
    }

    func requestFinished() {
        state.withLockedValue { state in
            state.requestsInFlight -= 1
            state.lastActivity = .now()
        }
    }

    /// When an unsubscribed connection without a request in flight last did something; nil
    /// while it is subscribed or busy (then it is never idle).
    var idleSince: NIODeadline? {
        state.withLockedValue { state in
            state.subscriptionID == nil && state.requestsInFlight == 0 ? state.lastActivity : nil
        }
    }

    /// Counts a forbidden request; true when the connection has now had too many.
    func countForbidden(limit: Int) -> Bool {
        state.withLockedValue { state in
            state.forbiddenCount += 1
            return state.forbiddenCount >= limit
        }
    }

    /// Asks the connection to close after the current reply.
    func requestClose() { state.withLockedValue { $0.closeRequested = true } }

    var closeRequested: Bool { state.withLockedValue { $0.closeRequested } }
}
