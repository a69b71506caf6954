import Foundation
import PasjesMoney
import PasjesProtocol

/// Turns a state and a terminal size into what to draw. Pure, so it is tested without a terminal.
///
/// ```
/// row 0        header: counter, reader, connection, clock
/// row 1        section titles
/// rows 2..     products (left) │ basket and total (right)
/// separator    (a node of several locations: ONLINE / OFFLINE and its queue on it)
/// status area  (5 lines at 24 rows, 7 from 30 rows)
/// last row     keys
/// ```
public enum KassaLayout {
    /// The frame for `state` at `size`.
    public static func frame(for state: KassaState, size: ScreenSize) -> KassaFrame {
        var builder = FrameBuilder(size: size)
        guard size.columns >= ScreenSize.minimum.columns, size.rows >= ScreenSize.minimum.rows else {
            builder.put(0, 0, "Venster te klein: minimaal 80×24 nodig.", .bad)
            builder.put(1, 0, "Nu \(size.columns)×\(size.rows). q = stoppen.", .normal)
            if let sync = syncLine(state) { builder.put(2, 0, sync.text, sync.style) }
            // The state machine keeps working; show at least what it is waiting for.
            for (index, line) in statusLines(state).prefix(max(0, size.rows - 3)).enumerated() {
                builder.put(3 + index, 0, line.text, line.style)
            }
            return builder.frame
        }
        let statusRows = size.rows >= 30 ? 7 : 5
        let footerRow = size.rows - 1
        let statusTop = footerRow - statusRows
        let separatorRow = statusTop - 1
        let bodyTop = 2
        let bodyRows = separatorRow - bodyTop
        let split = size.columns / 2

        header(state, into: &builder)
        builder.put(1, 1, "Producten", .title)
        builder.put(1, split + 2, "Mandje", .title)
        for row in 1..<separatorRow { builder.put(row, split, "│", .border) }
        products(state, top: bodyTop, rows: bodyRows, width: split - 1, into: &builder)
        basket(state, top: bodyTop, rows: bodyRows, left: split + 2, width: size.columns - split - 3, into: &builder)
        builder.put(separatorRow, 0, String(repeating: "─", count: size.columns), .border)
        // A node's link with the organisation's log, on the separator right above the status area.
        if let sync = syncLine(state) { builder.put(separatorRow, 2, " \(sync.text) ", sync.style) }
        // Long sentences wrap instead of being cut: a refusal must be readable to the end.
        let lines = statusLines(state).flatMap { line in
            wrap(line.text, width: size.columns - 2).map { StatusLine($0, line.style) }
        }
        for (index, line) in lines.prefix(statusRows).enumerated() {
            builder.put(statusTop + index, 1, line.text, line.style)
        }
        footer(state, row: footerRow, into: &builder)
        return builder.frame
    }

    /// `text` broken at spaces into lines of at most `width` columns.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard DisplayWidth.of(text) > width else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if DisplayWidth.of(candidate) <= width || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = word
            }
        }
        lines.append(current)
        return lines
    }

    // MARK: Header

    static func header(_ state: KassaState, into builder: inout FrameBuilder) {
        let width = builder.size.columns
        builder.put(0, 0, String(repeating: " ", count: width), .header)
        let reader = readerText(state.reader)
        let connection = connectionText(state.connection)
        let clock = clockText(state.now, timeZone: state.config.timeZone)
        // Right to left: clock, connection, reader; the counter name gets what is left.
        var column = width - DisplayWidth.of(clock) - 1
        builder.put(0, column, clock, .header)
        column -= DisplayWidth.of(connection.text) + 3
        builder.put(0, column, connection.text, connection.style)
        column -= DisplayWidth.of(reader.text) + 3
        builder.put(0, column, reader.text, reader.style)
        let name = state.counterName.map { "Kassa \($0)" } ?? "Kassa \(state.counterID)"
        builder.put(0, 1, DisplayWidth.clip(name, to: column - 3), .header)
    }

    static func readerText(_ reader: ReaderStatus) -> (text: String, style: CellStyle) {
        switch reader {
        case .unknown: ("Lezer: ONBEKEND", .warning)
        case .present: ("Lezer: AAN", .good)
        case .absent: ("Lezer: UIT", .bad)
        case .serviceDown: ("Lezer: DIENST UIT", .bad)
        }
    }

    static func connectionText(_ connection: ConnectionStatus) -> (text: String, style: CellStyle) {
        switch connection {
        case .connected: ("pasjesd: VERBONDEN", .good)
        case .connecting(let attempt) where attempt == 0: ("pasjesd: VERBINDEN", .warning)
        case .connecting(let attempt): ("pasjesd: POGING \(attempt + 1)", .warning)
        case .disconnected: ("pasjesd: GEEN VERBINDING", .bad)
        }
    }

    static func clockText(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    // MARK: Products and basket

    static func products(_ state: KassaState, top: Int, rows: Int, width: Int, into builder: inout FrameBuilder) {
        let menu = state.menu
        if menu.isEmpty {
            let text = state.connection == .connected ? "Geen producten geladen." : "Wacht op pasjesd..."
            builder.put(top, 1, text, .dim)
            return
        }
        // More products than lines: use more columns when the window is wide enough.
        let columnWidth = 30
        let columns = max(1, min((menu.count + rows - 1) / rows, width / columnWidth))
        let cellWidth = width / columns
        let capacity = rows * columns
        let overflow = menu.count > capacity
        let shown = overflow ? capacity - 1 : menu.count
        for (index, entry) in menu.prefix(shown).enumerated() {
            let row = top + index % rows
            let left = 1 + (index / rows) * cellWidth
            let price = entry.product.price.formatted(state.unit)
            let nameWidth = cellWidth - 4 - DisplayWidth.of(price) - 2
            builder.put(row, left, String(entry.hotkey), .key)
            builder.put(row, left + 2, DisplayWidth.pad(entry.product.name, to: nameWidth), .normal)
            builder.put(row, left + 2 + nameWidth + 1, price, .normal)
        }
        if overflow {
            let row = top + shown % rows
            let left = 1 + (shown / rows) * cellWidth
            builder.put(row, left, "+\(menu.count - shown) meer: groter venster", .dim)
        }
    }

    static func basket(_ state: KassaState, top: Int, rows: Int, left: Int, width: Int, into builder: inout FrameBuilder) {
        let basket = state.basket
        let lineRows = rows - 2
        if basket.isEmpty {
            builder.put(top, left, "(leeg)", .dim)
        } else {
            // Scroll so the selected line is always visible.
            let selected = basket.selected ?? (basket.lines.count - 1)
            let first = max(0, min(selected - lineRows + 1, basket.lines.count - lineRows))
            for (offset, line) in basket.lines.dropFirst(first).prefix(lineRows).enumerated() {
                let index = first + offset
                let isSelected = index == basket.selected
                let amount = (try? line.subtotal())?.formatted(state.unit) ?? "-"
                let quantity = "\(line.quantity) ×"
                let nameWidth = width - 2 - 7 - DisplayWidth.of(amount) - 1
                let text = (isSelected ? "> " : "  ")
                    + DisplayWidth.padLeft(quantity, to: 6) + " "
                    + DisplayWidth.pad(line.product.name, to: nameWidth) + " " + amount
                builder.put(top + offset, left, DisplayWidth.pad(text, to: width), isSelected ? .selected : .normal)
            }
            if basket.lines.count > lineRows {
                builder.put(top + lineRows, left, "(\(basket.lines.count) regels)", .dim)
            }
        }
        let items = basket.lines.reduce(Int64(0)) { $0 + $1.quantity }
        let total = basket.total?.formatted(state.unit) ?? "-"
        let label = "Totaal (\(items) st.)"
        builder.put(top + rows - 1, left, label, .title)
        builder.put(top + rows - 1, left + width - DisplayWidth.of(total), total, .title)
    }

    // MARK: Footer

    static func footer(_ state: KassaState, row: Int, into builder: inout FrameBuilder) {
        let width = builder.size.columns
        let keys: [String]
        switch state.phase {
        case .ready:
            let long = ["1-9 a-z product", "+/- aantal", "↑↓ regel", "Backspace weg", "Esc mandje leeg",
                        "u terugdraaien", "q stoppen"]
            let short = ["1-9/a-z product", "+/- aantal", "↑↓", "Bksp weg", "Esc leeg", "u terug", "q stop"]
            keys = DisplayWidth.of(long.joined(separator: "  ")) <= width - 2 ? long : short
        case .confirmQuit, .confirmUndo:
            keys = ["j = ja", "n of Esc = nee"]
        case .charging, .reversing:
            keys = ["Even wachten op pasjesd", "Ctrl-C stopt het programma"]
        }
        let text = keys.joined(separator: "  ")
        builder.put(row, 1, text, .key)
        let sales = state.sessionSales == 1 ? "1 verkoop" : "\(state.sessionSales) verkopen"
        let session = "Deze sessie: \(sales), \(state.sessionTotal.formatted(state.unit))"
        let sessionWidth = DisplayWidth.of(session)
        if DisplayWidth.of(text) + sessionWidth + 4 <= width {
            builder.put(row, width - sessionWidth - 1, session, .dim)
        }
    }
}

/// Collects texts and clips each to the frame.
struct FrameBuilder {
    let size: ScreenSize
    private(set) var texts: [ScreenText] = []

    init(size: ScreenSize) { self.size = size }

    mutating func put(_ row: Int, _ column: Int, _ text: String, _ style: CellStyle) {
        guard row >= 0, row < size.rows, column >= 0, column < size.columns else { return }
        let clipped = DisplayWidth.clip(text, to: size.columns - column)
        guard !clipped.isEmpty else { return }
        texts.append(ScreenText(row: row, column: column, text: clipped, style: style))
    }

    var frame: KassaFrame { KassaFrame(size: size, texts: texts) }
}
