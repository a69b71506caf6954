import CPCSCLite
import Foundation
import Logging

/// The pseudo reader whose state changes when readers come or go (pcsc-lite's hot-plug notification).
let plugAndPlayReaderName = "\\\\?PnP?\\Notification"

/// What the monitor thread knows about one reader between two `SCardGetStatusChange` calls.
final class ReaderSlot {
    let name: String
    /// The reader name as a C string that stays put while pcsc-lite holds a pointer to it.
    let cName: UnsafeMutablePointer<CChar>
    /// The state pcsc-lite reported last (fed back as `dwCurrentState`); 0 = unaware, get the state at once.
    var knownState: DWORD = 0
    /// Whether we saw a card on it; its UID is read only on the empty -> present edge.
    var cardPresent = false
    /// pcsc-lite's card insert/remove counter (upper 16 bits of the event state): a changed count
    /// while still present means pcscd saw the card go and come between two of our polls.
    var eventCounter: DWORD = 0
    /// True until the first state arrives for this reader.
    var firstObservation = true
    /// Whether this slot has shown any card since its reader appeared.
    var hasShownCard = false
    /// When the reader was first seen empty since it last showed a card (or appeared).
    var emptySince: ContinuousClock.Instant?

    init(name: String) {
        self.name = name
        self.cName = strdup(name)!
    }

    deinit { free(cName) }
}

/// The monitor thread's loop; lives and dies on that thread, so its state needs no lock.
final class MonitorLoop {
    let monitor: ReaderMonitor
    var config: ReaderMonitor.Configuration { monitor.configuration }
    var logger: Logger { monitor.logger }

    var slots: [ReaderSlot] = []
    /// nil until we know; emits `.serviceUp`/`.serviceDown` only on a change.
    var serviceUp: Bool?
    var backoffMilliseconds: Int
    var plugAndPlayState: DWORD = 0
    var warnedAboutTooManyReaders = false
    /// The card last seen on each reader, by name: outlives slots, so a card that stays on a reader
    /// across a re-plug, a reader reset or a pcscd restart is not charged again.
    var lastSeen = LastSeenCards()

    /// The hot-plug pseudo reader's name as a C string, alive as long as the loop.
    let plugAndPlayCName = strdup(plugAndPlayReaderName)!

    init(monitor: ReaderMonitor) {
        self.monitor = monitor
        self.backoffMilliseconds = monitor.configuration.initialBackoffMilliseconds
    }

    deinit { free(plugAndPlayCName) }

    func run() {
        while !monitor.isStopRequested {
            let context: PCSCContext
            do {
                context = try PCSCContext.establish()
            } catch {
                noteServiceDown(reason: error.description)
                backOff()
                continue
            }
            guard monitor.setCurrentContext(context) else {
                context.release()
                break
            }
            var failed = false
            do {
                try watch(context)
            } catch {
                failed = true
                if error.meansServiceDown {
                    noteServiceDown(reason: error.description)
                } else {
                    logger.warning("PC/SC call failed, reconnecting", metadata: ["error": "\(error)"])
                }
            }
            _ = monitor.setCurrentContext(nil)
            context.release()
            if failed { backOff() }
        }
        slots.removeAll()
    }

    private func backOff() {
        monitor.pause(milliseconds: backoffMilliseconds)
        backoffMilliseconds = min(backoffMilliseconds * 2, config.maximumBackoffMilliseconds)
    }

    /// Watches one context until stop (returns) or a PC/SC failure (throws).
    private func watch(_ context: PCSCContext) throws(PCSCError) {
        try refreshReaders(context)
        while !monitor.isStopRequested {
            var states = slots.map { slot in
                var state = SCARD_READERSTATE()
                state.szReader = UnsafePointer(slot.cName)
                state.dwCurrentState = slot.knownState
                return state
            }
            var plugAndPlay = SCARD_READERSTATE()
            plugAndPlay.szReader = UnsafePointer(plugAndPlayCName)
            plugAndPlay.dwCurrentState = plugAndPlayState
            states.append(plugAndPlay)

            do {
                try context.getStatusChange(&states, timeoutMilliseconds: config.statusChangeTimeoutMilliseconds)
            } catch .timeout {
                continue
            } catch .cancelled {
                continue  // stop() cancelled us; the loop condition ends it
            } catch .unknownReader {
                try refreshReaders(context)  // a reader vanished between listing and waiting
                continue
            }

            var readerListChanged = false
            let plugAndPlayEvent = states[states.count - 1].dwEventState
            if plugAndPlayEvent & DWORD(SCARD_STATE_CHANGED) != 0 {
                readerListChanged = plugAndPlayState != 0 || plugAndPlayEvent >> 16 != DWORD(slots.count)
                plugAndPlayState = plugAndPlayEvent & ~DWORD(SCARD_STATE_CHANGED)
            }
            for (slot, state) in zip(slots, states) {
                if state.dwEventState & DWORD(SCARD_STATE_UNKNOWN) != 0 { readerListChanged = true }
                handle(state, of: slot, context: context)
            }
            if readerListChanged { try refreshReaders(context) }
        }
    }

    /// Acts on one reader's new state: the edge detection that turns "card present" into one tap.
    private func handle(_ state: SCARD_READERSTATE, of slot: ReaderSlot, context: PCSCContext) {
        let event = state.dwEventState
        guard event & DWORD(SCARD_STATE_CHANGED) != 0 || slot.firstObservation else { return }
        // A reader is announced once its state is known, not when it is listed: a card that
        // lies on it at that first look is not a tap, and whoever waits for "reader present"
        // (the cashier's screen, a test) can present a card from then on and have it count.
        if slot.firstObservation { monitor.emit(.readerAdded(reader: slot.name)) }
        slot.knownState = event & ~DWORD(SCARD_STATE_CHANGED)
        let present = event & DWORD(SCARD_STATE_PRESENT) != 0
        let counter = event >> 16
        slot.firstObservation = false
        defer { slot.eventCounter = counter }

        guard present else {
            slot.cardPresent = false
            if slot.emptySince == nil { slot.emptySince = .now }
            // Nothing to protect: the reader never showed a card we remember. Otherwise the
            // absence is judged by how long it lasted, once a card shows up again.
            if !lastSeen.remembersCard(on: slot.name) { lastSeen.noteEmpty(on: slot.name) }
            return
        }
        // Same card still lying there: a state change such as "in use" or "powered", not a new tap.
        // A changed counter means pcscd saw the card go and come back too quickly for us to see
        // the reader empty: a glitch or a swap, not a lift we saw, so only another UID taps.
        if slot.cardPresent && counter == slot.eventCounter { return }
        if let since = slot.emptySince {
            // The reader was seen empty: a lift, if that lasted long enough (see `requiredAbsence`).
            slot.emptySince = nil
            if since.duration(to: .now) >= requiredAbsence(for: slot) { lastSeen.noteEmpty(on: slot.name) }
        }
        slot.cardPresent = true
        slot.hasShownCard = true

        if event & DWORD(SCARD_STATE_MUTE) != 0 {
            monitor.emit(.unreadable(reader: slot.name, reason: "card does not answer (mute)"))
            return
        }
        let atr = withUnsafeBytes(of: state.rgbAtr) { Array($0.prefix(Int(min(state.cbAtr, DWORD(MAX_ATR_SIZE))))) }
        let result = readTap(context: context, reader: slot.name, atr: atr)
        if case .tap(let tap) = result, !lastSeen.noteCard(tap.uid, on: slot.name) {
            logger.info("card was already on the reader and was not seen lifted; not a new tap",
                        metadata: ["reader": "\(slot.name)", "uid": "\(tap.uid)"])
            return
        }
        monitor.emit(result)
    }

    /// How long `slot` must have been seen empty for its remembered card to count as lifted.
    ///
    /// A reader that came back (re-plug, reset, pcscd restart) and has shown no card yet reports
    /// empty until it has powered its field and polled (vpcd: until the card has reconnected),
    /// though the card never moved: it gets the settle time. Otherwise a moment's emptiness (a card
    /// at the edge of the field, a reader re-powering it) is no lift either; a hand takes longer.
    private func requiredAbsence(for slot: ReaderSlot) -> Duration {
        .milliseconds(slot.hasShownCard ? config.minimumAbsenceMilliseconds : config.readerSettleMilliseconds)
    }

    /// Lists readers and emits `.serviceUp` and `.readerRemoved` for the differences.
    private func refreshReaders(_ context: PCSCContext) throws(PCSCError) {
        var names = try context.listReaders()
        backoffMilliseconds = config.initialBackoffMilliseconds
        if serviceUp != true {
            serviceUp = true
            monitor.emit(.serviceUp)
        }
        if names.count > config.maximumReaders {
            if !warnedAboutTooManyReaders {
                logger.warning("too many readers; ignoring the rest",
                               metadata: ["count": "\(names.count)", "limit": "\(config.maximumReaders)"])
                warnedAboutTooManyReaders = true
            }
            names = Array(names.prefix(config.maximumReaders))
        }
        let removed = slots.filter { !names.contains($0.name) }
        slots.removeAll { !names.contains($0.name) }
        for slot in removed { monitor.emit(.readerRemoved(reader: slot.name)) }
        // `.readerAdded` follows at the slot's first observation (see `handle`).
        for name in names where !slots.contains(where: { $0.name == name }) {
            slots.append(ReaderSlot(name: name))
        }
        monitor.setReaderSnapshot(slots.map(\.name))
    }

    /// pcscd is gone: every reader with it. Emitted once per outage.
    private func noteServiceDown(reason: String) {
        if serviceUp != false {
            serviceUp = false
            monitor.emit(.serviceDown(reason: reason))
        }
        for slot in slots { monitor.emit(.readerRemoved(reader: slot.name)) }
        slots.removeAll()
        plugAndPlayState = 0
        monitor.setReaderSnapshot([])
    }
}
