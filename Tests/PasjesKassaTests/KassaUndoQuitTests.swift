import PasjesKassa
import PasjesMoney
import PasjesProtocol
import Testing

@Suite("Undo and quit")
struct KassaUndoQuitTests {
    static func stateAfterSale() -> (KassaState, SaleResult) {
        var state = Fixture.connectedState()
        state.press("11")
        _ = state.send(.tap(Fixture.tap()))
        let sale = Fixture.sale(total: 240)
        _ = state.send(.reply(.charge(key: Fixture.key1, .success(sale))))
        return (state, sale)
    }

    @Test func undoAsksThenReversesOnYes() {
        var (state, sale) = Self.stateAfterSale()
        #expect(state.send(.key(.character("u"))).isEmpty)
        #expect(state.phase == .confirmUndo(sale))
        let lines = KassaLayout.statusLines(state).map(\.text)
        #expect(lines[0] == "Laatste verkoop terugdraaien?")
        #expect(lines[1].hasPrefix("Daniëlle Çelik (1001)   € 2,40   om "))
        let commands = state.send(.key(.character("j")))
        let expected = ReverseRequest(idempotencyKey: Fixture.key2, saleId: sale.saleId, reason: "teruggedraaid aan de kassa")
        #expect(commands == [.reverse(expected)])
        #expect(state.status == .reversing)
        let reversal = ReversalResult(saleId: sale.saleId, reversalId: "rev-1", clientNumber: "1001", unit: .cents,
                                      refundedToWallet: Amount(240), refundedToOwn: .zero, balance: Amount(4120),
                                      light: .green, replayed: false)
        _ = state.send(.reply(.reverse(key: Fixture.key2, .success(reversal))))
        #expect(state.status == .reversed(reversal, clientName: "Daniëlle Çelik"))
        #expect(state.lastSale == nil, "a sale is reversed at most once")
        #expect(state.sessionSales == 0)
        #expect(state.sessionTotal == .zero)
        let text = KassaLayout.statusLines(state).map(\.text)
        #expect(text[0] == "TERUGGEDRAAID  Daniëlle Çelik (1001)")
        #expect(text[1] == "Terug naar budget € 2,40   terug eigen bijdrage € 0,00")
    }

    @Test func capitalUAlsoUndoes() {
        var (state, sale) = Self.stateAfterSale()
        _ = state.send(.key(.character("U")))
        #expect(state.phase == .confirmUndo(sale))
    }

    @Test func undoCancelledWithNOrEscape() {
        var (state, sale) = Self.stateAfterSale()
        state.press("u")
        #expect(state.send(.key(.character("n"))).isEmpty)
        #expect(state.phase == .ready)
        #expect(state.lastSale == sale)
        state.press("u")
        #expect(state.send(.key(.escape)).isEmpty)
        #expect(state.phase == .ready)
        #expect(state.status == .notice("Terugdraaien geannuleerd."))
    }

    @Test func undoWithoutSaleSaysSo() {
        var state = Fixture.connectedState()
        state.press("u")
        #expect(state.phase == .ready)
        #expect(state.status == .notice("Er is nog geen verkoop om terug te draaien."))
    }

    @Test func tooLateShowsTheRefusalInDutch() {
        var (state, sale) = Self.stateAfterSale()
        state.press("u")
        _ = state.send(.key(.character("j")))
        let message = "De termijn om terug te draaien is voorbij (10 minuten)"
        _ = state.send(.reply(.reverse(key: Fixture.key2, .failure(Fixture.refusal("grace_period_over", message)))))
        #expect(state.phase == .ready)
        #expect(state.lastSale == sale)
        let lines = KassaLayout.statusLines(state).map(\.text)
        #expect(lines[0] == "NIET TERUGGEDRAAID: Te laat om terug te draaien: de termijn is voorbij. Vraag een beheerder.")
        #expect(lines[1] == "pasjesd: \(message)")
    }

    @Test func quitOnlyAfterConfirmation() {
        var state = Fixture.connectedState()
        #expect(state.send(.key(.character("q"))).isEmpty)
        #expect(state.phase == .confirmQuit)
        #expect(state.send(.key(.character("n"))).isEmpty)
        #expect(state.phase == .ready)
        _ = state.send(.key(.character("Q")))
        #expect(state.send(.key(.character("x"))).isEmpty, "other keys keep asking")
        #expect(state.phase == .confirmQuit)
        #expect(state.send(.key(.character("j"))) == [.quit])
    }

    @Test func quitKeepsTheBasketWhenCancelled() {
        var state = Fixture.connectedState()
        state.press("12q")
        _ = state.send(.key(.escape))
        #expect(state.basket.lines.count == 2, "Esc answers the question, it does not clear the basket")
        #expect(state.status == .tapPrompt)
    }
}
