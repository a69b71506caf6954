import Foundation
import PasjesProtocol
import Testing
@testable import PasjesCLI

@Suite("JSON output")
struct OutputTests {
    @Test func c1ControlsAreEscaped() throws {
        // U+009B is CSI: a terminal that honours C1 would start an escape sequence here.
        let name = "Jan\u{9B}31m\u{80}\u{9F}\u{7F} é"
        for pretty in [true, false] {
            let text = Output.jsonText(.object(["name": .string(name)]), pretty: pretty)
            #expect(!text.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) })
            #expect(text.contains(#"Jan\u009B31m\u0080\u009F\u007F é"#))
            let decoded = try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
            #expect(decoded["name"] == name, "still the same JSON")
        }
    }

    @Test func plainTextIsUntouched() {
        #expect(Output.jsonText(.string("Daniëlle 🙂"), pretty: false) == "\"Daniëlle 🙂\"")
    }
}
