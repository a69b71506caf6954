import Foundation
import PasjesCardCrypto
import PasjesMoney

/// The site's master keys by version, from the root-only key file (`[cards] key_file`).
///
/// The newest version issues new cards; older versions still open the cards issued with them
/// until they are removed from the file (retired). The keys stay in this process: never in the
/// database, a log line, an event or an answer on the socket (see `CardKey`'s description).
public struct CardKeyRing: Sendable, Equatable, CustomStringConvertible {
    /// Master keys by version (1–255).
    let keys: [Int: CardKey]

    /// The version new cards get: the highest in the file.
    public var currentVersion: Int { keys.keys.max() ?? 0 }
    /// Every version in the file, lowest first.
    public var versions: [Int] { keys.keys.sorted() }

    /// The master key of `version`, nil when retired (not in the file).
    func masterKey(version: Int) -> CardKey? { keys[version] }

    /// The application key of card `uid` (hex) under master key `version`.
    func cardKey(uid: String, version: Int) -> CardKey? {
        guard let master = keys[version], let bytes = Hex.decode(uid) else { return nil }
        return try? KeyDiversification.cardKey(masterKey: master, uid: bytes)
    }

    /// Versions only; never a key.
    public var description: String { "CardKeyRing(versions: \(versions))" }

    /// The systemd credential name under which `LoadCredential=` hands pasjesd the file when it
    /// does not run as root (pasjesd.service runs as `pasjes`, who cannot read a root-only file).
    public static let credentialName = "pasjes-card-keys"

    /// Reads the key file at `path`, after checking it: a regular file owned by root with mode
    /// 0600 (0400 also), or pasjesd refuses to start. Lines `<version> <32 hex digits>`; `#` comments.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CardKeyRing {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            throw ConfigurationError("[cards] key_file \(path): niet te lezen (\(String(cString: strerror(errno))))")
        }
        let mode = status.st_mode & 0o7777
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ConfigurationError("[cards] key_file \(path): moet een gewoon bestand zijn (geen link of map)")
        }
        guard status.st_uid == 0, mode & 0o177 == 0 else {
            throw ConfigurationError(
                "[cards] key_file \(path): moet van root zijn met modus 0600 (nu eigenaar \(status.st_uid), modus 0\(String(mode, radix: 8))); chown root:root en chmod 600")
        }
        // Under systemd the service user reads systemd's copy; as root (tests, a manual start) the file itself.
        let credential = environment["CREDENTIALS_DIRECTORY"].map { $0 + "/" + credentialName }
        let source = credential.flatMap { FileManager.default.isReadableFile(atPath: $0) ? $0 : nil } ?? path
        guard let data = FileManager.default.contents(atPath: source) else {
            throw ConfigurationError("[cards] key_file \(source): niet te lezen (draait pasjesd als root, of met LoadCredential=\(credentialName):\(path)?)")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// The key file's text; errors name the line, never its content.
    static func parse(_ text: String, path: String) throws -> CardKeyRing {
        var keys: [Int: CardKey] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard !words.isEmpty else { continue }
            guard words.count == 2, let version = Int(words[0]), (1...255).contains(version),
                  let key = try? CardKey(hex: words[1]) else {
                throw ConfigurationError("[cards] key_file \(path) regel \(index + 1): verwacht '<versie 1–255> <32 hexadecimale cijfers>'")
            }
            guard keys[version] == nil else {
                throw ConfigurationError("[cards] key_file \(path) regel \(index + 1): versie \(version) staat er twee keer in")
            }
            keys[version] = key
        }
        guard !keys.isEmpty else { throw ConfigurationError("[cards] key_file \(path): bevat geen sleutel") }
        return CardKeyRing(keys: keys)
    }
}
