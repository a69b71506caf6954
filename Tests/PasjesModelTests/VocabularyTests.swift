import Foundation
import PasjesModel
import Testing

@Suite struct VocabularyTests {
    @Test func everyReasonHasOneCodeAndADutchSentence() {
        #expect(Reason.all.count == Reason.byCode.count, "a code appears twice")
        for reason in Reason.all {
            #expect(reason.code.wholeMatch(of: /[a-z]+(_[a-z0-9]+)*/) != nil, "\(reason.code)")
            #expect(reason.message.count >= 8 && reason.message.hasSuffix("."), "\(reason)")
            // Dutch, not English: none of the English words our old messages used.
            for english in [" the ", " not ", " is unknown", "invalid "] {
                #expect(!reason.message.lowercased().contains(english), "\(reason)")
            }
        }
        #expect(Reason.message(for: "insufficient_funds") == "Niet genoeg budget voor deze aankoop.")
        #expect(Reason.message(for: "no_such_reason") == nil)
    }

    @Test func wordsTravelAsTheirRawValues() throws {
        let encoded = try JSONEncoder().encode([CardState.blocked])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["blocked"]"#)
        #expect(try JSONDecoder().decode([EventTopic].self, from: Data(#"["sale.completed"]"#.utf8)) == [.saleCompleted])
        #expect(try JSONDecoder().decode(ReaderState.self, from: Data(#""service_down""#.utf8)) == .serviceDown)
    }

    /// An unknown word is refused with the allowed ones named: what a script writer needs to fix it.
    @Test func anUnknownWordNamesTheAllowedOnes() {
        do {
            _ = try JSONDecoder().decode(ClientStatus.self, from: Data(#""gone""#.utf8))
            Issue.record("'gone' was accepted")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription == "'gone' is not a status: active, absent or ended")
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: VocabularyError.self) { _ = try ProductCategory.parse("snoep") }
        #expect(ProductCategory.allowedValues == "category: zorg, dagbesteding, facilitair or welzijn")
    }
}
