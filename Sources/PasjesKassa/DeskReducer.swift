import Foundation
import PasjesMoney
import PasjesProtocol

/// Applies `event` to the desk's state and returns what must be sent or done. Pure, like
/// `reduce` for the restaurant screen, with the same keys: ↑↓ choose, `u` undo, `q` quit.
public func reduceDesk(_ state: inout DeskState, _ event: KassaEvent) -> [KassaCommand] {
    switch event {
    case .key(let key): return state.handleKey(key)
    case .tap(let tap): return state.handleTap(tap)
    case .readerChanged(let change):
        switch change.state {
        case .serviceDown: state.reader = .serviceDown
        case .serviceUp: state.reader = .unknown; return state.isConnected ? [.loadSystemInfo] : []
        case .present: if change.counter == state.counterID { state.reader = .present(name: change.reader ?? "") }
        case .absent: if change.counter == state.counterID { state.reader = .absent }
        }
        return []
    case .activityChanged(let change): return state.handleChange(change)
    case .reply(let reply): return state.handleReply(reply)
    case .connection(let change): return state.handleConnection(change)
    case .tick(let date): return state.handleTick(date)
    case .saleCompleted, .saleReversed: return []
    case .syncChanged: return []  // the desk does not subscribe to it
    }
}

extension DeskState {
    var isConnected: Bool { connection == .connected }

    /// The first page of today's sessions of this desk.
    var loadToday: KassaCommand { .loadSessions(day: day, counter: counterID, offset: 0) }

    // MARK: Keys

    mutating func handleKey(_ key: KassaKey) -> [KassaCommand] {
        switch phase {
        case .confirmQuit:
            if key.isYes { return [.quit] }
            if key.isNo { phase = .ready; status = [StatusLine(DeskText.welcome, .prompt)] }
            return []
        case .confirmUndo(let undo):
            if key.isYes { return startUndo(undo) }
            if key.isNo { phase = .ready; status = [StatusLine(DeskText.undoCancelled)] }
            return []
        case .sending:
            return []
        case .ready:
            break
        }
        switch key {
        case .up, .down:
            guard !sessions.isEmpty else { return [] }
            selected = max(0, min(sessions.count - 1, selected + (key == .up ? -1 : 1)))
            roster = nil
            return session.map { [.loadRoster(session: $0.id)] } ?? []
        case .escape:
            mode = .checkIn
            status = [StatusLine(DeskText.welcome, .prompt)]
        case .character(let character):
            switch character {
            case "b", "B":
                mode = mode == .book ? .checkIn : .book
                status = [StatusLine(mode == .book ? "Een pas aanbieden BOEKT nu een plaats (b: terug naar aanmelden)."
                                                   : DeskText.welcome, .prompt)]
            case "r", "R":
                return [loadToday] + (session.map { [.loadRoster(session: $0.id)] } ?? [])
            case "u", "U":
                if let lastAction {
                    phase = .confirmUndo(lastAction)
                    status = [StatusLine(undoQuestion(lastAction), .warning)]
                } else {
                    status = [StatusLine(DeskText.nothingToUndo)]
                }
            case "q", "Q":
                phase = .confirmQuit
                status = [StatusLine(DeskText.confirmQuit, .warning)]
            default:
                // 1–9: check in the n-th on the roster by name (who forgot their card).
                if let digit = character.wholeNumberValue, (1...9).contains(digit), let roster,
                   roster.entries.indices.contains(digit - 1), let session {
                    let entry = roster.entries[digit - 1]
                    return send(DeskRequest(action: .checkIn, idempotencyKey: keys.make(), session: session.id,
                                            clientNumber: entry.clientNumber))
                }
            }
        case .backspace, .enter:
            break
        }
        return []
    }

    private func undoQuestion(_ undo: DeskUndo) -> String {
        switch undo {
        case .checkIn(let booking): "Aanmelding van \(booking.clientName) terugdraaien (bedrag terug)? j = ja, n = nee"
        case .booking(let booking): "Boeking van \(booking.clientName) afmelden? j = ja, n = nee"
        }
    }

    private mutating func startUndo(_ undo: DeskUndo) -> [KassaCommand] {
        switch undo {
        case .checkIn(let booking):
            guard let saleId = booking.saleId else {
                phase = .ready
                status = [StatusLine("Gratis activiteit: er is niets terug te boeken.")]
                return []
            }
            let request = ReverseRequest(idempotencyKey: keys.make(), saleId: saleId, reason: DeskText.reverseReason)
            return sendCommand(.reverse(request), key: request.idempotencyKey)
        case .booking(let booking):
            return send(DeskRequest(action: .cancel, idempotencyKey: keys.make(), session: booking.session,
                                    clientNumber: booking.clientNumber))
        }
    }

    // MARK: Taps

    mutating func handleTap(_ tap: CardTappedEvent) -> [KassaCommand] {
        guard tap.counter == counterID, phase == .ready else { return [] }
        guard tap.cardState == "active", let token = tap.tapToken else {
            status = [StatusLine("GEWEIGERD: \(DutchMessages.sentence(forReason: tap.reason ?? "no_tap_token", message: tap.message))", .bad)]
            return []
        }
        guard let session else {
            status = [StatusLine(DeskText.noSessions, .warning)]
            return []
        }
        return send(DeskRequest(action: mode == .book ? .book : .checkIn, idempotencyKey: keys.make(),
                                session: session.id, tapToken: token))
    }

    private mutating func send(_ request: DeskRequest) -> [KassaCommand] {
        sendCommand(.desk(request), key: request.idempotencyKey)
    }

    private mutating func sendCommand(_ command: KassaCommand, key: String) -> [KassaCommand] {
        let pending = DeskPending(command: command, key: key, sentAt: now, awaitingReconnect: !isConnected)
        phase = .sending(pending)
        status = [StatusLine(DeskText.sending, .warning)]
        return isConnected ? [command] : []
    }

    // MARK: Events and replies

    mutating func handleChange(_ change: ActivityChangedEvent) -> [KassaCommand] {
        guard change.session.counter == counterID else { return [] }
        if let index = sessions.firstIndex(where: { $0.id == change.session.id }) {
            sessions[index] = change.session
        } else if change.session.day == day {
            return [loadToday]
        }
        return session?.id == change.session.id ? [.loadRoster(session: change.session.id)] : []
    }

    mutating func handleReply(_ reply: KassaReply) -> [KassaCommand] {
        switch reply {
        case .counters(.success(let counters)):
            counterName = counters.first(where: { $0.id == counterID })?.name
        case .systemInfo(.success(let info)):
            if let known = info.unit { unit = known }
            reader = KassaState.readerStatus(of: info, counter: counterID)
        case .sessions(.success(let page)):
            let previous = session?.id
            var all = (pendingSessions ?? []) + page.sessions.filter { $0.counter == counterID && $0.state != .cancelled }
            // A busy day has more sessions than one page: follow `next` (a bounded number of times).
            if let next = page.next, next < DeskState.maxSessions {
                pendingSessions = all
                return [.loadSessions(day: day, counter: counterID, offset: next)]
            }
            pendingSessions = nil
            all = Array(all.prefix(DeskState.maxSessions))
            sessions = all
            if let previous, let index = sessions.firstIndex(where: { $0.id == previous }) {
                selected = index
            } else {
                // The first session that has not ended yet.
                let nowText = Self.utcText(now)
                selected = sessions.firstIndex(where: { $0.endsAt > nowText }) ?? max(0, sessions.count - 1)
            }
            if sessions.isEmpty { status = [StatusLine(DeskText.noSessions, .warning)] }
            return session.map { [.loadRoster(session: $0.id)] } ?? []
        case .roster(.success(let page)):
            guard page.session.id == session?.id else { break }
            var loaded = page
            if let pending = pendingRoster, pending.session.id == page.session.id {
                // A reload may start while pages are read: a booking is one line, however often it came.
                loaded.entries = pending.entries.filter { old in !page.entries.contains { $0.bookingId == old.bookingId } }
                    + page.entries
            }
            // A long roster comes in pages: follow `next` (a bounded number of lines).
            if let next = page.next, loaded.entries.count < DeskState.maxRosterLines {
                pendingRoster = loaded
                return [.loadRoster(session: page.session.id, offset: next)]
            }
            pendingRoster = nil
            loaded.next = nil
            roster = loaded
            if let index = sessions.firstIndex(where: { $0.id == loaded.session.id }) { sessions[index] = loaded.session }
        case .counters(.failure(let error)), .systemInfo(.failure(let error)), .subscribed(.failure(let error)),
             .sessions(.failure(let error)), .roster(.failure(let error)):
            status = [StatusLine(DutchMessages.sentence(for: error), .bad)]
        case .booking(let key, let result):
            return bookingAnswered(key: key, result)
        case .cancellation(let key, let result):
            guard case .sending(let pending) = phase, pending.key == key else { return [] }
            phase = .ready
            switch result {
            case .success(let cancelled):
                lastAction = nil
                status = [StatusLine("AFGEMELD: \(cancelled.clientNumber ?? "")", .good)]
                    + cancelled.changes.filter { $0.state == .booked }.map {
                        StatusLine("Van de wachtlijst: \($0.clientNumber)", .good)
                    }
            case .failure(let error):
                status = [StatusLine("NIET AFGEMELD: \(DutchMessages.sentence(for: error))", .bad)]
            }
            return session.map { [.loadRoster(session: $0.id)] } ?? []
        case .reverse(let key, let result):
            guard case .sending(let pending) = phase, pending.key == key else { return [] }
            phase = .ready
            switch result {
            case .success(let reversal):
                lastAction = nil
                status = [StatusLine("TERUGGEDRAAID: \((try? reversal.refundedToWallet.adding(reversal.refundedToOwn))?.formatted(unit) ?? "") terug", .good)]
            case .failure(let error):
                status = [StatusLine("NIET TERUGGEDRAAID: \(DutchMessages.sentence(for: error))", .bad)]
            }
        case .products, .subscribed(.success), .charge:
            break
        }
        return []
    }

    private mutating func bookingAnswered(key: String, _ result: Result<BookingInfo, RPCError>) -> [KassaCommand] {
        guard case .sending(var pending) = phase, pending.key == key else { return [] }
        switch result {
        case .success(let booking):
            phase = .ready
            status = Self.bookingLines(booking)
            if !booking.alreadyPresent {
                lastAction = booking.state == .attended ? .checkIn(booking) : .booking(booking)
            }
        case .failure(let error) where error.code == RPCError.Code.unavailable:
            pending.awaitingReconnect = true
            phase = .sending(pending)
            status = [StatusLine(DeskText.interrupted, .warning)]
            return [.resetConnection]
        case .failure(let error):
            phase = .ready
            status = [StatusLine("GEWEIGERD: \(DutchMessages.sentence(for: error))", .bad)]
        }
        return session.map { [.loadRoster(session: $0.id)] } ?? []
    }

    static func bookingLines(_ booking: BookingInfo) -> [StatusLine] {
        let who = "\(booking.clientName) (\(booking.clientNumber))"
        var lines: [StatusLine]
        switch booking.state {
        case .attended where booking.alreadyPresent:
            lines = [StatusLine("AL AANWEZIG: \(who), niets nieuw geboekt", .good)]
        case .attended:
            lines = [StatusLine("AANWEZIG: \(who)", .good)]
            let paid = (try? booking.held.adding(booking.heldOwn)) ?? booking.held
            lines.append(StatusLine(paid.minorUnits > 0 ? "Afgerekend: \(paid.formatted(booking.unit))" : "Gratis activiteit"))
        case .booked:
            lines = [StatusLine("GEBOEKT: \(who)", .good),
                     StatusLine("Vastgehouden: \(booking.held.formatted(booking.unit))")]
        case .waiting:
            lines = [StatusLine("WACHTLIJST: \(who), plaats \(booking.position ?? 0)", .warning)]
        default:
            lines = [StatusLine("\(who): \(DeskText.state(booking.state, position: booking.position).0)")]
        }
        lines.append(KassaLayout.balanceLine(booking.balance, light: booking.light, unit: booking.unit))
        return lines
    }

    // MARK: Connection and time

    mutating func handleConnection(_ change: ConnectionEvent) -> [KassaCommand] {
        switch change {
        case .connecting(let attempt):
            if case .connected = connection { return [] }
            connection = .connecting(attempt: attempt)
            return []
        case .down(let reason):
            connection = .disconnected(reason: reason)
            reader = .unknown
            if case .sending(var pending) = phase {
                pending.awaitingReconnect = true
                phase = .sending(pending)
                status = [StatusLine(DeskText.interrupted, .warning)]
            }
            return []
        case .up:
            connection = .connected
            pendingSessions = nil
            var commands: [KassaCommand] = [
                .subscribe(topics: KassaCommand.deskTopics, counter: counterID), .loadSystemInfo, .loadCounters,
                loadToday,
            ]
            if case .sending(var pending) = phase {
                pending.awaitingReconnect = false
                pending.sentAt = now
                phase = .sending(pending)
                commands.append(pending.command)
            }
            return commands
        }
    }

    mutating func handleTick(_ date: Date) -> [KassaCommand] {
        now = date
        let today = Self.dayText(date, timeZone: config.timeZone)
        var commands: [KassaCommand] = []
        if today != day {
            day = today
            sessions = []
            roster = nil
            pendingSessions = nil
            pendingRoster = nil
            if isConnected { commands.append(loadToday) }
        }
        if case .sending(var pending) = phase, !pending.awaitingReconnect,
           date.timeIntervalSince(pending.sentAt) > Double(config.requestTimeoutMilliseconds) / 1000 {
            pending.awaitingReconnect = true
            phase = .sending(pending)
            status = [StatusLine(DeskText.interrupted, .warning)]
            commands.append(.resetConnection)
        }
        return commands
    }

    /// A UTC timestamp as the wire writes them, for comparing with `endsAt`.
    static func utcText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.000Z", p.year ?? 0, p.month ?? 0, p.day ?? 0,
                      p.hour ?? 0, p.minute ?? 0, p.second ?? 0)
    }
}
