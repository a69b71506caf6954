import Foundation
import PasjesKassa
import PasjesMoney
import PasjesProtocol
import Testing

@Suite("Layout")
struct KassaLayoutTests {
    static let sizes = [ScreenSize(columns: 80, rows: 24), ScreenSize(columns: 132, rows: 43)]

    /// A busy state: many products with accented names, a full basket, a result.
    static func busyState() -> KassaState {
        var state = Fixture.connectedState()
        let names = ["Koffie", "Thee", "Appeltaart met slagroom", "Soep van de dag", "Croque-monsieur",
                     "Jus d'orange", "Crème brûlée", "Çelik's börek", "Daniëlle's tosti", "Pannenkoek",
                     "Erwtensoep", "Stroopwafel", "Limonade", "Bitterballen (6 stuks)", "Kroket"]
        let products = names.enumerated().map { Fixture.product("P\($0.offset)", $0.element, Int64(100 + $0.offset * 35)) }
        _ = state.send(.reply(.products(.success(products))))
        state.press("1178")
        return state
    }

    @Test(arguments: sizes)
    func everyLineHasExactlyTheScreenWidth(size: ScreenSize) {
        var state = Self.busyState()
        for status in [KassaStatus.tapPrompt, .paid(Fixture.sale(total: 360, own: 160)),
                       .declined(reason: "insufficient_funds", message: "Onvoldoende saldo"),
                       .balance(Fixture.tap()), .chargeInterrupted] {
            state.status = status
            let frame = KassaLayout.frame(for: state, size: size)
            let lines = frame.lines
            #expect(lines.count == size.rows)
            for line in lines { #expect(DisplayWidth.of(line) == size.columns) }
            for text in frame.texts {
                #expect(text.column + DisplayWidth.of(text.text) <= size.columns, "\(text.text) runs off the screen")
                #expect(text.row < size.rows)
            }
        }
    }

    @Test(arguments: sizes)
    func allPartsAreOnScreen(size: ScreenSize) {
        let state = Self.busyState()
        let lines = KassaLayout.frame(for: state, size: size).lines
        let screen = lines.joined(separator: "\n")
        #expect(lines[0].contains("Kassa Restaurant De Linde"))
        #expect(lines[0].contains("Lezer: AAN"))
        #expect(lines[0].contains("pasjesd: VERBONDEN"))
        #expect(screen.contains("Houd de pas voor de lezer"))
        #expect(screen.contains("Crème brûlée"))
        #expect(screen.contains("Çelik's börek"))
        #expect(screen.contains("2 × Koffie"))
        #expect(screen.contains("Totaal (4 st.)"))
        #expect(lines[size.rows - 1].contains("q stop"))
        // Every product with its hotkey: 15 products fit at 80×24 as well.
        for entry in state.menu {
            #expect(lines.contains { $0.contains("\(entry.hotkey) \(entry.product.name)") }, "\(entry.product.name)")
        }
    }

    @Test func wideScreenShowsTheSessionTotal() {
        var state = Self.busyState()
        state.sessionSales = 1
        state.sessionTotal = Amount(360)
        let wide = KassaLayout.frame(for: state, size: ScreenSize(columns: 132, rows: 43)).lines
        #expect(wide[42].contains("Deze sessie: 1 verkoop, € 3,60"))
        #expect(wide[42].contains("Backspace weg"))
    }

    @Test func accentedNamesHaveTheirDisplayWidth() {
        #expect(DisplayWidth.of("Daniëlle") == 8)
        #expect(DisplayWidth.of("Danie\u{0308}lle") == 8, "decomposed ë is one column too")
        #expect(DisplayWidth.of("Çelik") == 5)
        #expect(DisplayWidth.of("€ 1,20") == 6)
        #expect(DisplayWidth.of("日本") == 4)
        #expect(DisplayWidth.clip("Daniëlle de Vries-Çelik", to: 10) == "Daniëlle …")
        #expect(DisplayWidth.of(DisplayWidth.pad("Çelik", to: 12)) == 12)
        #expect(DisplayWidth.clip("bad\u{1B}[2Jname", to: 40) == "bad [2Jname", "no escape reaches the terminal")
    }

    @Test func priceColumnLinesUpWithAccentedNames() {
        var state = Fixture.connectedState()
        _ = state.send(.reply(.products(.success([Fixture.product("A", "Crème brûlée", 350),
                                                  Fixture.product("B", "Koffie", 120)]))))
        let lines = KassaLayout.frame(for: state, size: .minimum).lines
        let creme = lines.first { $0.contains("Crème") }!
        let koffie = lines.first { $0.contains("Koffie") }!
        #expect(DisplayWidth.of(String(creme.prefix { $0 != "€" })) == DisplayWidth.of(String(koffie.prefix { $0 != "€" })))
    }

    @Test func longRefusalWrapsInsteadOfBeingCut() {
        var state = Fixture.connectedState()
        state.status = .reverseRefused(reason: "grace_period_over", message: nil)
        let lines = KassaLayout.frame(for: state, size: .minimum).lines
        let screen = lines.joined(separator: "\n")
        #expect(lines.contains { $0.hasPrefix(" NIET TERUGGEDRAAID: Te laat om terug te draaien") })
        #expect(screen.contains("beheerder."))
        #expect(!screen.contains("…"))
    }

    @Test func coloursAlwaysCarryAWord() {
        var state = Fixture.connectedState()
        for light in TrafficLight.allCases {
            var sale = Fixture.sale()
            sale.light = light
            state.status = .paid(sale)
            let line = KassaLayout.statusLines(state).last!
            #expect(line.text.contains(light.dutchWord))
        }
    }

    @Test func tooSmallWindowSaysSo() {
        let frame = KassaLayout.frame(for: Fixture.connectedState(), size: ScreenSize(columns: 60, rows: 20))
        #expect(frame.lines[0].hasPrefix("Venster te klein"))
    }

    @Test func clockIsAmsterdamTime() {
        var state = Fixture.connectedState()
        _ = state.send(.tick(Date(timeIntervalSince1970: 1_795_000_000)))  // 2026-11-18 11:06:40 UTC
        #expect(KassaLayout.frame(for: state, size: .minimum).lines[0].hasSuffix("12:06:40 "))
    }

    @Test func selectedLineIsMarkedNotOnlyColoured() {
        var state = Fixture.connectedState()
        state.press("12")
        let frame = KassaLayout.frame(for: state, size: .minimum)
        #expect(frame.texts.contains { $0.style == .selected && $0.text.hasPrefix("> ") && $0.text.contains("Thee") })
    }
}
