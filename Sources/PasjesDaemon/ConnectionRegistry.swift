import NIOConcurrencyHelpers
import NIOCore

/// The open connections: enforces the connection limits, and lets a graceful shutdown close the
/// idle ones at once and the busy ones after their request (or its deadline).
final class ConnectionRegistry: Sendable {
    private struct Entry {
        var channel: any Channel
        var uid: UInt32
        var busy: Bool
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var perUID: [UInt32: Int] = [:]
        var draining = false
    }

    private let state = NIOLockedValueBox(State())

    var count: Int { state.withLockedValue { $0.entries.count } }

    /// Adds a connection, or says why not (limit reached, draining).
    ///
    /// The last `adminReservedConnections` slots are for admins, and no uid but root may hold
    /// more than `maxConnectionsPerUID`: one member of the socket group opening hundreds of idle
    /// connections must not lock the cashiers or the administrator out.
    func add(_ channel: any Channel, peer: Peer, configuration: DaemonConfiguration) -> String? {
        state.withLockedValue { state in
            guard !state.draining else { return "pasjesd stopt" }
            let total = state.entries.count
            guard total < configuration.maxConnections else {
                return "too many connections (\(configuration.maxConnections))"
            }
            if peer.role != .admin {
                let open = configuration.maxConnections - configuration.adminReservedConnections
                guard total < open else {
                    return "too many connections (\(open); the remaining \(configuration.adminReservedConnections) are kept for admins)"
                }
            }
            let mine = state.perUID[peer.uid, default: 0]
            if peer.uid != 0 {
                guard mine < configuration.maxConnectionsPerUID else {
                    return "too many connections for uid \(peer.uid) (\(configuration.maxConnectionsPerUID))"
                }
            }
            state.entries[ObjectIdentifier(channel)] = Entry(channel: channel, uid: peer.uid, busy: false)
            state.perUID[peer.uid] = mine + 1
            return nil
        }
    }

    func remove(_ channel: any Channel) {
        state.withLockedValue { state in
            guard let entry = state.entries.removeValue(forKey: ObjectIdentifier(channel)) else { return }
            let left = state.perUID[entry.uid, default: 1] - 1
            state.perUID[entry.uid] = left > 0 ? left : nil
        }
    }

    /// Marks a connection busy with a request; false once draining (take no new work).
    func begin(_ channel: any Channel) -> Bool {
        state.withLockedValue { state in
            guard !state.draining else { return false }
            state.entries[ObjectIdentifier(channel)]?.busy = true
            return true
        }
    }

    /// Marks a request done; true when the connection should now close (draining).
    func end(_ channel: any Channel) -> Bool {
        state.withLockedValue { state in
            state.entries[ObjectIdentifier(channel)]?.busy = false
            return state.draining
        }
    }

    /// Starts draining: idle connections are closed now, busy ones after their request.
    func drain() {
        let idle = state.withLockedValue { state -> [any Channel] in
            state.draining = true
            return state.entries.values.filter { !$0.busy }.map(\.channel)
        }
        for channel in idle { channel.close(promise: nil) }
    }

    /// Closes every connection still open: the drain deadline passed (a client that does not
    /// read its replies must not keep pasjesd from stopping).
    func closeAll() -> Int {
        let open = state.withLockedValue { $0.entries.values.map(\.channel) }
        for channel in open { channel.close(promise: nil) }
        return open.count
    }
}
