import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A node's login to the log: its name (the origin it speaks for), its role and password.
/// Stored as `key=value` lines in a file only its owner can read.
public struct CentralCredentials: Sendable, Equatable {
    /// The node's name: the origin of its entries.
    public var node: String
    /// The PostgreSQL role it logs in as.
    public var user: String
    public var password: String

    /// Makes one.
    public init(node: String, user: String, password: String) {
        self.node = node
        self.user = user
        self.password = password
    }

    /// Reads a file written by `write(to:)`.
    public static func read(from path: String) throws -> CentralCredentials {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CentralSetupError("Kan het credentials-bestand \(path) niet lezen")
        }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let node = values["node"], let user = values["user"], let password = values["password"] else {
            throw CentralSetupError("Het credentials-bestand \(path) mist node=, user= of password=")
        }
        return CentralCredentials(node: node, user: user, password: password)
    }

    /// Creates `path` with mode 0600 and writes the credentials. Refuses an existing file and
    /// never follows a symlink (O_EXCL | O_NOFOLLOW): a password never lands where someone
    /// else pointed it.
    public func write(to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw CentralSetupError("Kan \(path) niet aanmaken (\(reason)); een bestaand bestand wordt nooit overschreven")
        }
        defer { close(descriptor) }
        // The umask cannot widen 0600, but make the mode explicit whatever created the file.
        fchmod(descriptor, 0o600)
        let text = """
            # pasjes: login of node \(node) on the organisation's log. Keep secret (mode 0600).
            node=\(node)
            user=\(user)
            password=\(password)

            """
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw CentralSetupError("Schrijven naar \(path) mislukt: \(String(cString: strerror(errno)))") }
            written += count
        }
        guard fsync(descriptor) == 0 else { throw CentralSetupError("fsync van \(path) mislukt") }
    }
}
