import PasjesModel
import Testing

@Suite struct VisibleTextTests {
    /// The shortcut for printable ASCII must say what the Unicode categories say.
    @Test func asciiIsHiddenExactlyWhenItIsAControl() {
        for value in UInt32(0)...0x7F {
            let scalar = Unicode.Scalar(value)!
            let byCategory = scalar.properties.generalCategory == .control
            #expect(VisibleText.isHidden(scalar) == byCategory, "\(VisibleText.code(scalar))")
        }
    }

    @Test func hiddenScalarsBeyondASCIIAreStillFound() {
        #expect(VisibleText.firstHidden(in: "Koffie \u{202E}9999 €") == "\u{202E}")
        #expect(VisibleText.firstHidden(in: "a\u{200B}b") == "\u{200B}")
        #expect(VisibleText.firstHidden(in: "\u{3164}") == "\u{3164}")
        #expect(VisibleText.firstHidden(in: "tag\u{E0041}") == "\u{E0041}")
        #expect(VisibleText.firstHidden(in: "line\u{2028}") == "\u{2028}")
        #expect(VisibleText.firstHidden(in: "Daniëlle de Vries, appeltaart 2×") == nil)
        #expect(VisibleText.firstHidden(in: "👩‍👩‍👧") == nil, "the zero-width joiner stays allowed")
    }
}
