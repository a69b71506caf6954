import Foundation

/// What one run of the built `pasjes` command printed, and how it exited.
public struct CLIRun: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// Both streams, for messages that may be on either.
    public var all: String { stdout + stderr }

    /// Standard output as a JSON object (`--json`), or empty.
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]) ?? [:]
    }
}

extension TestSupport {
    /// Runs the built `pasjes` with `arguments` against the daemon on `socket`.
    public static func pasjes(_ arguments: [String], socket: String) throws -> CLIRun {
        let result = try Shell.runSeparately([binary("pasjes")] + arguments, environment: ["PASJES_SOCKET": socket])
        return CLIRun(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }
}
