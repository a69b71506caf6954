/// Card UIDs as readers and people give them: `04:a2:2b:b2`, `04 A2 2B B2`, `04-a2-2b-b2`,
/// `04a22bb2`. The one card-UID normaliser: the ledger, the CLI and the card reader code use it.
public enum CardUIDText {
    /// Upper-case hex without separators (space, tab, `:`, `-`) when `text` is 4, 7 or 10 bytes
    /// of hex; else nil.
    ///
    /// Read byte by byte: every charge normalises its card, and the filter over `Character`s,
    /// upper-casing and Unicode digit tests this replaced took about 11 k instructions, a
    /// hundredth of a charge. Only ASCII hex and the four separators are taken, as before; one
    /// difference is deliberate: a ligature such as `ﬀ` upper-cased into `FF` then, and is refused now.
    public static func normalise(_ text: String) -> String? {
        var hex = [UInt8]()
        hex.reserveCapacity(maxDigits)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "\t"):
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "F"):
                hex.append(byte)
            case UInt8(ascii: "a")...UInt8(ascii: "f"):
                hex.append(byte - (UInt8(ascii: "a") - UInt8(ascii: "A")))
            default:
                return nil
            }
            // A line of megabytes stops here, not after copying it.
            if hex.count > maxDigits { return nil }
        }
        guard [8, 14, 20].contains(hex.count) else { return nil }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The hex digits of the longest UID (10 bytes).
    static let maxDigits = 20
}
