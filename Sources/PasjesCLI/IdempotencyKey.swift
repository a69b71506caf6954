import Foundation

/// Idempotency keys for booking requests.
public enum IdempotencyKey {
    /// `given` (from `--idempotency-key`) when set, else a fresh random UUID.
    public static func make(_ given: String?) -> String {
        if let given, !given.isEmpty { return given }
        return UUID().uuidString.lowercased()
    }

    /// A UUID-shaped key derived from `parts` only: the same input gives the same key, so a
    /// re-run of an import after a crash replays instead of booking twice.
    public static func derived(_ parts: [String]) -> String {
        var digest = ContentHash.digest(Array(parts.joined(separator: "\u{1F}").utf8)).prefix(16).map { $0 }
        digest[6] = (digest[6] & 0x0F) | 0x80  // version 8: custom, name-based
        digest[8] = (digest[8] & 0x3F) | 0x80  // RFC 4122 variant
        let hex = digest.map { String(format: "%02x", $0) }.joined()
        let chars = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
    }
}
