import PasjesKassa
import PasjesMoney
import PasjesProtocol
import Testing

@Suite("Paying with a tap")
struct KassaPaymentTests {
    @Test func tapPaysTheBasketWithTokenAndBasketKey() {
        var state = Fixture.connectedState()
        state.press("113")
        let commands = state.send(.tap(Fixture.tap(token: "tok-42")))
        let expected = ChargeRequest(idempotencyKey: Fixture.key1, counter: Fixture.counter,
                                     items: [SaleItem(product: "KOF", quantity: 2), SaleItem(product: "APT", quantity: 1)],
                                     tapToken: "tok-42")
        #expect(commands == [.charge(expected)])
        #expect(state.status == .charging)
        #expect(state.chargeInFlight?.request == expected)
        #expect(expected.params.tapToken == "tok-42")
        #expect(expected.params.idempotencyKey == Fixture.key1)
    }

    @Test func resultStaysUntilTheNextAction() {
        var state = Fixture.connectedState()
        state.press("1")
        _ = state.send(.tap(Fixture.tap()))
        let sale = Fixture.sale(total: 120, own: 20)
        _ = state.send(.reply(.charge(key: Fixture.key1, .success(sale))))
        #expect(state.status == .paid(sale))
        #expect(state.basket.isEmpty)
        #expect(state.basket.idempotencyKey == nil)
        #expect(state.lastSale == sale)
        #expect(state.sessionSales == 1)
        #expect(state.sessionTotal == Amount(120))
        _ = state.send(.tick(Fixture.start.addingTimeInterval(60)))
        #expect(state.status == .paid(sale), "time alone does not clear the result")
        state.press("2")
        #expect(state.status == .tapPrompt)
        #expect(state.basket.idempotencyKey == Fixture.key2, "a completed sale renews the key")
    }

    @Test func paidScreenShowsBudgetOwnMoneyBalanceAndLight() {
        var state = Fixture.connectedState()
        state.status = .paid(Fixture.sale(total: 360, own: 160))
        let text = KassaLayout.statusLines(state).map(\.text).joined(separator: "\n")
        #expect(text.contains("BETAALD  Daniëlle Çelik (1001)"))
        #expect(text.contains("Bedrag € 3,60"))
        #expect(text.contains("uit budget € 2,00"))
        #expect(text.contains("eigen bijdrage € 1,60"))
        #expect(text.contains("Saldo € 37,60   [GROEN]"))
    }

    @Test(arguments: [
        ("insufficient_funds", Reason.insufficientFunds.message), ("card_blocked", Reason.cardBlocked.message),
        ("category_not_allowed", Reason.categoryNotAllowed.message), ("not_personal_budget", Reason.notPersonalBudget.message),
        ("tap_token_expired", Reason.tapTokenExpired.message), ("storage_full", Reason.storageFull.message),
    ])
    func declineKeepsBasketAndSaysWhyInDutch(reason: String, sentence: String) {
        var state = Fixture.connectedState()
        state.press("13")
        let basketBefore = state.basket
        _ = state.send(.tap(Fixture.tap()))
        _ = state.send(.reply(.charge(key: Fixture.key1, .failure(Fixture.refusal(reason)))))
        #expect(state.phase == .ready)
        #expect(state.basket == basketBefore, "the basket (and its key) stay for the cashier to change")
        #expect(state.status == .declined(reason: reason, message: "Geweigerd door pasjesd"))
        let first = KassaLayout.statusLines(state).first?.text
        #expect(first == "NIET BETAALD: \(sentence)")
        #expect(state.sessionSales == 0)
        #expect(state.lastSale == nil)
    }

    /// A full disk: nothing to change in the basket; the same basket pays once there is room.
    @Test func aFullDiskSaysSoAndTheSameBasketPaysWithTheNextTap() {
        var state = Fixture.connectedState()
        state.press("1")
        _ = state.send(.tap(Fixture.tap(token: "tok-1")))
        _ = state.send(.reply(.charge(key: Fixture.key1, .failure(Fixture.refusal("storage_full")))))
        let lines = KassaLayout.statusLines(state).map(\.text)
        #expect(lines.first == "NIET BETAALD: De schijf van de kassacomputer is vol: er is niets geboekt. Waarschuw de beheerder.")
        #expect(lines.last == "Zodra de beheerder ruimte heeft gemaakt, kunt u gewoon verder: laat de pas opnieuw aanbieden.")
        let commands = state.send(.tap(Fixture.tap(token: "tok-2")))
        #expect(commands == [.charge(ChargeRequest(idempotencyKey: Fixture.key1, counter: Fixture.counter,
                                                   items: [SaleItem(product: "KOF", quantity: 1)], tapToken: "tok-2"))])
    }

    @Test func unknownReasonShowsTheDaemonsDutchMessage() {
        #expect(DutchMessages.sentence(forReason: "something_new", message: "Iets nieuws ging mis") == "Iets nieuws ging mis")
    }

    @Test func afterDeclineChangedBasketPaysWithNextTap() {
        var state = Fixture.connectedState()
        state.press("13")
        _ = state.send(.tap(Fixture.tap(token: "tok-1")))
        _ = state.send(.reply(.charge(key: Fixture.key1, .failure(Fixture.refusal("insufficient_funds")))))
        _ = state.send(.key(.backspace))
        #expect(state.status == .tapPrompt)
        let commands = state.send(.tap(Fixture.tap(token: "tok-2")))
        #expect(commands == [.charge(ChargeRequest(idempotencyKey: Fixture.key1, counter: Fixture.counter,
                                                   items: [SaleItem(product: "KOF", quantity: 1)], tapToken: "tok-2"))])
    }

    @Test func blockedCardIsRefusedAndBasketKept() {
        var state = Fixture.connectedState()
        state.press("1")
        let tap = Fixture.tap(state: "blocked", reason: "card_blocked", message: "Pas geblokkeerd")
        let commands = state.send(.tap(tap))
        #expect(commands.isEmpty)
        #expect(state.status == .cardRefused(tap))
        #expect(state.basket.lines.count == 1)
        let lines = KassaLayout.statusLines(state).map(\.text)
        #expect(lines.first == "PAS GEWEIGERD: Deze pas is geblokkeerd.")
    }

    @Test func emptyBasketTapShowsBalanceAndLight() {
        var state = Fixture.connectedState()
        let tap = Fixture.tap()
        let commands = state.send(.tap(tap))
        #expect(commands.isEmpty, "no charge without a basket")
        #expect(state.status == .balance(tap))
        let lines = KassaLayout.statusLines(state).map(\.text)
        #expect(lines[0] == "Saldo van Daniëlle Çelik (1001)")
        #expect(lines[1] == "Saldo € 41,20   [GROEN]")
    }

    @Test func tapAtAnotherCounterIsIgnored() {
        var state = Fixture.connectedState()
        state.press("1")
        #expect(state.send(.tap(Fixture.tap(counter: "dagbesteding"))).isEmpty)
        #expect(state.phase == .ready)
    }

    @Test func keysAndTapsWaitWhileAChargeIsOut() {
        var state = Fixture.connectedState()
        state.press("1")
        _ = state.send(.tap(Fixture.tap(token: "tok-1")))
        let before = state
        state.press("2+q")
        _ = state.send(.key(.escape))
        #expect(state.send(.tap(Fixture.tap(token: "tok-2"))).isEmpty)
        #expect(state == before, "nothing changes the basket under a charge in flight")
    }

    @Test func replayedSecondReplyIsNotCountedTwice() {
        var state = Fixture.connectedState()
        state.press("1")
        _ = state.send(.tap(Fixture.tap()))
        let sale = Fixture.sale(total: 120)
        _ = state.send(.reply(.charge(key: Fixture.key1, .success(sale))))
        _ = state.send(.reply(.charge(key: Fixture.key1, .success(Fixture.sale(total: 120, replayed: true)))))
        #expect(state.sessionSales == 1)
        #expect(state.sessionTotal == Amount(120))
        #expect(state.status == .paid(sale))
    }

    @Test func saleCompletedEventBecomesTheLastSaleOfThisCounterOnly() {
        var state = Fixture.connectedState()
        _ = state.send(.saleCompleted(Fixture.sale(id: "elsewhere", counter: "dagbesteding")))
        #expect(state.lastSale == nil)
        _ = state.send(.saleCompleted(Fixture.sale(id: "other-till")))
        #expect(state.lastSale?.saleId == "other-till")
        #expect(state.sessionSales == 0, "only this terminal's own sales are counted")
    }
}
