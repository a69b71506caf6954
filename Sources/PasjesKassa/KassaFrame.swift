import PasjesMoney

/// A terminal size in character cells.
public struct ScreenSize: Equatable, Sendable {
    /// Lines.
    public var rows: Int
    /// Columns.
    public var columns: Int

    /// A size of `columns` × `rows`.
    public init(columns: Int, rows: Int) {
        self.rows = rows
        self.columns = columns
    }

    /// The smallest size the layout is made for: the Linux console.
    public static let minimum = ScreenSize(columns: 80, rows: 24)
}

/// How a piece of text looks. Colour is never the only carrier: every coloured piece has a
/// word too (GROEN, UIT, NIET BETAALD).
public enum CellStyle: Equatable, Sendable {
    case normal
    /// The header bar (reverse video).
    case header
    /// A section title.
    case title
    /// The selected basket line (reverse video).
    case selected
    /// A hotkey.
    case key
    /// Good news: paid, connected, GROEN.
    case good
    /// Needs attention: ORANJE, reconnecting, questions.
    case warning
    /// Bad news: declined, no reader, ROOD.
    case bad
    /// Bad news that lasts and must not be missed: OFFLINE (reverse video in red).
    case alert
    /// The big "Houd de pas voor de lezer".
    case prompt
    /// Less important text.
    case dim
    /// Lines and borders.
    case border
}

/// A run of text at a position; it never runs past the right edge of the frame.
public struct ScreenText: Equatable, Sendable {
    /// Zero-based line.
    public var row: Int
    /// Zero-based column.
    public var column: Int
    /// The text, already clipped to fit.
    public var text: String
    /// How it looks.
    public var style: CellStyle

    /// `text` at `row`, `column` in `style`.
    public init(row: Int, column: Int, text: String, style: CellStyle) {
        self.row = row
        self.column = column
        self.text = text
        self.style = style
    }
}

/// Everything to draw for one state at one size.
public struct KassaFrame: Equatable, Sendable {
    /// The size it was laid out for.
    public var size: ScreenSize
    /// The texts in drawing order (later ones overwrite earlier ones).
    public var texts: [ScreenText]

    /// The frame as plain lines of exactly `size.columns` columns each (for tests and logs).
    public var lines: [String] {
        var grid = Array(repeating: Array(repeating: " ", count: size.columns), count: size.rows)
        for text in texts where text.row >= 0 && text.row < size.rows {
            var column = text.column
            for character in text.text {
                let width = DisplayWidth.of(character)
                guard width > 0 else { continue }
                guard column >= 0, column + width <= size.columns else { break }
                grid[text.row][column] = String(character)
                if width == 2 { grid[text.row][column + 1] = "" }
                column += width
            }
        }
        return grid.map { $0.joined() }
    }
}
