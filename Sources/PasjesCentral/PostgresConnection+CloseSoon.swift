import NIOCore
import PostgresNIO

extension PostgresConnection {
    /// Closes without waiting, keeping the connection alive until the channel is closed:
    /// postgres-nio asserts (debug builds) that a connection goes away only once closed, and a
    /// timed-out or late connection is dropped right after this call.
    func closeSoon() {
        let connection = self
        let closing: EventLoopFuture<Void> = close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }
}
