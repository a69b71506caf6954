import Testing
@testable import PasjesCard

@Suite("ATR and UID parsing")
struct CardParsingTests {
    static let classic1K: [UInt8] = [0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06,
                                     0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6A]

    static func partThree(name: UInt16) -> [UInt8] {
        var atr = classic1K
        atr[13] = UInt8(name >> 8)
        atr[14] = UInt8(name & 0xFF)
        return atr
    }

    @Test func mifareClassic1KFromPartThreeATR() {
        #expect(CardType.partThreeCardName(atr: Self.classic1K) == 0x0001)
        #expect(CardType.name(atr: Self.classic1K) == "MIFARE Classic 1K")
    }

    @Test(arguments: [
        (UInt16(0x0002), "MIFARE Classic 4K"),
        (UInt16(0x0003), "MIFARE Ultralight"),
        (UInt16(0x003A), "MIFARE Ultralight C"),
        (UInt16(0x0026), "MIFARE Mini"),
        (UInt16(0x7777), "unknown"),
    ])
    func otherPartThreeNames(code: UInt16, expected: String) {
        #expect(CardType.name(atr: Self.partThree(name: code)) == expected)
    }

    @Test func desfireFromWholeATR() {
        #expect(CardType.name(atr: [0x3B, 0x81, 0x80, 0x01, 0x80, 0x80]) == "MIFARE DESFire")
    }

    @Test func notPartThreeIsUnknown() {
        // A contact card (Dutch bank card style) and a different RID.
        #expect(CardType.name(atr: [0x3B, 0x6E, 0x00, 0x00, 0x80, 0x31, 0x80, 0x66, 0xB0, 0x84, 0x12, 0x01]) == "unknown")
        var otherRID = Self.classic1K
        otherRID[11] = 0x07
        #expect(CardType.name(atr: otherRID) == "unknown")
        #expect(CardType.name(atr: []) == "unknown")
        #expect(CardType.name(atr: Array(Self.classic1K.prefix(13))) == "unknown")
    }

    @Test func uidOfEveryValidLength() throws {
        #expect(try CardUID.parse(response: [0x04, 0xA1, 0xB2, 0xC3, 0x90, 0x00]) == "04A1B2C3")
        #expect(try CardUID.parse(response: [0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x90, 0x00]) == "04112233445566")
        #expect(try CardUID.parse(response: Array(repeating: 0xAB, count: 10) + [0x90, 0x00]) == String(repeating: "AB", count: 10))
    }

    @Test func uidRejectsGarbage() {
        #expect(throws: CardUID.ParseError.tooShort(count: 1)) { try CardUID.parse(response: [0x90]) }
        #expect(throws: CardUID.ParseError.statusWord(sw1: 0x6A, sw2: 0x81)) { try CardUID.parse(response: [0x6A, 0x81]) }
        #expect(throws: CardUID.ParseError.statusWord(sw1: 0x12, sw2: 0x34)) { try CardUID.parse(response: [0x01, 0x02, 0x03, 0x04, 0x12, 0x34]) }
        #expect(throws: CardUID.ParseError.badLength(count: 5)) { try CardUID.parse(response: [1, 2, 3, 4, 5, 0x90, 0x00]) }
        #expect(throws: CardUID.ParseError.badLength(count: 0)) { try CardUID.parse(response: [0x90, 0x00]) }
    }

    @Test func uidValidation() {
        #expect(CardUID.isValid("04A1B2C3"))
        #expect(CardUID.isValid("04112233445566"))
        #expect(!CardUID.isValid("04a1b2c3"))
        #expect(!CardUID.isValid("04A1B2"))
        #expect(!CardUID.isValid("04 A1 B2 C3"))
        #expect(!CardUID.isValid("04A1B2CG"))
    }

    @Test func pcscErrorNames() {
        #expect(PCSCError(returnValue: 0x8010_001D).name == "SCARD_E_NO_SERVICE")
        #expect(PCSCError(returnValue: 0x8010_001D) == .noService)
        #expect(PCSCError.noReadersAvailable.name == "SCARD_E_NO_READERS_AVAILABLE")
        #expect(PCSCError.unknownReader.name == "SCARD_E_UNKNOWN_READER")
        #expect(PCSCError.serviceStopped.meansServiceDown)
        #expect(!PCSCError.timeout.meansServiceDown)
        #expect(PCSCError(code: 0x1234).name == "SCARD_UNKNOWN_0x1234")
    }

    @Test func feedbackAPDUs() {
        for success in [true, false] {
            let apdu = ReaderFeedback.acsLEDAndBuzzer(success: success)
            #expect(apdu.count == 9)
            #expect(Array(apdu.prefix(3)) == [0xFF, 0x00, 0x40])
            #expect(apdu[4] == 0x04)
        }
    }
}
