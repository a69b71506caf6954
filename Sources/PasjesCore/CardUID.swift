import PasjesMoney

/// Card UIDs as stored: upper-case hex without separators, 4, 7 or 10 bytes.
public enum CardUID {
    /// Normalises what a reader or a person gives (`04:a2:2b:1c`, `04 A2 2B 1C`) or throws.
    ///
    /// The rules are `CardUIDText.normalise`'s; this adds the ledger's error.
    public static func normalise(_ text: String) throws(LedgerError) -> String {
        guard let uid = CardUIDText.normalise(text) else {
            throw LedgerError.invalidCardUID.with(String(text.prefix(40)))
        }
        return uid
    }
}
