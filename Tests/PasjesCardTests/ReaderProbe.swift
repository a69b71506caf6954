import CPCSCLite
import Foundation
@testable import PasjesCard

/// Asks pcscd itself whether a card lies on a reader, on a context of its own: tests learn that the
/// card is (or is no longer) there without relying on the monitor they are testing.
enum ReaderProbe {
    /// Whether pcscd reports a card on `reader`; nil when pcscd or the reader is not there.
    static func cardPresent(on reader: String) -> Bool? {
        guard let context = try? PCSCContext.establish() else { return nil }
        defer { context.release() }
        return reader.withCString { name -> Bool? in
            var state = SCARD_READERSTATE()
            state.szReader = name
            state.dwCurrentState = DWORD(SCARD_STATE_UNAWARE)
            var states = [state]
            guard (try? context.getStatusChange(&states, timeoutMilliseconds: 0)) != nil else { return nil }
            let event = states[0].dwEventState
            if event & DWORD(SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE) != 0 { return nil }
            return event & DWORD(SCARD_STATE_PRESENT) != 0
        }
    }

    /// Polls until pcscd shows the card on (`present`) or off `reader`; returns whether it did in time.
    static func wait(untilCardPresent present: Bool, on reader: String, timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if cardPresent(on: reader) == present { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return cardPresent(on: reader) == present
    }
}
