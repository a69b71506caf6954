import NIOConcurrencyHelpers
import NIOCore

/// Per-connection state that requests can change: who the peer is now, the event subscription,
/// and what the guards count (activity, forbidden requests).
final class Session: Sendable {
    private struct State {
        var peer: Peer
        /// When the last lookup for a write (or the one at connect) started, on the monotonic clock.
        var writeLookupUptimeNanoseconds: UInt64
        var subscriptionID: UInt64?
        var unstartedStream: AsyncStream<ByteBuffer>?
        let connectedAt: NIODeadline
        var requestsSeen = 0
        var forbiddenCount = 0
        var closeRequested = false
    }

    private let state: NIOLockedValueBox<State>

    init(peer: Peer, lookedUpAtUptimeNanoseconds: UInt64) {
        state = NIOLockedValueBox(State(peer: peer, writeLookupUptimeNanoseconds: lookedUpAtUptimeNanoseconds,
                                        connectedAt: .now()))
    }

    /// The peer as last looked up (groups are looked up again; see `Connection`).
    var peer: Peer { state.withLockedValue { $0.peer } }

    func update(peer: Peer) { state.withLockedValue { $0.peer = peer } }

    /// When the last lookup for a write (or the one at connect) started, on the monotonic clock.
    /// The periodic recheck does not count: a write long after the previous one looks up again,
    /// however recently the idle connection was checked.
    var writeLookupUptimeNanoseconds: UInt64 { state.withLockedValue { $0.writeLookupUptimeNanoseconds } }

    func lookedUpForWrite(atUptimeNanoseconds startedNanoseconds: UInt64) {
        state.withLockedValue { $0.writeLookupUptimeNanoseconds = startedNanoseconds }
    }

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
        state.withLockedValue { $0.requestsSeen += 1 }
    }

    /// When a connection that has neither sent a request nor subscribed was opened; nil once it
    /// has done either. Only those are closed as idle: a client that works (an admin's script
    /// between two calls, a cashier's screen) keeps its connection, and the per-uid limit
    /// bounds how many any one user can hold.
    var idleSince: NIODeadline? {
        state.withLockedValue { state in
            state.subscriptionID == nil && state.requestsSeen == 0 ? state.connectedAt : nil
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
