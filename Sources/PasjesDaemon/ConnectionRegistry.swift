import NIOConcurrencyHelpers
import NIOCore

/// The open connections, so a graceful shutdown can close the idle ones at once and let the
/// busy ones finish the request they are in.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        var channel: any Channel
        var busy: Bool
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var draining = false
    }

    private let state = NIOLockedValueBox(State())

    var count: Int { state.withLockedValue { $0.entries.count } }

    /// Adds a connection unless the limit is reached or the daemon is draining.
    func add(_ channel: any Channel, limit: Int) -> Bool {
        state.withLockedValue { state in
            guard !state.draining, state.entries.count < limit else { return false }
            state.entries[ObjectIdentifier(channel)] = Entry(channel: channel, busy: false)
            return true
        }
    }

    func remove(_ channel: any Channel) {
        _ = state.withLockedValue { $0.entries.removeValue(forKey: ObjectIdentifier(channel)) }
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
}
