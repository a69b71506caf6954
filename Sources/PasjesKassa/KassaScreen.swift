#if canImport(Glibc)
import Glibc
#endif
import CNCurses

/// What the keyboard gave: a key for the state machine, a resize, or nothing within the timeout.
public enum ScreenInput: Equatable, Sendable {
    /// A key the state machine understands.
    case key(KassaKey)
    /// The terminal changed size (SIGWINCH, seen by ncurses as KEY_RESIZE).
    case resize
    /// No key before the timeout (or a key with no meaning here).
    case none
}

/// The thin ncurses layer: sets the terminal up, reads keys, draws frames, restores the terminal.
///
/// The only type that touches ncurses. Use it from one thread.
public final class KassaScreen {
    private let window: UnsafeMutablePointer<WINDOW>
    private let colours: Bool
    private var open = true

    /// Takes over the terminal. `keyTimeoutMilliseconds` bounds how long `readInput` waits, which
    /// is also how often the clock can tick.
    public init(keyTimeoutMilliseconds: Int32 = 100) {
        // Wide-character output needs a UTF-8 locale; fall back to C.UTF-8 when the
        // environment gives none (a bare tmux or a service), so "Daniëlle" is not mangled.
        setlocale(LC_ALL, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        // Escape must clear the basket at once, not after ncurses' default one second.
        set_escdelay(25)
        window = initscr()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        curs_set(0)
        wtimeout(window, keyTimeoutMilliseconds)
        colours = has_colors()
        if colours {
            start_color()
            use_default_colors()
            init_pair(Pair.good, Int16(COLOR_GREEN), -1)
            init_pair(Pair.warning, Int16(COLOR_YELLOW), -1)
            init_pair(Pair.bad, Int16(COLOR_RED), -1)
            init_pair(Pair.key, Int16(COLOR_CYAN), -1)
            init_pair(Pair.border, Int16(COLOR_BLUE), -1)
        }
    }

    deinit { close() }

    /// The terminal's size now.
    public var size: ScreenSize {
        ScreenSize(columns: Int(getmaxx(window)), rows: Int(getmaxy(window)))
    }

    /// Waits up to the key timeout for one key.
    public func readInput() -> ScreenInput {
        let code = wgetch(window)
        switch code {
        case ERR: return .none
        case KEY_RESIZE: return .resize
        case KEY_BACKSPACE, KEY_DC, 127, 8: return .key(.backspace)
        case 27: return .key(.escape)
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_ENTER, 10, 13: return .key(.enter)
        case 32...126:
            guard let scalar = Unicode.Scalar(UInt32(code)) else { return .none }
            return .key(.character(Character(scalar)))
        default: return .none
        }
    }

    /// Replaces what is on screen with `frame`.
    public func draw(_ frame: KassaFrame, fullRepaint: Bool = false) {
        if fullRepaint { clearok(window, true) }
        werase(window)
        for text in frame.texts {
            var (attributes, pair) = style(text.style)
            // Coloured words in the header keep the bar's reverse video so the bar stays whole.
            if text.row == 0, text.style != .header { attributes |= pasjes_attr_reverse() | pasjes_attr_bold() }
            wattr_set(window, attributes, pair, nil)
            var wide = text.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
            wide.append(0)
            // The bottom-right cell makes ncurses report ERR (it cannot scroll); the text is
            // drawn all the same, so the result is ignored on purpose.
            _ = mvwaddwstr(window, Int32(text.row), Int32(text.column), wide)
        }
        wattr_set(window, 0, 0, nil)
        wrefresh(window)
    }

    /// Gives the terminal back (endwin). Safe to call twice.
    public func close() {
        guard open else { return }
        open = false
        // Terminals without an alternate screen (the Linux console) would keep the last frame
        // under the shell prompt; clear it first.
        werase(window)
        wrefresh(window)
        endwin()
    }

    private enum Pair {
        static let good: Int16 = 1
        static let warning: Int16 = 2
        static let bad: Int16 = 3
        static let key: Int16 = 4
        static let border: Int16 = 5
    }

    private func style(_ style: CellStyle) -> (attr_t, Int16) {
        let bold = pasjes_attr_bold()
        let pair: (Int16) -> Int16 = { self.colours ? $0 : 0 }
        switch style {
        case .normal: return (0, 0)
        case .header: return (pasjes_attr_reverse(), 0)
        case .title: return (bold, 0)
        case .selected: return (pasjes_attr_reverse() | bold, 0)
        case .key: return (bold, pair(Pair.key))
        case .good: return (bold, pair(Pair.good))
        case .warning: return (bold, pair(Pair.warning))
        case .bad: return (bold, pair(Pair.bad))
        case .alert: return (pasjes_attr_reverse() | bold, pair(Pair.bad))
        case .prompt: return (bold | pasjes_attr_underline(), 0)
        case .dim: return (pasjes_attr_dim(), 0)
        case .border: return (0, pair(Pair.border))
        }
    }
}
