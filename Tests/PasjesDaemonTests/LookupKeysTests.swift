import Foundation
@testable import PasjesDaemon
import PasjesProtocol
import Testing

/// A lookup key is trimmed of exactly what `CharacterSet.whitespaces` names, the quick check for
/// clean keys included.
@Suite struct LookupKeysTests {
    @Test func theQuickCheckTrimsWhatFoundationTrims() {
        let samples = [
            "1001", " 1001", "1001 ", "\t1001\t", "\u{00A0}1001", "1001\u{3000}", "\u{2003}04A22B1C\u{2003}",
            "", " ", "\n1001\n", "1001\r", "~1001!", "é1001é", "10 01", "\u{1F}1001", "1001\u{7F}",
        ]
        for text in samples {
            #expect(LookupKeys.trimmedText(text) == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
        }
    }

    @Test func onlyLookupFieldsAreTrimmed() {
        let params = JSONValue.object(["number": .string(" 1001 "), "reason": .string(" kwijt ")])
        guard case .object(let trimmed)? = LookupKeys.trimmed(params) else { Issue.record("not an object"); return }
        #expect(trimmed["number"] == .string("1001"))
        #expect(trimmed["reason"] == .string(" kwijt "))
    }
}
