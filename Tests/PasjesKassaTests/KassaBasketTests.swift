import PasjesKassa
import PasjesMoney
import PasjesProtocol
import Testing

@Suite("Basket editing")
struct KassaBasketTests {
    @Test func hotkeysAreDigitsThenLettersWithoutCommandLetters() {
        #expect(KassaHotkeys.all.count == 33)
        #expect(Array(KassaHotkeys.all.prefix(10)) == Array("123456789a"))
        #expect(!KassaHotkeys.all.contains("q"))
        #expect(!KassaHotkeys.all.contains("u"))
        let state = Fixture.connectedState()
        #expect(state.menu.map(\.hotkey) == ["1", "2", "3"])
    }

    @Test func hotkeyAddsOneAndRepeatsIncreaseQuantity() {
        var state = Fixture.connectedState()
        state.press("113")
        #expect(state.basket.lines.map(\.product.code) == ["KOF", "APT"])
        #expect(state.basket.lines.map(\.quantity) == [2, 1])
        #expect(state.basket.selected == 1)
        #expect(state.basket.total == Amount(515))
        #expect(state.status == .tapPrompt)
    }

    @Test func plusAndMinusChangeTheSelectedLine() {
        var state = Fixture.connectedState()
        state.press("13")
        state.press("++")
        #expect(state.basket.lines[1].quantity == 3)
        _ = state.send(.key(.up))
        state.press("+")
        #expect(state.basket.lines[0].quantity == 2)
        state.press("--")
        #expect(state.basket.lines.map(\.product.code) == ["APT"], "minus at one removes the line")
    }

    @Test func backspaceRemovesTheSelectedLine() {
        var state = Fixture.connectedState()
        state.press("123")
        _ = state.send(.key(.up))
        _ = state.send(.key(.backspace))
        #expect(state.basket.lines.map(\.product.code) == ["KOF", "APT"])
        #expect(state.basket.selected == 1)
    }

    @Test func escapeClearsBasketAndRenewsTheKey() {
        var state = Fixture.connectedState()
        state.press("1")
        #expect(state.basket.idempotencyKey == Fixture.key1)
        _ = state.send(.key(.escape))
        #expect(state.basket.isEmpty)
        #expect(state.basket.idempotencyKey == nil)
        state.press("2")
        #expect(state.basket.idempotencyKey == Fixture.key2)
    }

    @Test func oneKeyPerBasketWhateverTheEdits() {
        var state = Fixture.connectedState()
        state.press("12+-3")
        _ = state.send(.key(.backspace))
        #expect(state.basket.idempotencyKey == Fixture.key1)
    }

    @Test func removingTheLastLineDropsTheKey() {
        var state = Fixture.connectedState()
        state.press("1-")
        #expect(state.basket.isEmpty)
        #expect(state.basket.idempotencyKey == nil)
        #expect(state.status == .welcome)
    }

    @Test func quantityIsCapped() {
        var state = KassaState(counterID: Fixture.counter, keys: .sequence(next: 1),
                               config: KassaConfig(maxQuantity: 2))
        _ = state.send(.reply(.products(.success(Fixture.products))))
        state.press("111")
        #expect(state.basket.lines[0].quantity == 2)
        guard case .notice(let text) = state.status else { Issue.record("expected a notice"); return }
        #expect(text.contains("Meer dan"))
    }

    @Test func basketLinesAreCapped() {
        var state = KassaState(counterID: Fixture.counter, keys: .sequence(next: 1),
                               config: KassaConfig(maxBasketLines: 2))
        _ = state.send(.reply(.products(.success(Fixture.products))))
        state.press("123")
        #expect(state.basket.lines.count == 2)
        #expect(state.status == .notice("Het mandje is vol (2 regels)."))
        #expect(KassaConfig().maxBasketLines == ProtocolLimits.maxBasketItems)
    }

    @Test func plusWithoutLineAsksToPickFirst() {
        var state = Fixture.connectedState()
        state.press("+")
        #expect(state.status == .notice("Kies eerst een product."))
    }

    @Test func inactiveProductsAreNotOnTheMenu() {
        var state = Fixture.connectedState()
        var gone = Fixture.tea
        gone.active = false
        _ = state.send(.reply(.products(.success([Fixture.coffee, gone, Fixture.pie]))))
        #expect(state.menu.map(\.product.code) == ["KOF", "APT"])
        #expect(state.menu.map(\.hotkey) == ["1", "2"])
    }
}
