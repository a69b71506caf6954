/// Terminal column widths, computed without a locale so tables align the same everywhere.
///
/// One `Character` takes 0, 1 or 2 columns: combining marks ride on the character before them
/// ("Daniëlle" is 8 columns, precomposed or not), East Asian wide characters and emoji take two.
public enum TextWidth {
    /// Columns `text` takes on a terminal.
    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// Columns one character takes.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        let value = first.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if isWide(value) || first.properties.isEmojiPresentation { return 2 }
        if character.unicodeScalars.contains(where: { $0.value == 0xFE0F }), first.properties.isEmoji { return 2 }
        return 1
    }

    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` with control characters (escape sequences, tabs, newlines) shown as spaces:
    /// text from the database must never steer the terminal.
    public static func sanitized(_ text: String) -> String {
        String(text.map { character -> Character in
            guard let first = character.unicodeScalars.first else { return character }
            return first.value < 0x20 || (0x7F..<0xA0).contains(first.value) ? " " : character
        })
    }
}
