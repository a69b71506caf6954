import PasjesMoney

/// Reading and checking the UID answer of GET DATA (`FF CA 00 00 00`, PC/SC part 3).
public enum CardUID {
    /// The GET DATA UID command every PC/SC part 3 contactless reader understands.
    public static let getUIDCommand: [UInt8] = [0xFF, 0xCA, 0x00, 0x00, 0x00]
    /// ISO 14443-3 UIDs are single (4), double (7) or triple (10) size; anything else is not a UID.
    public static let validLengths: Set<Int> = [4, 7, 10]
    /// Largest response we accept: a triple-size UID plus the status word.
    public static let maximumResponseLength = 10 + 2

    /// Why a GET DATA answer is not a UID.
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Fewer than 2 bytes: there is not even a status word.
        case tooShort(count: Int)
        /// The status word is not 90 00.
        case statusWord(sw1: UInt8, sw2: UInt8)
        /// 90 00 but the data is not 4, 7 or 10 bytes.
        case badLength(count: Int)

        /// Human-readable reason, used for `.unreadable(reason:)`.
        public var description: String {
            switch self {
            case .tooShort(let count): "answer too short (\(count) bytes)"
            case .statusWord(let sw1, let sw2): "status word \(CardUID.hex([sw1, sw2])) instead of 9000"
            case .badLength(let count): "UID of \(count) bytes (expected 4, 7 or 10)"
            }
        }
    }

    /// The UID (upper-case hex, no spaces) from a full GET DATA response including SW1 SW2.
    public static func parse(response: [UInt8]) throws(ParseError) -> String {
        guard response.count >= 2 else { throw .tooShort(count: response.count) }
        let sw1 = response[response.count - 2], sw2 = response[response.count - 1]
        guard sw1 == 0x90, sw2 == 0x00 else { throw .statusWord(sw1: sw1, sw2: sw2) }
        let data = Array(response.dropLast(2))
        guard validLengths.contains(data.count) else { throw .badLength(count: data.count) }
        return hex(data)
    }

    /// True when `uid` is 4, 7 or 10 bytes of upper-case hex without spaces.
    /// Already in the stored form: `CardUIDText.normalise` would give it back unchanged.
    public static func isValid(_ uid: String) -> Bool {
        CardUIDText.normalise(uid) == uid
    }

    /// Upper-case hex without spaces.
    public static func hex(_ bytes: [UInt8]) -> String {
        Hex.encode(bytes, uppercase: true)
    }
}
