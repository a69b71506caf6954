import Foundation
import PasjesKassa
import PasjesMoney
import PasjesProtocol
import Testing

/// A node of several locations that lost the organisation's log: it sells under offline limits
/// and queues the sales. The screen says so (OFFLINE, the queue), marks an offline sale and its
/// balance, and shows the offline refusals in Dutch. An embedded pasjesd looks as before.
@Suite("Offline node")
struct KassaOfflineTests {
    static let sizes = [ScreenSize.minimum, ScreenSize(columns: 132, rows: 43)]
    static let limits = OfflineLimitsInfo(maxSale: 1_000, maxCardDay: 2_500, maxTotal: 10_000, maxAgeHours: 24)

    /// 10:02 UTC is 11:02 in Amsterdam on the fixture's day (2026-11-18, CET).
    static func sync(_ state: String, since: String? = "2026-11-18T10:02:00Z", queued: Int = 12, amount: Int64 = 1_840,
                     limits: OfflineLimitsInfo? = limits) -> SyncInfo {
        SyncInfo(node: "LOCA", state: state, offlineSince: state == "offline" ? since : nil, queuedCount: queued,
                 queuedAmount: amount, oldestAgeSeconds: queued > 0 ? 600 : nil,
                 totalLeft: limits.map { $0.maxTotal - amount }, limits: limits)
    }

    static func nodeInfo(_ sync: SyncInfo?, state: String = "online") -> SystemInfo {
        var info = Fixture.systemInfo(readerPresent: true)
        var central = CentralInfo(node: "LOCA", headOffice: false, state: state, appliedSeq: 40, logHeadSeq: 40,
                                  lagEntries: 0, lastContact: "2026-11-18T10:01:59Z")
        central.sync = sync
        info.central = central
        return info
    }

    static func offlineSale(total: Int64 = 360, own: Int64 = 160) -> SaleResult {
        var sale = Fixture.sale(total: total, own: own)
        sale.offline = true
        return sale
    }

    /// The separator between the basket and the status area (the row the sync state is on).
    static func separatorRow(_ size: ScreenSize) -> Int { size.rows - 1 - (size.rows >= 30 ? 7 : 5) - 1 }

    // MARK: The sync line

    @Test(arguments: sizes)
    func offlineIsShownWithTheQueue(size: ScreenSize) {
        var state = KassaLayoutTests.busyState()
        _ = state.send(.syncChanged(Self.sync("offline")))
        let frame = KassaLayout.frame(for: state, size: size)
        let row = frame.lines[Self.separatorRow(size)]
        #expect(row.contains("OFFLINE sinds 11:02 · 12 in wachtrij · € 18,40"), "\(row)")
        let text = frame.texts.first { $0.text.contains("OFFLINE") }
        #expect(text?.style == .alert, "OFFLINE stands out, not only by colour: it is a word")
        // Nothing else moved: the header and every product are still there.
        #expect(frame.lines[0].contains("pasjesd: VERBONDEN"))
        for entry in state.menu {
            #expect(frame.lines.contains { $0.contains("\(entry.hotkey) \(entry.product.name)") }, "\(entry.product.name)")
        }
    }

    @Test func offlineSinceAnotherDayNamesTheDay() {
        var state = Fixture.connectedState()
        _ = state.send(.syncChanged(Self.sync("offline", since: "2026-11-17T22:50:00Z")))
        let row = KassaLayout.frame(for: state, size: .minimum).lines[Self.separatorRow(.minimum)]
        #expect(row.contains("OFFLINE sinds 17-11 23:50 · 12 in wachtrij · € 18,40"), "\(row)")
    }

    @Test func offlineWithoutLimitsSaysSellingIsNotPossible() {
        var state = Fixture.connectedState()
        _ = state.send(.syncChanged(Self.sync("offline", queued: 0, amount: 0, limits: nil)))
        let row = KassaLayout.frame(for: state, size: .minimum).lines[Self.separatorRow(.minimum)]
        #expect(row.contains("OFFLINE sinds 11:02 · verkopen niet mogelijk"), "\(row)")
        #expect(!row.contains("wachtrij"))
    }

    @Test func onlineShowsTheQueueOnlyWhileItDrains() {
        var state = Fixture.connectedState()
        let row = Self.separatorRow(.minimum)
        _ = state.send(.syncChanged(Self.sync("online", queued: 3, amount: 360)))
        var line = KassaLayout.frame(for: state, size: .minimum).lines[row]
        #expect(line.contains("ONLINE · 3 in wachtrij"), "\(line)")
        #expect(!line.contains("OFFLINE"))
        _ = state.send(.syncChanged(Self.sync("online", queued: 0, amount: 0)))
        line = KassaLayout.frame(for: state, size: .minimum).lines[row]
        #expect(line.contains("ONLINE"))
        #expect(!line.contains("wachtrij"), "\(line)")
        let online = KassaLayout.frame(for: state, size: .minimum).texts.first { $0.text.contains("ONLINE") }
        #expect(online?.style == .good)
    }

    @Test func catchingUpAndALogForkSaySo() {
        var state = Fixture.connectedState()
        let row = Self.separatorRow(.minimum)
        _ = state.send(.syncChanged(Self.sync("catching_up", queued: 2, amount: 240)))
        #expect(KassaLayout.frame(for: state, size: .minimum).lines[row].contains("HAALT IN · 2 in wachtrij"))
        _ = state.send(.syncChanged(Self.sync("log_fork", queued: 0, amount: 0)))
        let fork = KassaLayout.frame(for: state, size: .minimum).lines[row]
        #expect(fork.contains("GESTOPT: logboek sluit niet aan · waarschuw de beheerder"), "\(fork)")
    }

    @Test(arguments: sizes)
    func anEmbeddedPasjesdLooksAsBefore(size: ScreenSize) {
        var state = KassaLayoutTests.busyState()
        _ = state.send(.reply(.systemInfo(.success(Fixture.systemInfo(readerPresent: true)))))
        let before = KassaLayout.frame(for: state, size: size)
        _ = state.send(.tick(Fixture.start.addingTimeInterval(0)))
        #expect(state.sync == nil)
        #expect(before.lines[Self.separatorRow(size)] == String(repeating: "─", count: size.columns))
        let screen = before.lines.joined(separator: "\n")
        #expect(!screen.contains("ONLINE") && !screen.contains("OFFLINE") && !screen.contains("wachtrij"))
    }

    @Test(arguments: sizes)
    func everyLineStillHasTheScreenWidth(size: ScreenSize) {
        var state = KassaLayoutTests.busyState()
        for sync in [Self.sync("offline", queued: 123_456, amount: 123_456_789),
                     Self.sync("offline", since: "2026-11-17T22:50:00Z"), Self.sync("online", queued: 3, amount: 360),
                     Self.sync("log_fork", queued: 0, amount: 0), Self.sync("catching_up", queued: 99_999, amount: 1)] {
            state.sync = sync
            for status in [KassaStatus.paid(Self.offlineSale()), .tapPrompt,
                           .declined(reason: "offline_limit", message: Self.limitMessage)] {
                state.status = status
                let frame = KassaLayout.frame(for: state, size: size)
                #expect(frame.lines.count == size.rows)
                for line in frame.lines { #expect(DisplayWidth.of(line) == size.columns) }
                for text in frame.texts {
                    #expect(text.column + DisplayWidth.of(text.text) <= size.columns, "\(text.text) runs off the screen")
                }
                #expect(frame.lines[Self.separatorRow(size)] != String(repeating: "─", count: size.columns))
            }
        }
    }

    @Test func aTooSmallWindowStillSaysOffline() {
        var state = Fixture.connectedState()
        _ = state.send(.syncChanged(Self.sync("offline")))
        let screen = KassaLayout.frame(for: state, size: ScreenSize(columns: 60, rows: 20)).lines.joined(separator: "\n")
        #expect(screen.contains("Venster te klein"))
        #expect(screen.contains("OFFLINE sinds 11:02"))
    }

    // MARK: A sale paid offline

    @Test(arguments: sizes)
    func aSalePaidOfflineSaysItIsProcessedLaterWithTheLastKnownBalance(size: ScreenSize) {
        var state = Fixture.connectedState()
        _ = state.send(.syncChanged(Self.sync("offline")))
        state.press("13")
        _ = state.send(.tap(Fixture.tap()))
        let sale = Self.offlineSale(total: 395, own: 0)
        _ = state.send(.reply(.charge(key: Fixture.key1, .success(sale))))
        #expect(state.status == .paid(sale))
        #expect(state.sessionSales == 1, "an offline sale is a sale")
        let lines = KassaLayout.statusLines(state).map(\.text)
        #expect(lines.first == "BETAALD  Daniëlle Çelik (1001)")
        #expect(lines.contains("Offline betaald: wordt later verwerkt"))
        #expect(lines.contains("Laatst bekend saldo € 37,25   [GROEN]"), "\(lines)")
        #expect(!lines.contains { $0.hasPrefix("Saldo ") })
        // Every line of it is on the screen, none cut.
        let screen = KassaLayout.frame(for: state, size: size).lines.joined(separator: "\n")
        for line in lines { #expect(screen.contains(line), "\(line)") }
    }

    @Test func aSalePaidOnlineIsShownAsBefore() {
        var state = Fixture.connectedState()
        var sale = Fixture.sale(total: 360, own: 160)
        sale.offline = false
        state.status = .paid(sale)
        let lines = KassaLayout.statusLines(state).map(\.text)
        #expect(lines.count == 3)
        #expect(lines.last == "Saldo € 37,60   [GROEN]")
        #expect(!lines.joined().contains("ffline"))
        #expect(!lines.joined().contains("aatst bekend"))
    }

    @Test func aBalanceTapWhileOfflineIsTheLastKnownOne() {
        var state = Fixture.connectedState()
        _ = state.send(.tap(Fixture.tap()))
        #expect(KassaLayout.statusLines(state).map(\.text).contains("Saldo € 41,20   [GROEN]"))
        _ = state.send(.syncChanged(Self.sync("offline")))
        _ = state.send(.tap(Fixture.tap()))
        #expect(KassaLayout.statusLines(state).map(\.text).contains("Laatst bekend saldo € 41,20   [GROEN]"))
    }

    // MARK: Offline refusals

    static let limitMessage = "Offline mag één verkoop hoogstens € 10,00 kosten."

    @Test(arguments: sizes)
    func anOfflineLimitShowsTheDaemonsSentenceNamingTheLimit(size: ScreenSize) {
        var state = Fixture.connectedState()
        _ = state.send(.syncChanged(Self.sync("offline")))
        state.press("33333")
        let basket = state.basket
        _ = state.send(.tap(Fixture.tap()))
        _ = state.send(.reply(.charge(key: Fixture.key1, .failure(Fixture.refusal("offline_limit", Self.limitMessage)))))
        #expect(state.basket == basket, "the basket stays: a smaller one may still be sold offline")
        #expect(state.sessionSales == 0)
        let lines = KassaLayout.statusLines(state).map(\.text)
        #expect(lines.first == "NIET BETAALD: \(Self.limitMessage)")
        #expect(lines.contains(where: { $0.hasPrefix("Het mandje blijft staan") }))
        #expect(!lines.joined().contains("Geweigerd (offline_limit)"))
        let screen = KassaLayout.frame(for: state, size: size).lines.joined(separator: "\n")
        #expect(screen.contains("hoogstens € 10,00"))
        #expect(screen.contains("OFFLINE sinds 11:02"))
    }

    @Test func refusalsWithoutTheDaemonsWordsStillSayWhatHappenedInDutch() {
        var state = Fixture.connectedState()
        for reason in ["offline_limit", "central_unavailable"] {
            state.status = .declined(reason: reason, message: nil)
            let first = KassaLayout.statusLines(state).first?.text ?? ""
            #expect(first.hasPrefix("NIET BETAALD: "))
            #expect(!first.contains(reason), "\(first)")
            #expect(first.contains("niets geboekt"), "\(first)")
        }
    }

    @Test func centralUnavailableShowsItsDutchMessage() {
        var state = Fixture.connectedState()
        _ = state.send(.syncChanged(Self.sync("offline", queued: 0, amount: 0, limits: nil)))
        state.press("1")
        _ = state.send(.tap(Fixture.tap()))
        let message = "De centrale administratie is niet bereikbaar; er is niets geboekt."
        _ = state.send(.reply(.charge(key: Fixture.key1, .failure(Fixture.refusal("central_unavailable", message)))))
        #expect(state.status == .declined(reason: "central_unavailable", message: message))
        let lines = KassaLayout.statusLines(state).map(\.text)
        #expect(lines.first == "NIET BETAALD: \(message)")
        #expect(lines.last == "Het mandje blijft staan: laat de pas later opnieuw aanbieden.")
        #expect(!state.basket.isEmpty)
    }
}
