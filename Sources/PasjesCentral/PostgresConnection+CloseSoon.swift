import NIOConcurrencyHelpers
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

/// Every connection this process opened, held until its channel has closed: a connection that
/// goes away open is an assertion in postgres-nio's debug builds (and an open socket in
/// release). A healed partition once let one go unclosed inside a deadline's worker; whatever
/// path does that, the connection now lives until PostgreSQL or the network ends it.
enum OpenConnections {
    private static let open = NIOLockedValueBox<[ObjectIdentifier: PostgresConnection]>([:])

    /// Holds `connection` until it is closed; returns it.
    static func held(_ connection: PostgresConnection) -> PostgresConnection {
        let id = ObjectIdentifier(connection)
        open.withLockedValue { $0[id] = connection }
        connection.closeFuture.whenComplete { _ in _ = open.withLockedValue { $0.removeValue(forKey: id) } }
        return connection
    }
}
