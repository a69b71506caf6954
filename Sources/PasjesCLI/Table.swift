import PasjesMoney
/// A plain-text table: a header, rows, columns aligned by display width, two spaces between.
public struct Table: Sendable {
    /// How a column's cells line up.
    public enum Alignment: Sendable {
        /// Text: padded on the right.
        case left
        /// Amounts and counts: padded on the left.
        case right
    }

    /// One column: its title and alignment.
    public struct Column: Sendable {
        /// The header text.
        public var title: String
        /// How the cells line up.
        public var alignment: Alignment
        /// Makes a column.
        public init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    /// The columns, left to right.
    public var columns: [Column]
    /// The rows; a short row is padded with empty cells.
    public var rows: [[String]] = []

    /// A table with `columns` and no rows yet.
    public init(_ columns: [Column]) { self.columns = columns }

    /// Adds one row.
    public mutating func add(_ cells: [String]) { rows.append(cells) }

    /// `empty` (e.g. "Geen cliënten gevonden.") when there are no rows, else the table: a header
    /// alone reads as if something failed to print.
    public func render(ifEmpty empty: String) -> String {
        rows.isEmpty ? empty : render()
    }

    /// The table as lines without trailing spaces, header first.
    public func render() -> String {
        let cleanRows = rows.map { row in
            (0..<columns.count).map { index in index < row.count ? DisplayWidth.sanitized(row[index]) : "" }
        }
        let titles = columns.map { DisplayWidth.sanitized($0.title) }
        var widths = titles.map(DisplayWidth.of)
        for row in cleanRows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - DisplayWidth.of(cell))
                parts.append(columns[index].alignment == .left ? cell + padding : padding + cell)
            }
            var text = parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return ([line(titles)] + cleanRows.map(line)).joined(separator: "\n")
    }
}

/// Label/value pairs printed as two aligned columns: how single records are shown.
public struct Fields: Sendable {
    /// The pairs, in order.
    public var pairs: [(String, String)] = []

    /// An empty list.
    public init() {}

    /// Adds one pair.
    public mutating func add(_ label: String, _ value: String) { pairs.append((label, value)) }

    /// The pairs as `label:  value` lines, values aligned.
    public func render() -> String {
        let width = pairs.map { DisplayWidth.of(DisplayWidth.sanitized($0.0)) }.max() ?? 0
        return pairs.map { label, value in
            let cleanLabel = DisplayWidth.sanitized(label)
            let padding = String(repeating: " ", count: width - DisplayWidth.of(cleanLabel))
            return "\(cleanLabel):\(padding)  \(DisplayWidth.sanitized(value))"
        }.joined(separator: "\n")
    }
}
