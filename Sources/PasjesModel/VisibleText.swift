/// The rule for text that people read (names on a screen, a statement, a spreadsheet): nothing
/// in it may hide, reorder or break what is shown.
///
/// A product named `Koffie \u{202E}9999 €` shows as "Koffie € 9999" on a statement, and a client
/// named only U+200B looks like no one. Every surface takes the rule from here.
public enum VisibleText {
    /// The first scalar of `text` that is not seen or steers how the rest is shown: controls
    /// (C0, DEL, C1), format characters (bidi controls such as U+202E and U+200F, zero-width
    /// spaces, the byte-order mark, tag characters U+E0000–U+E007F), the line and paragraph
    /// separators U+2028 and U+2029, and the Hangul fillers that pass for letters.
    ///
    /// The zero-width joiner and non-joiner stay allowed: emoji sequences and some scripts
    /// are written with them, and they cannot reorder text.
    public static func firstHidden(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isHidden)
    }

    /// See `firstHidden(in:)`.
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        // Printable ASCII is letters, digits, punctuation, symbols and the space: never hidden.
        // Most text is nothing else, and the Unicode property lookup costs ~300 instructions
        // a scalar (about 3 k of every request's params).
        case 0x20...0x7E: return false
        case 0x200C, 0x200D: return false
        case 0x115F, 0x1160, 0x3164, 0xFFA0: return true
        default: break
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// True when `text` holds a letter or a digit of any script: a name must be something one sees.
    public static func hasLetterOrDigit(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            guard !isHidden(scalar) else { return false }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber:
                return true
            default:
                return false
            }
        }
    }

    /// `U+202E`, `U+E0041`: how a scalar is named in messages.
    public static func code(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
