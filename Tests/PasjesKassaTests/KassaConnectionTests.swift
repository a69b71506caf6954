import Foundation
import PasjesKassa
import PasjesMoney
import PasjesProtocol
import Testing

@Suite("Connection, retries and readers")
struct KassaConnectionTests {
    @Test func connectingAsksForEverythingAndSubscribesFirst() {
        var state = KassaState(counterID: Fixture.counter, keys: .sequence(next: 1))
        let commands = state.send(.connection(.up))
        #expect(commands == [.subscribe(topics: [.cardTapped, .readerChanged, .saleCompleted, .saleReversed, .syncChanged],
                                        counter: Fixture.counter),
                             .loadSystemInfo, .loadCounters, .loadProducts(counter: Fixture.counter)])
        #expect(state.connection == .connected)
    }

    @Test func reconnectDuringPaymentRetriesWithTheSameKeyAndToken() {
        var state = Fixture.connectedState()
        state.press("13")
        guard case .charge(let first)? = state.send(.tap(Fixture.tap(token: "tok-7"))).first else {
            Issue.record("no charge sent"); return
        }
        _ = state.send(.connection(.down(reason: "pasjesd heeft de verbinding gesloten")))
        #expect(state.status == .chargeInterrupted)
        #expect(state.connection == .disconnected(reason: "pasjesd heeft de verbinding gesloten"))
        #expect(state.chargeInFlight?.awaitingReconnect == true)
        let lines = KassaLayout.statusLines(state).map(\.text)
        #expect(lines[0] == "Verbinding verbroken tijdens de betaling.")
        _ = state.send(.connection(.connecting(attempt: 1)))
        #expect(state.send(.key(.escape)).isEmpty)
        #expect(state.basket.lines.count == 2, "the basket cannot be cleared while the charge is undecided")
        let commands = state.send(.connection(.up))
        #expect(commands.first == .subscribe(topics: KassaCommand.kassaTopics, counter: Fixture.counter))
        #expect(commands.last == .charge(first))
        guard case .charge(let retry)? = commands.last else { return }
        #expect(retry.idempotencyKey == Fixture.key1)
        #expect(retry.tapToken == "tok-7")
        #expect(retry == first)
        #expect(state.chargeInFlight?.attempts == 2)
    }

    @Test func bothAnswersAfterARetryBookAndCountOnce() {
        var state = Fixture.connectedState()
        state.press("1")
        _ = state.send(.tap(Fixture.tap()))
        _ = state.send(.connection(.down(reason: "weg")))
        _ = state.send(.connection(.up))
        let sale = Fixture.sale(total: 120, replayed: true)
        _ = state.send(.reply(.charge(key: Fixture.key1, .success(sale))))
        _ = state.send(.reply(.charge(key: Fixture.key1, .success(sale))))
        _ = state.send(.saleCompleted(sale))
        #expect(state.sessionSales == 1)
        #expect(state.sessionTotal == Amount(120))
        #expect(state.countedSales == [sale.saleId])
    }

    @Test func timeoutResetsConnectionAndResendsSameCharge() {
        var state = Fixture.connectedState()
        state.press("1")
        _ = state.send(.tap(Fixture.tap()))
        #expect(state.send(.tick(Fixture.start.addingTimeInterval(2))).isEmpty)
        #expect(state.send(.tick(Fixture.start.addingTimeInterval(9))) == [.resetConnection])
        #expect(state.send(.tick(Fixture.start.addingTimeInterval(10))).isEmpty, "reset asked once")
        _ = state.send(.connection(.down(reason: "reset")))
        let commands = state.send(.connection(.up))
        guard case .charge(let retry)? = commands.last else { Issue.record("no retry"); return }
        #expect(retry.idempotencyKey == Fixture.key1)
    }

    @Test func unavailableAnswerIsRetriedNotDeclined() {
        var state = Fixture.connectedState()
        state.press("1")
        _ = state.send(.tap(Fixture.tap()))
        let commands = state.send(.reply(.charge(key: Fixture.key1, .failure(.unavailable("shutting down")))))
        #expect(commands == [.resetConnection])
        #expect(state.chargeInFlight != nil)
        #expect(state.basket.lines.count == 1)
    }

    @Test func reversalIsRetriedWithItsKeyAfterReconnect() {
        var state = Fixture.connectedState()
        state.press("1")
        _ = state.send(.tap(Fixture.tap()))
        _ = state.send(.reply(.charge(key: Fixture.key1, .success(Fixture.sale(total: 120)))))
        state.press("u")
        guard case .reverse(let first)? = state.send(.key(.character("j"))).first else { Issue.record("no reverse"); return }
        _ = state.send(.connection(.down(reason: "weg")))
        #expect(state.send(.connection(.up)).last == .reverse(first))
    }

    @Test func chargeTappedWhileDisconnectedGoesOutOnReconnect() {
        var state = Fixture.connectedState()
        state.press("1")
        _ = state.send(.connection(.down(reason: "weg")))
        #expect(state.send(.tap(Fixture.tap())).isEmpty)
        guard case .charge(let request)? = state.send(.connection(.up)).last else { Issue.record("no charge"); return }
        #expect(request.idempotencyKey == Fixture.key1)
    }

    @Test func readerDownAndBackShowsInHeader() {
        var state = Fixture.connectedState()
        #expect(state.reader == .present(name: "ACS ACR122U 00 00"))
        _ = state.send(.readerChanged(ReaderChangedEvent(reader: "ACS ACR122U 00 00", state: .absent,
                                                         counter: Fixture.counter, at: "t")))
        #expect(state.reader == .absent)
        var header = KassaLayout.frame(for: state, size: .minimum).lines[0]
        #expect(header.contains("Lezer: UIT"))
        _ = state.send(.readerChanged(ReaderChangedEvent(reader: nil, state: .serviceDown, counter: nil, at: "t")))
        #expect(state.reader == .serviceDown)
        header = KassaLayout.frame(for: state, size: .minimum).lines[0]
        #expect(header.contains("Lezer: DIENST UIT"))
        #expect(state.send(.readerChanged(ReaderChangedEvent(reader: nil, state: .serviceUp, counter: nil, at: "t")))
                == [.loadSystemInfo])
        _ = state.send(.readerChanged(ReaderChangedEvent(reader: "ACS ACR122U 00 00", state: .present,
                                                         counter: Fixture.counter, at: "t")))
        #expect(KassaLayout.frame(for: state, size: .minimum).lines[0].contains("Lezer: AAN"))
    }

    @Test func readerOfAnotherCounterDoesNotCount() {
        var state = Fixture.connectedState()
        _ = state.send(.readerChanged(ReaderChangedEvent(reader: "Other", state: .absent, counter: "dagbesteding", at: "t")))
        #expect(state.reader == .present(name: "ACS ACR122U 00 00"))
    }

    @Test func systemInfoOnReconnectSetsReaderState() {
        var state = Fixture.connectedState()
        _ = state.send(.reply(.systemInfo(.success(Fixture.systemInfo(readerPresent: false)))))
        #expect(state.reader == .absent)
        _ = state.send(.reply(.systemInfo(.success(Fixture.systemInfo(readerPresent: true, service: false)))))
        #expect(state.reader == .serviceDown)
    }

    @Test func daemonGoneShowsInHeaderAndTapPrompt() {
        var state = Fixture.connectedState()
        state.press("1")
        _ = state.send(.connection(.down(reason: "weg")))
        let frame = KassaLayout.frame(for: state, size: .minimum)
        #expect(frame.lines[0].contains("pasjesd: GEEN VERBINDING"))
        #expect(frame.lines[0].contains("Lezer: ONBEKEND"))
        _ = state.send(.connection(.connecting(attempt: 2)))
        #expect(KassaLayout.frame(for: state, size: .minimum).lines[0].contains("pasjesd: POGING 3"))
    }

    @Test func unknownCounterIsReported() {
        var state = Fixture.connectedState()
        _ = state.send(.reply(.counters(.success([]))))
        #expect(state.status == .problem("Kassa 'rest' is niet bekend bij pasjesd. Controleer --counter."))
    }

    @Test func backoffDoublesAndIsCapped() {
        #expect(ReconnectBackoff.delayMilliseconds(attempt: 0) == 0)
        #expect(ReconnectBackoff.delayMilliseconds(attempt: 1) == 100)
        #expect(ReconnectBackoff.delayMilliseconds(attempt: 2) == 200)
        #expect(ReconnectBackoff.delayMilliseconds(attempt: 5) == 1_600)
        #expect(ReconnectBackoff.delayMilliseconds(attempt: 6) == 2_000)
        #expect(ReconnectBackoff.delayMilliseconds(attempt: 1_000) == 2_000)
    }
}
