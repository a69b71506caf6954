import Foundation
import PasjesMoney
import PasjesProtocol

/// The activity desk on screen. Pure, like `KassaLayout`:
///
/// ```
/// row 0        header: desk, reader, connection, clock
/// row 1        "Vandaag dd-mm-jjjj" │ the selected session and its places
/// rows 2..     today's sessions (left) │ the roster: 1–9, name, GEBOEKT/AANWEZIG/WACHTLIJST (right)
/// separator
/// status area
/// last row     keys, and what a tap does now
/// ```
public enum DeskLayout {
    public static func frame(for state: DeskState, size: ScreenSize) -> KassaFrame {
        var builder = FrameBuilder(size: size)
        guard size.columns >= ScreenSize.minimum.columns, size.rows >= ScreenSize.minimum.rows else {
            builder.put(0, 0, "Venster te klein: minimaal 80×24 nodig.", .bad)
            builder.put(1, 0, "Nu \(size.columns)×\(size.rows). q = stoppen.", .normal)
            return builder.frame
        }
        let statusRows = size.rows >= 30 ? 7 : 5
        let footerRow = size.rows - 1
        let statusTop = footerRow - statusRows
        let separatorRow = statusTop - 1
        let bodyTop = 2
        let bodyRows = separatorRow - bodyTop
        let split = 28

        header(state, into: &builder)
        builder.put(1, 1, "Vandaag \(dutchDate(state.day))", .title)
        for row in 1..<separatorRow { builder.put(row, split, "│", .border) }
        sessions(state, top: bodyTop, rows: bodyRows, width: split - 1, into: &builder)
        roster(state, top: 1, rows: bodyRows + 1, left: split + 2, width: size.columns - split - 3, into: &builder)
        builder.put(separatorRow, 0, String(repeating: "─", count: size.columns), .border)
        let lines = state.status.flatMap { line in
            KassaLayout.wrap(line.text, width: size.columns - 2).map { StatusLine($0, line.style) }
        }
        for (index, line) in lines.prefix(statusRows).enumerated() {
            builder.put(statusTop + index, 1, line.text, line.style)
        }
        footer(state, row: footerRow, into: &builder)
        return builder.frame
    }

    static func header(_ state: DeskState, into builder: inout FrameBuilder) {
        let width = builder.size.columns
        builder.put(0, 0, String(repeating: " ", count: width), .header)
        let reader = KassaLayout.readerText(state.reader)
        let connection = KassaLayout.connectionText(state.connection)
        let clock = KassaLayout.clockText(state.now, timeZone: state.config.timeZone)
        var column = width - DisplayWidth.of(clock) - 1
        builder.put(0, column, clock, .header)
        column -= DisplayWidth.of(connection.text) + 3
        builder.put(0, column, connection.text, connection.style)
        column -= DisplayWidth.of(reader.text) + 3
        builder.put(0, column, reader.text, reader.style)
        let name = "Balie \(state.counterName ?? state.counterID)"
        builder.put(0, 1, DisplayWidth.clip(name, to: column - 3), .header)
    }

    static func dutchDate(_ day: String) -> String {
        let parts = day.split(separator: "-")
        guard parts.count == 3 else { return day }
        return "\(parts[2])-\(parts[1])-\(parts[0])"
    }

    static func sessions(_ state: DeskState, top: Int, rows: Int, width: Int, into builder: inout FrameBuilder) {
        guard !state.sessions.isEmpty else {
            builder.put(top, 1, state.isConnected ? "Geen activiteiten vandaag." : "Wacht op pasjesd...", .dim)
            return
        }
        let first = max(0, min(state.selected - rows + 1, state.sessions.count - rows))
        for (offset, session) in state.sessions.dropFirst(first).prefix(rows).enumerated() {
            let index = first + offset
            let isSelected = index == state.selected
            let places = session.state == .closed ? "KLAAR" : session.free == 0 ? "VOL" : "\(session.free) vrij"
            let nameWidth = width - 2 - 6 - DisplayWidth.of(places) - 2
            let text = (isSelected ? "> " : "  ") + session.startTime + " "
                + DisplayWidth.pad(session.activityName, to: nameWidth) + " " + places
            builder.put(top + offset, 1, DisplayWidth.pad(text, to: width - 1), isSelected ? .selected : .normal)
        }
    }

    static func roster(_ state: DeskState, top: Int, rows: Int, left: Int, width: Int, into builder: inout FrameBuilder) {
        guard let session = state.session else { return }
        let price = session.price.minorUnits == 0 ? "gratis" : session.price.formatted(session.unit)
        builder.put(top, left, DisplayWidth.clip("\(session.activityName) \(session.startTime)–\(session.endTime), \(price)",
                                                 to: width), .title)
        builder.put(top + 1, left, "Geboekt \(session.booked)  Aanwezig \(session.attended)  Wachtlijst \(session.waiting)  "
                    + "Vrij \(session.free) van \(session.capacity)", session.free == 0 ? .warning : .normal)
        guard let roster = state.roster else {
            builder.put(top + 2, left, "Lijst laden...", .dim)
            return
        }
        let shown = roster.entries.filter { [.attended, .booked, .waiting].contains($0.state) }
        if shown.isEmpty { builder.put(top + 2, left, "Nog niemand geboekt.", .dim) }
        for (index, entry) in shown.prefix(rows - 2).enumerated() {
            let (word, style) = DeskText.state(entry.state, position: entry.position)
            let key = index < 9 ? "\(index + 1)" : " "
            let nameWidth = width - 2 - 14
            builder.put(top + 2 + index, left, key, .key)
            builder.put(top + 2 + index, left + 2, DisplayWidth.pad(entry.clientName, to: nameWidth), .normal)
            builder.put(top + 2 + index, left + 2 + nameWidth + 1, word, style)
        }
    }

    static func footer(_ state: DeskState, row: Int, into builder: inout FrameBuilder) {
        let width = builder.size.columns
        let keys: [String]
        switch state.phase {
        case .ready: keys = ["↑↓ kies", "1-9 aanmelden", "b boeken", "r ververs", "u terug", "q stop"]
        case .confirmQuit, .confirmUndo: keys = ["j = ja", "n of Esc = nee"]
        case .sending: keys = ["Even wachten op pasjesd", "Ctrl-C stopt het programma"]
        }
        let text = keys.joined(separator: "  ")
        builder.put(row, 1, text, .key)
        let mode = state.mode == .book ? DeskText.modeBook : DeskText.modeCheckIn
        if DisplayWidth.of(text) + DisplayWidth.of(mode) + 4 <= width {
            builder.put(row, width - DisplayWidth.of(mode) - 1, mode, state.mode == .book ? .warning : .good)
        }
    }
}
