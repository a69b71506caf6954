import Testing
import PasjesMoney
@testable import PasjesCLI

@Suite("Tables")
struct TableTests {
    @Test func unicodeNamesAlignByDisplayWidth() {
        var table = Table([.init("Naam"), .init("Saldo", .right)])
        table.add(["Daniëlle", "€ 1,20"])
        table.add(["Danie\u{0308}lle", "€ 12,00"])  // decomposed ë: same width
        table.add(["Çelik", "€ 120,00"])
        table.add(["王芳", "€ 0,50"])
        let lines = table.render().split(separator: "\n").map(String.init)
        func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }
        #expect(lines == [
            "Naam" + spaces(9) + "Saldo",
            "Daniëlle" + spaces(4) + "€ 1,20",
            "Danie\u{0308}lle" + spaces(3) + "€ 12,00",
            "Çelik" + spaces(5) + "€ 120,00",
            "王芳" + spaces(8) + "€ 0,50",
        ])
        let widths = lines.dropFirst().map(DisplayWidth.of)
        #expect(Set(widths).count == 1)
    }

    @Test func widths() {
        #expect(DisplayWidth.of("Daniëlle") == 8)
        #expect(DisplayWidth.of("Danie\u{0308}lle") == 8)
        #expect(DisplayWidth.of("Çelik") == 5)
        #expect(DisplayWidth.of("王芳") == 4)
        #expect(DisplayWidth.of("🌷") == 2)
    }

    @Test func controlCharactersCannotReachTheTerminal() {
        var table = Table([.init("Naam")])
        table.add(["Evil\u{1B}[2J"])
        #expect(!table.render().contains("\u{1B}"))
    }

    @Test func fieldsAlignLabels() {
        var fields = Fields()
        fields.add("Naam", "Çelik")
        fields.add("Cliëntnummer", "1001")
        #expect(fields.render() == "Naam:          Çelik\nCliëntnummer:  1001")
    }
}
