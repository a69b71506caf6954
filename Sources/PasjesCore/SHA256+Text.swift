import Crypto
import PasjesMoney

extension SHA256 {
    /// Feeds the UTF-8 bytes of `text`, without copying them into a `Data` or an array first.
    mutating func update(text: String) {
        var text = text
        text.withUTF8 { update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    /// The digest as lower-case hex, the form every stored hash has.
    consuming func finalizedHex() -> String {
        finalize().withUnsafeBytes { Hex.encode($0) }
    }
}

/// The bytes a stored hash is over, gathered in one buffer and hashed with one call.
///
/// Why: each `SHA256.update` costs about a thousand instructions before it hashes a byte (the
/// digest's context is copied on write and checked on every call), and the journal's and the
/// transfers' hashes are over a dozen fields each: their thirty calls cost several times the
/// hashing of their few hundred bytes. Copying the fields into one reserved array costs a few
/// dozen instructions a field. The bytes are exactly those the fields fed one by one were
/// (`HashBytesTests` holds digests computed outside Swift).
struct HashInput {
    private var bytes: [UInt8] = []

    /// An empty input with room for `capacity` bytes (more only costs a reallocation).
    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends the UTF-8 bytes of `text`.
    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends one byte (a separator).
    mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends `value` in decimal digits, as `String(value)` writes it, without making the string.
    mutating func append(decimal value: Int) {
        precondition(value >= 0, "lengths are never negative")
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        } while divisor > 0
    }

    /// The bytes gathered so far.
    var gathered: [UInt8] { bytes }

    /// SHA-256 of the bytes.
    func sha256() -> SHA256Digest {
        SHA256.hash(data: bytes)
    }

    /// SHA-256 of the bytes, as lower-case hex.
    func sha256Hex() -> String {
        SHA256.hash(data: bytes).withUnsafeBytes { Hex.encode($0) }
    }
}
