/// Card UIDs as stored: upper-case hex without separators, 4, 7 or 10 bytes.
public enum CardUID {
    /// Normalises what a reader or a person gives (`04:a2:2b:1c`, `04 A2 2B 1C`) or throws.
    public static func normalise(_ text: String) throws(LedgerError) -> String {
        let stripped = text.filter { !" :-\t".contains($0) }.uppercased()
        guard [8, 14, 20].contains(stripped.count),
              stripped.allSatisfy({ $0.isHexDigit && $0.isASCII }) else {
            throw LedgerError.invalidCardUID.with(String(text.prefix(40)))
        }
        return stripped
    }
}
