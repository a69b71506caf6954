/// Card UIDs as readers and people give them: `04:a2:2b:b2`, `04 A2 2B B2`, `04-a2-2b-b2`,
/// `04a22bb2`. The one card-UID normaliser: the ledger, the CLI and the card reader code use it.
public enum CardUIDText {
    /// The separators allowed between hex digits.
    static let separators: Set<Character> = [" ", ":", "-", "\t"]

    /// Upper-case hex without separators when `text` is 4, 7 or 10 bytes of hex; else nil.
    public static func normalise(_ text: String) -> String? {
        let hex = text.filter { !separators.contains($0) }.uppercased()
        guard [8, 14, 20].contains(hex.count), hex.allSatisfy({ $0.isHexDigit && $0.isASCII }) else { return nil }
        return hex
    }
}
