/// The ledger's rule for client numbers, mirrored so the CLI and CSV import refuse before sending.
///
/// A number is typed at counters and in scripts: letters, digits and `-` only, no spaces.
enum ClientNumberRule {
    /// The rule as one Dutch sentence.
    static let text = "een cliëntnummer bestaat alleen uit letters (A-Z, a-z), cijfers en - (geen spaties of andere tekens)"

    /// `typed` without whitespace around it, as the ledger stores numbers and names.
    static func trimmed(_ typed: String) -> String {
        var view = Substring(typed)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }

    /// Why `number` breaks the rule, in Dutch; nil when it keeps it.
    static func problem(_ number: String) -> String? {
        if number.isEmpty { return "cliëntnummer ontbreekt" }
        let allowed = number.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
        return allowed ? nil : "cliëntnummer '\(number)' is ongeldig: \(text)"
    }
}
