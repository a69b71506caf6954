/// Card UIDs as people type them: `04:a2:2b:b2`, `04 A2 2B B2`, `04a22bb2`.
public enum CardUIDText {
    /// Upper-case hex without separators when `text` is 4, 7 or 10 bytes of hex; else nil.
    public static func normalise(_ text: String) -> String? {
        let hex = text.filter { $0 != " " && $0 != ":" && $0 != "-" && $0 != "\t" }.uppercased()
        guard [8, 14, 20].contains(hex.count), hex.allSatisfy({ $0.isHexDigit && $0.isASCII }) else { return nil }
        return hex
    }
}
