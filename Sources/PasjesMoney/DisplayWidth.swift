/// Terminal column widths of text, computed without a locale so layout is testable anywhere.
///
/// One `Character` (grapheme cluster) takes 0, 1 or 2 columns: combining marks ride on the
/// character before them ("Daniëlle" is 8 columns whether the ë is precomposed or not), East
/// Asian wide characters and emoji take two.
public enum DisplayWidth {
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
        if isWide(value) { return 2 }
        if first.properties.isEmojiPresentation { return 2 }
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

    /// `text` with control characters replaced (a name from the database must never reach the
    /// terminal as an escape sequence), cut to at most `width` columns; a cut ends in "…".
    public static func clip(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        let clean = String(text.map { character -> Character in
            guard let first = character.unicodeScalars.first else { return character }
            return first.value < 0x20 || (0x7F..<0xA0).contains(first.value) ? " " : character
        })
        if of(clean) <= width { return clean }
        var result = ""
        var used = 0
        for character in clean {
            let columns = of(character)
            if used + columns > width - 1 { break }
            result.append(character)
            used += columns
        }
        return result + "…"
    }

    /// `text` clipped and padded with spaces to exactly `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        let clipped = clip(text, to: width)
        return clipped + String(repeating: " ", count: max(0, width - of(clipped)))
    }

    /// `text` clipped and right-aligned in exactly `width` columns.
    public static func padLeft(_ text: String, to width: Int) -> String {
        let clipped = clip(text, to: width)
        return String(repeating: " ", count: max(0, width - of(clipped))) + clipped
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
