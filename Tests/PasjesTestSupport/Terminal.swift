import Foundation

/// A real terminal: a detached tmux session running one program, read with capture-pane.
///
/// Each terminal has a tmux server of its own (a socket in its own temporary folder): the
/// default server is shared by everything on the machine, and a program started by a server
/// that was already running gets that server's environment, not this test's (a libfaketime
/// clock, for one), and a server killed by another test takes this one's session with it.
public final class Terminal: @unchecked Sendable {
    public let session: String
    private let socketPath: String

    /// Starts `command` in a new tmux session of `columns`×`rows` with `TERM` inside.
    public init(_ command: [String], columns: Int = 80, rows: Int = 24, term: String = "xterm-256color",
                environment: [String: String] = [:]) throws {
        session = "pasjes-\(UUID().uuidString.prefix(8))"
        socketPath = try TestSupport.temporaryFolder("tmux").appendingPathComponent("s").path
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let exports = environment.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        let shell = "export TERM=\(term) LANG=C.UTF-8 LC_ALL=C.UTF-8 \(exports); exec \(quoted)"
        let result = try Shell.run(["tmux", "-S", socketPath, "new-session", "-d", "-s", session,
                                    "-x", String(columns), "-y", String(rows), "/bin/sh", "-c", shell])
        guard result.status == 0 else { throw TestError("tmux new-session failed: \(result.output)") }
    }

    /// The screen as text, one line per row.
    public func screen() -> String {
        (try? Shell.run(["tmux", "-S", socketPath, "capture-pane", "-p", "-t", session]).output) ?? ""
    }

    /// Types keys as tmux names them ("1", "Escape", "BSpace", "C-c").
    public func send(_ keys: String...) {
        for key in keys { _ = try? Shell.run(["tmux", "-S", socketPath, "send-keys", "-t", session, key]) }
    }

    /// Waits until every text appears on screen; returns the screen (for the failure message).
    @discardableResult
    public func wait(for texts: String..., timeoutSeconds: Double = 15) -> (found: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var current = ""
        while Date() < deadline {
            current = screen()
            if texts.allSatisfy(current.contains) { return (true, current) }
            usleep(100_000)
        }
        return (false, current)
    }

    /// Whether the program in the session is still running.
    public var isRunning: Bool {
        (try? Shell.run(["tmux", "-S", socketPath, "has-session", "-t", session]).status) == 0
    }

    public func close() {
        _ = try? Shell.run(["tmux", "-S", socketPath, "kill-session", "-t", session])
    }

    deinit { close() }
}
