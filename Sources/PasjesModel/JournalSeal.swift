/// A journal's sequence number and head hash, printed by `verify` and kept outside the ledger.
///
/// The chain alone cannot show that its newest entries were cut off (with everything they
/// booked): the shorter chain is still a valid chain. A seal written down earlier can.
public struct JournalSeal: Codable, Hashable, Sendable, CustomStringConvertible {
    public var seq: Int64
    public var hash: String

    public init(seq: Int64, hash: String) {
        self.seq = seq
        self.hash = hash
    }

    /// Reads `42:9f86d0…` (sequence, colon, 64 hex digits); nil for anything else.
    public init?(text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let seq = Int64(parts[0]), seq > 0,
              parts[1].utf8.count == 64, parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        self.seq = seq
        self.hash = String(parts[1])
    }

    public var description: String { "\(seq):\(hash)" }
}
