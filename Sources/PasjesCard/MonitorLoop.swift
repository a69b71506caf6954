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
    /// Whether we saw a card on it; a tap is emitted only on the empty -> present edge.
    var cardPresent = false
    /// pcsc-lite's card insert/remove counter (upper 16 bits of the event state): a changed count
    /// while still present means the card was lifted and put back between two polls.
    var eventCounter: DWORD = 0
    /// True until the first state arrives for this reader.
    var firstObservation = true
    /// UID of the card read last while it is on the reader.
    var presentUID: String?

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
    /// Cards that were on a reader when pcscd went away: if the same UID is the first thing seen
    /// after it returns, the card simply stayed on the reader and must not be charged twice.
    var uidsPresentAtOutage: [String: String] = [:]

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
        slot.knownState = event & ~DWORD(SCARD_STATE_CHANGED)
        let present = event & DWORD(SCARD_STATE_PRESENT) != 0
        let counter = event >> 16
        let firstObservation = slot.firstObservation
        slot.firstObservation = false
        defer { slot.eventCounter = counter }

        guard present else {
            slot.cardPresent = false
            slot.presentUID = nil
            return
        }
        // Same card still lying there: a state change such as "in use" or "powered", not a new tap.
        if slot.cardPresent && counter == slot.eventCounter { return }
        slot.cardPresent = true

        if event & DWORD(SCARD_STATE_MUTE) != 0 {
            monitor.emit(.unreadable(reader: slot.name, reason: "card does not answer (mute)"))
            return
        }
        let atr = withUnsafeBytes(of: state.rgbAtr) { Array($0.prefix(Int(min(state.cbAtr, DWORD(MAX_ATR_SIZE))))) }
        let result = readTap(context: context, reader: slot.name, atr: atr)
        if case .tap(let tap) = result {
            slot.presentUID = tap.uid
            let uidBeforeOutage = uidsPresentAtOutage.removeValue(forKey: slot.name)
            if firstObservation && uidBeforeOutage == tap.uid {
                logger.info("card stayed on the reader while pcscd was away; not a new tap",
                            metadata: ["reader": "\(slot.name)", "uid": "\(tap.uid)"])
                return
            }
        }
        monitor.emit(result)
    }

    /// Lists readers and emits `.serviceUp`, `.readerAdded` and `.readerRemoved` for the differences.
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
        for name in names where !slots.contains(where: { $0.name == name }) {
            slots.append(ReaderSlot(name: name))
            monitor.emit(.readerAdded(reader: name))
        }
        monitor.setReaderSnapshot(slots.map(\.name))
    }

    /// pcscd is gone: every reader with it. Emitted once per outage.
    private func noteServiceDown(reason: String) {
        if serviceUp != false {
            serviceUp = false
            monitor.emit(.serviceDown(reason: reason))
        }
        for slot in slots {
            if let uid = slot.presentUID { uidsPresentAtOutage[slot.name] = uid }
            monitor.emit(.readerRemoved(reader: slot.name))
        }
        slots.removeAll()
        plugAndPlayState = 0
        monitor.setReaderSnapshot([])
    }
}
