import Crypto
import PasjesMoney

/// A 128-bit AES card key (a site master key, a card's diversified key, a session key).
///
/// Why the wrapper: a key must never reach a log line, an event or the socket by accident, so
/// every way Swift has of printing a value (description, debugDescription, Mirror) shows
/// `<redacted>`. Only `secretBytes` gives the bytes, and its name says what it is.
public struct CardKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// AES-128: 16 bytes.
    public static let byteCount = 16
    /// The key every NTAG 424 DNA and DESFire application leaves the factory with: sixteen zero bytes.
    public static let factoryDefault = CardKey(unchecked: [UInt8](repeating: 0, count: byteCount))

    /// The key bytes. Only for the card itself (the virtual card's memory) and key files.
    public let secretBytes: [UInt8]

    /// A key from exactly 16 bytes.
    public init(_ bytes: [UInt8]) throws(CardCryptoError) {
        guard bytes.count == Self.byteCount else { throw .keyLength(bytes.count) }
        secretBytes = bytes
    }

    /// A key from 32 hex digits (spaces allowed), as key files hold it.
    public init(hex text: String) throws(CardCryptoError) {
        let digits = text.filter { $0 != " " && $0 != ":" }
        guard let bytes = Hex.decode(digits), bytes.count == Self.byteCount else { throw .keyText }
        secretBytes = bytes
    }

    init(unchecked bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount, "an AES-128 key is 16 bytes")
        secretBytes = bytes
    }

    /// The key for swift-crypto.
    var symmetric: SymmetricKey { SymmetricKey(data: secretBytes) }

    /// Never the bytes.
    public var description: String { "CardKey(<redacted>)" }
    /// Never the bytes.
    public var debugDescription: String { description }
    /// No children: `dump` and string interpolation of containers show nothing secret.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// Why a cryptographic value could not be made; stable codes for logs and tests.
public enum CardCryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A key of the wrong length (AES-128 needs 16 bytes).
    case keyLength(Int)
    /// A key text that is not 32 hex digits.
    case keyText
    /// Diversification input outside 1–31 bytes (AN10922, AES-128).
    case diversificationInputLength(Int)

    /// Stable code.
    public var code: String {
        switch self {
        case .keyLength: "key_length"
        case .keyText: "key_text"
        case .diversificationInputLength: "diversification_input_length"
        }
    }

    /// What went wrong, without key material.
    public var description: String {
        switch self {
        case .keyLength(let count): "\(code): an AES-128 key is 16 bytes, not \(count)"
        case .keyText: "\(code): a key is 32 hex digits"
        case .diversificationInputLength(let count): "\(code): AN10922 takes 1–31 bytes of input, not \(count)"
        }
    }
}
