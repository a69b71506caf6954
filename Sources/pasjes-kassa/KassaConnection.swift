import Foundation
import PasjesKassa
import PasjesModel
import PasjesProtocol
import Synchronization

/// Events from the connection thread, waiting for the main loop to take them.
final class EventInbox: Sendable {
    private let events = Mutex<[KassaEvent]>([])

    func post(_ event: KassaEvent) {
        events.withLock { $0.append(event) }
    }

    func drain() -> [KassaEvent] {
        events.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }
}

/// The one connection to pasjesd: a thread that connects (with backoff), reads lines and turns
/// them into events; `send` writes requests from the main loop.
final class KassaConnection: Sendable {
    private struct Shared {
        var socket: LineSocket?
        var nextID: Int64 = 1
        var inFlight: [RPCID: RequestKind] = [:]
    }

    private let path: String
    private let inbox: EventInbox
    private let shared = Mutex(Shared())

    init(path: String, inbox: EventInbox) {
        self.path = path
        self.inbox = inbox
    }

    /// Starts the connection thread; it runs until the process exits.
    func start() {
        let thread = Thread { [self] in self.loop() }
        thread.name = "pasjesd-verbinding"
        thread.start()
    }

    /// Sends `command` as a request. When not connected it is dropped: the state machine
    /// re-sends what matters (the charge in flight) after `.up`.
    func send(_ command: KassaCommand) {
        let socket: LineSocket? = shared.withLock { shared in
            guard let socket = shared.socket else { return nil }
            let id = shared.nextID
            shared.nextID += 1
            guard let (kind, line) = KassaWire.encode(command, id: id) else { return nil }
            shared.inFlight[.number(id)] = kind
            do {
                try socket.writeLine(line)
            } catch {
                return socket
            }
            return nil
        }
        // A failed write means the connection is gone; shutting it down wakes the reader,
        // which reports `.down` and reconnects.
        socket?.shutdownBoth()
    }

    /// Drops the connection (a request timed out); the thread reconnects.
    func reset() {
        shared.withLock { $0.socket }?.shutdownBoth()
    }

    private func loop() {
        var attempt = 0
        while true {
            let delay = ReconnectBackoff.delayMilliseconds(attempt: attempt)
            if delay > 0 { usleep(useconds_t(delay * 1000)) }
            attempt = connectAndServe(attempt: attempt) ? 1 : attempt + 1
        }
    }

    // `connectAndServe`, `readUntilClosed` and `decode` stay out of line on purpose. Inlined
    // into the reconnect loop (cross-module optimisation brings in the socket reader, the
    // mutex and the JSON decoder specialised for every result type), the optimiser's
    // loop-invariant code motion pass spent more than 15 minutes on that one loop (found with
    // `-Xllvm -sil-print-pass-name`): the release build of pasjes-kassa never finished. A
    // call per connection and per received line costs nothing.

    /// One connection from connect to close; true when it was up at all (reset the backoff).
    @inline(never)
    private func connectAndServe(attempt: Int) -> Bool {
        inbox.post(.connection(.connecting(attempt: attempt)))
        let reason: String
        var wasUp = false
        do {
            let socket = try LineSocket(path: path)
            shared.withLock { $0.socket = socket; $0.inFlight = [:] }
            wasUp = true
            inbox.post(.connection(.up))
            reason = readUntilClosed(socket)
        } catch {
            reason = error.description
        }
        shared.withLock { $0.socket = nil; $0.inFlight = [:] }
        inbox.post(.connection(.down(reason: reason)))
        return wasUp
    }

    @inline(never)
    private func readUntilClosed(_ socket: LineSocket) -> String {
        do {
            while let line = try socket.readLine() {
                if let event = decode(line) { inbox.post(event) }
            }
            return "pasjesd heeft de verbinding gesloten"
        } catch where error.lineTooLong {
            return "\(Reason.replyTooLarge.message) (meer dan \(ProtocolLimits.maxLineBytes) bytes)"
        } catch {
            return error.description
        }
    }

    /// One line from pasjesd as an event.
    @inline(never)
    private func decode(_ line: [UInt8]) -> KassaEvent? {
        KassaWire.decode(line) { id in
            shared.withLock { $0.inFlight.removeValue(forKey: id) }
        }
    }
}
