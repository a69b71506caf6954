#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PasjesKassa
import Synchronization

/// Set by the signal handler; the main loop restores the terminal and exits.
private let stopSignal = Atomic<Int32>(0)

/// The main loop: keys and connection events in, state machine, commands out, frame drawn.
struct KassaRunner {
    let counter: String
    let socketPath: String
    let requestTimeoutMilliseconds: Int
    /// The activity desk instead of the restaurant screen (`--activities`).
    var desk = false

    /// Runs until the cashier quits or a signal arrives; returns the exit code.
    func run() -> Int32 {
        installSignalHandlers()
        if desk { return runDesk() }
        let inbox = EventInbox()
        let connection = KassaConnection(path: socketPath, inbox: inbox)
        var state = KassaState(counterID: counter, now: Date(),
                               config: KassaConfig(requestTimeoutMilliseconds: requestTimeoutMilliseconds))
        let screen = KassaScreen(keyTimeoutMilliseconds: 100)
        defer { screen.close() }
        connection.start()

        var lastFrame: KassaFrame?
        var repaint = false
        while true {
            let signal = stopSignal.load(ordering: .relaxed)
            if signal != 0 { return 128 + signal }
            // The terminal went away (ssh dropped, tmux killed): ncurses would return at once
            // forever and spin a core. Leave instead, as a hangup would.
            if Self.terminalIsGone() { return 128 + SIGHUP }
            var events = inbox.drain()
            switch screen.readInput() {
            case .key(let key): events.append(.key(key))
            case .resize: repaint = true
            case .none: break
            }
            events.append(.tick(Date()))
            for event in events {
                for command in reduce(&state, event) {
                    switch command {
                    case .quit: return 0
                    case .resetConnection: connection.reset()
                    default: connection.send(command)
                    }
                }
            }
            let frame = KassaLayout.frame(for: state, size: screen.size)
            if frame != lastFrame || repaint {
                screen.draw(frame, fullRepaint: repaint)
                lastFrame = frame
                repaint = false
            }
        }
    }

    /// The activity desk's loop: the same connection, keys and screen; its own state machine.
    private func runDesk() -> Int32 {
        let inbox = EventInbox()
        let connection = KassaConnection(path: socketPath, inbox: inbox)
        var state = DeskState(counterID: counter, now: Date(),
                              config: KassaConfig(requestTimeoutMilliseconds: requestTimeoutMilliseconds))
        let screen = KassaScreen(keyTimeoutMilliseconds: 100)
        defer { screen.close() }
        connection.start()
        var lastFrame: KassaFrame?
        var repaint = false
        while true {
            let signal = stopSignal.load(ordering: .relaxed)
            if signal != 0 { return 128 + signal }
            if Self.terminalIsGone() { return 128 + SIGHUP }
            var events = inbox.drain()
            switch screen.readInput() {
            case .key(let key): events.append(.key(key))
            case .resize: repaint = true
            case .none: break
            }
            events.append(.tick(Date()))
            for event in events {
                for command in reduceDesk(&state, event) {
                    switch command {
                    case .quit: return 0
                    case .resetConnection: connection.reset()
                    default: connection.send(command)
                    }
                }
            }
            let frame = DeskLayout.frame(for: state, size: screen.size)
            if frame != lastFrame || repaint {
                screen.draw(frame, fullRepaint: repaint)
                lastFrame = frame
                repaint = false
            }
        }
    }

    /// True when standard input reports a hangup or an error.
    static func terminalIsGone() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) >= 0 else { return false }
        return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    private func installSignalHandlers() {
        // Only an atomic store happens in the handler; endwin runs on the main loop, where
        // calling ncurses is safe.
        // A parent may have started us with these signals blocked (the mask is inherited over
        // exec); Ctrl-C must still work, so unblock them explicitly.
        var set = sigset_t()
        sigemptyset(&set)
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number) { received in stopSignal.store(received, ordering: .relaxed) }
            sigaddset(&set, number)
        }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
