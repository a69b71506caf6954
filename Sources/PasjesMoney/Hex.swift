/// Hex text of bytes, without `String(format:)`, which is slow on Linux and sits on the hot path
/// of every booking (UUIDs and hashes). The one hex encoder: the ledger, the CLI and the card
/// reader code all use it.
public enum Hex {
    @usableFromInline static let lowerDigits: [UInt8] = Array("0123456789abcdef".utf8)
    @usableFromInline static let upperDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Two hex digits a byte, lower-case unless `uppercase` (card UIDs are upper-case).
    @inlinable
    public static func encode(_ bytes: some Sequence<UInt8>, uppercase: Bool = false) -> String {
        let digits = uppercase ? upperDigits : lowerDigits
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
