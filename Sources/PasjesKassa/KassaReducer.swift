import Foundation
import PasjesMoney
import PasjesProtocol

/// Applies `event` to `state` and returns what must be sent or done. Pure: no I/O, no clock,
/// no randomness except through `state.keys`.
public func reduce(_ state: inout KassaState, _ event: KassaEvent) -> [KassaCommand] {
    switch event {
    case .key(let key):
        return state.handleKey(key)
    case .tap(let tap):
        return state.handleTap(tap)
    case .readerChanged(let change):
        return state.handleReaderChanged(change)
    case .saleCompleted(let sale):
        state.handleSaleCompleted(sale)
        return []
    case .saleReversed(let reversal):
        if state.lastSale?.saleId == reversal.saleId { state.lastSale = nil }
        return []
    case .activityChanged:
        return []  // the activity desk's (see DeskReducer)
    case .syncChanged(let sync):
        state.sync = sync
        return []
    case .reply(let reply):
        return state.handleReply(reply)
    case .connection(let change):
        return state.handleConnection(change)
    case .tick(let date):
        return state.handleTick(date)
    }
}

extension KassaState {
    /// The status to fall back to when nothing else is to be shown.
    var idleStatus: KassaStatus { basket.isEmpty ? .welcome : .tapPrompt }

    var isConnected: Bool { connection == .connected }

    // MARK: Keys

    mutating func handleKey(_ key: KassaKey) -> [KassaCommand] {
        switch phase {
        case .confirmQuit:
            if key.isYes { return [.quit] }
            if key.isNo {
                phase = .ready
                status = idleStatus
            }
            return []
        case .confirmUndo(let sale):
            if key.isYes { return startReverse(sale) }
            if key.isNo {
                phase = .ready
                status = .notice(DutchMessages.undoCancelled)
            }
            return []
        case .charging, .reversing:
            // The basket must not change under a request in flight: its answer decides whether
            // the basket was paid. Ctrl-C still works (handled outside the state machine).
            return []
        case .ready:
            editBasket(key)
            return []
        }
    }

    private mutating func editBasket(_ key: KassaKey) {
        switch key {
        case .character(let character):
            switch character {
            case "u", "U":
                if let sale = lastSale {
                    phase = .confirmUndo(sale)
                    status = .confirmUndo
                } else {
                    status = .notice(DutchMessages.nothingToUndo)
                }
            case "q", "Q":
                phase = .confirmQuit
                status = .confirmQuit
            case "+":
                changeSelected(by: 1)
            case "-":
                changeSelected(by: -1)
            default:
                if let entry = menu.first(where: { $0.hotkey == character }) {
                    addToBasket(entry.product)
                }
            }
        case .backspace:
            guard let index = basket.selected else {
                status = .notice(DutchMessages.basketEmpty)
                return
            }
            basket.removeLine(at: index)
            basketChanged()
        case .escape:
            let hadItems = !basket.isEmpty
            basket = Basket()
            status = hadItems ? .notice(DutchMessages.basketCleared) : .welcome
        case .up:
            basket.moveSelection(by: -1)
        case .down:
            basket.moveSelection(by: 1)
        case .enter:
            break
        }
    }

    private mutating func addToBasket(_ product: ProductInfo) {
        do {
            try basket.add(product, config: config)
            basketChanged()
        } catch {
            status = .notice(DutchMessages.refusal(error))
        }
    }

    private mutating func changeSelected(by delta: Int64) {
        guard let index = basket.selected else {
            status = .notice(DutchMessages.pickFirst)
            return
        }
        do {
            try basket.changeQuantity(at: index, by: delta, config: config)
            basketChanged()
        } catch {
            status = .notice(DutchMessages.refusal(error))
        }
    }

    /// Keeps the one-key-per-basket rule: a key appears with the first item and goes with the last.
    private mutating func basketChanged() {
        if basket.isEmpty {
            basket.idempotencyKey = nil
        } else if basket.idempotencyKey == nil {
            basket.idempotencyKey = keys.make()
        }
        status = idleStatus
    }

    // MARK: Taps

    mutating func handleTap(_ tap: CardTappedEvent) -> [KassaCommand] {
        guard tap.counter == counterID, phase == .ready else { return [] }
        guard tap.cardState == "active" else {
            status = .cardRefused(tap)
            return []
        }
        if basket.isEmpty {
            status = .balance(tap)
            return []
        }
        guard let token = tap.tapToken, let key = basket.idempotencyKey else {
            status = .declined(reason: tap.reason ?? "no_tap_token", message: tap.message)
            return []
        }
        let request = ChargeRequest(idempotencyKey: key, counter: counterID, items: basket.saleItems,
                                    tapToken: token)
        var pending = PendingCharge(request: request, clientName: tap.clientName, sentAt: now)
        status = .charging
        guard isConnected else {
            pending.awaitingReconnect = true
            phase = .charging(pending)
            return []
        }
        phase = .charging(pending)
        return [.charge(request)]
    }

    // MARK: Undo

    private mutating func startReverse(_ sale: SaleResult) -> [KassaCommand] {
        let request = ReverseRequest(idempotencyKey: keys.make(), saleId: sale.saleId,
                                     reason: DutchMessages.reverseReason)
        var pending = PendingReverse(request: request, sale: sale, sentAt: now)
        status = .reversing
        guard isConnected else {
            pending.awaitingReconnect = true
            phase = .reversing(pending)
            return []
        }
        phase = .reversing(pending)
        return [.reverse(request)]
    }

    // MARK: Events from the daemon

    mutating func handleReaderChanged(_ change: ReaderChangedEvent) -> [KassaCommand] {
        switch change.state {
        case .serviceDown:
            reader = .serviceDown
        case .serviceUp:
            // Which readers are there now is only known by asking.
            reader = .unknown
            return isConnected ? [.loadSystemInfo] : []
        case .present:
            if change.counter == counterID { reader = .present(name: change.reader ?? "") }
        case .absent:
            if change.counter == counterID || (change.reader != nil && reader == .present(name: change.reader!)) {
                reader = .absent
            }
        }
        return []
    }

    mutating func handleSaleCompleted(_ sale: SaleResult) {
        // Another terminal at this counter may sell too: "the last sale of this counter" is
        // whichever came last. Only our own replies are counted in the session totals.
        guard sale.counter == counterID else { return }
        lastSale = sale
    }

    // MARK: Replies

    mutating func handleReply(_ reply: KassaReply) -> [KassaCommand] {
        switch reply {
        case .counters(.success(let counters)):
            counterName = counters.first(where: { $0.id == counterID })?.name
            if counterName == nil { status = .problem(DutchMessages.unknownCounter(counterID)) }
        case .counters(.failure(let error)), .products(.failure(let error)),
             .systemInfo(.failure(let error)), .subscribed(.failure(let error)):
            status = .problem(DutchMessages.sentence(for: error))
        case .products(.success(let products)):
            applyMenu(products)
        case .systemInfo(.success(let info)):
            if let known = info.unit { unit = known }
            reader = Self.readerStatus(of: info, counter: counterID)
            sync = Self.syncStatus(of: info)
        case .subscribed(.success), .sessions, .roster, .booking, .cancellation:
            break  // the activity desk's answers
        case .charge(let key, let result):
            return chargeAnswered(key: key, result)
        case .reverse(let key, let result):
            return reverseAnswered(key: key, result)
        }
        return []
    }

    private mutating func applyMenu(_ products: [ProductInfo]) {
        let active = products.filter(\.active)
        menu = zip(KassaHotkeys.all, active).map { MenuEntry(hotkey: $0, product: $1) }
        // Show the daemon's current price for what is already in the basket.
        for index in basket.lines.indices {
            if let fresh = active.first(where: { $0.code == basket.lines[index].product.code }) {
                basket.lines[index].product = fresh
            }
        }
        if active.isEmpty, status == .welcome { status = .problem(DutchMessages.noProducts) }
    }

    static func readerStatus(of info: SystemInfo, counter: String) -> ReaderStatus {
        guard info.readerService ?? false else { return .serviceDown }
        let ours = (info.readers ?? []).filter { $0.counter == counter }
        if let present = ours.first(where: { $0.state == .present }) { return .present(name: present.name) }
        return .absent
    }

    /// A node's sync state; nil for an embedded pasjesd (no `central`). A node that does not
    /// tell its queue is taken at its state with an empty one.
    static func syncStatus(of info: SystemInfo) -> SyncInfo? {
        guard let central = info.central else { return nil }
        return central.sync ?? SyncInfo(node: central.node, state: central.state, offlineSince: nil, queuedCount: 0,
                                        queuedAmount: 0, oldestAgeSeconds: nil, totalLeft: nil, limits: nil)
    }

    private mutating func chargeAnswered(key: String, _ result: Result<SaleResult, RPCError>) -> [KassaCommand] {
        // Only the answer for the charge in flight counts. A second answer for the same key
        // (after a re-send the daemon replays the first result) finds no charge in flight.
        guard case .charging(var pending) = phase, pending.request.idempotencyKey == key else { return [] }
        switch result {
        case .success(let sale):
            if countedSales.insert(sale.saleId).inserted {
                sessionSales += 1
                sessionTotal = (try? sessionTotal.adding(sale.total)) ?? sessionTotal
            }
            lastSale = sale
            basket = Basket()
            phase = .ready
            status = .paid(sale)
        case .failure(let error) where error.code == RPCError.Code.unavailable:
            // Nothing refused: the daemon is going away. Re-send with the same key once back.
            pending.awaitingReconnect = true
            phase = .charging(pending)
            status = .chargeInterrupted
            return [.resetConnection]
        case .failure(let error):
            phase = .ready
            status = .declined(reason: error.reason, message: error.message)
        }
        return []
    }

    private mutating func reverseAnswered(key: String, _ result: Result<ReversalResult, RPCError>) -> [KassaCommand] {
        guard case .reversing(var pending) = phase, pending.request.idempotencyKey == key else { return [] }
        switch result {
        case .success(let reversal):
            if countedSales.remove(reversal.saleId) != nil {
                sessionSales -= 1
                sessionTotal = (try? sessionTotal.subtracting(pending.sale.total)) ?? sessionTotal
            }
            if lastSale?.saleId == reversal.saleId { lastSale = nil }
            phase = .ready
            status = .reversed(reversal, clientName: pending.sale.clientName)
        case .failure(let error) where error.code == RPCError.Code.unavailable:
            pending.awaitingReconnect = true
            phase = .reversing(pending)
            return [.resetConnection]
        case .failure(let error):
            if error.reason == "already_reversed", lastSale?.saleId == pending.sale.saleId { lastSale = nil }
            phase = .ready
            status = .reverseRefused(reason: error.reason, message: error.message)
        }
        return []
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
            sync = nil  // system.info tells it again after the reconnect
            switch phase {
            case .charging(var pending):
                pending.awaitingReconnect = true
                phase = .charging(pending)
                status = .chargeInterrupted
            case .reversing(var pending):
                pending.awaitingReconnect = true
                phase = .reversing(pending)
            default:
                break
            }
            return []
        case .up:
            connection = .connected
            // Subscribe first so no tap is missed, then learn the world again, then re-send
            // whatever was in flight with the very same key (the daemon books it once).
            var commands: [KassaCommand] = [
                .subscribe(topics: KassaCommand.kassaTopics, counter: counterID),
                .loadSystemInfo, .loadCounters, .loadProducts(counter: counterID),
            ]
            switch phase {
            case .charging(var pending):
                pending.awaitingReconnect = false
                pending.attempts += 1
                pending.sentAt = now
                phase = .charging(pending)
                commands.append(.charge(pending.request))
            case .reversing(var pending):
                pending.awaitingReconnect = false
                pending.sentAt = now
                phase = .reversing(pending)
                commands.append(.reverse(pending.request))
            default:
                break
            }
            return commands
        }
    }

    mutating func handleTick(_ date: Date) -> [KassaCommand] {
        now = date
        let limit = Double(config.requestTimeoutMilliseconds) / 1000
        switch phase {
        case .charging(var pending) where !pending.awaitingReconnect && date.timeIntervalSince(pending.sentAt) > limit:
            // No answer in time: the connection may be wedged. Drop it; on reconnect the same
            // charge goes out again with the same key.
            pending.awaitingReconnect = true
            phase = .charging(pending)
            status = .chargeInterrupted
            return [.resetConnection]
        case .reversing(var pending) where !pending.awaitingReconnect && date.timeIntervalSince(pending.sentAt) > limit:
            pending.awaitingReconnect = true
            phase = .reversing(pending)
            return [.resetConnection]
        default:
            return []
        }
    }
}

extension KassaKey {
    var isYes: Bool { self == .character("j") || self == .character("J") }
    var isNo: Bool { self == .character("n") || self == .character("N") || self == .escape }
}

/// The keys that add products: 1–9, then a–z without the command letters.
public enum KassaHotkeys {
    /// Letters with another meaning: `q` quits, `u` undoes; `j`/`n` only answer questions.
    public static let reserved: Set<Character> = ["q", "u"]
    /// All hotkeys in menu order (33).
    public static let all: [Character] =
        Array("123456789") + Array("abcdefghijklmnopqrstuvwxyz").filter { !reserved.contains($0) }
}
