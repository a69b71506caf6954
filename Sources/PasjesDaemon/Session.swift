import NIOConcurrencyHelpers
import NIOCore

/// Per-connection state that requests can change: today, the event subscription.
final class Session: Sendable {
    private struct State {
        var subscriptionID: UInt64?
        var unstartedStream: AsyncStream<ByteBuffer>?
    }

    private let state = NIOLockedValueBox(State())

    var subscriptionID: UInt64? { state.withLockedValue { $0.subscriptionID } }

    /// Records a new subscription whose events the connection must start forwarding.
    func subscribed(id: UInt64, stream: AsyncStream<ByteBuffer>) {
        state.withLockedValue { state in
            state.subscriptionID = id
            state.unstartedStream = stream
        }
    }

    /// The stream of a subscription made by the last request, once.
    func takeUnstartedStream() -> AsyncStream<ByteBuffer>? {
        state.withLockedValue { state in
            defer { state.unstartedStream = nil }
            return state.unstartedStream
        }
    }
}
