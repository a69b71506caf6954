import PasjesMoney
import Testing

/// The one hex encoder and the one card-UID normaliser (issue 10, "Housekeeping").
@Suite struct HexAndCardUIDTests {
    @Test(arguments: [
        ([UInt8](), false, ""), ([0x00], false, "00"), ([0x0f, 0xa0], false, "0fa0"),
        ([0xde, 0xad, 0xbe, 0xef], false, "deadbeef"), ([0xde, 0xad, 0xbe, 0xef], true, "DEADBEEF"),
        ([0x04, 0xa2, 0x2b, 0x1c], true, "04A22B1C"), ([0xff], false, "ff"),
    ])
    func encodesHex(bytes: [UInt8], uppercase: Bool, expected: String) {
        #expect(Hex.encode(bytes, uppercase: uppercase) == expected)
    }

    @Test func encodesAnySequenceOfBytes() {
        #expect(Hex.encode((0..<40).map { UInt8($0) }).count == 80)
        #expect(Hex.encode([UInt8](repeating: 0xab, count: 3)[...]) == "ababab")
    }

    @Test(arguments: [
        // 4, 7 and 10 bytes; any case in, upper-case out.
        ("04a22b1c", "04A22B1C"), ("04:a2:2b:b2", "04A22BB2"), ("04 A2 2B B2", "04A22BB2"),
        ("04-a2-2b-b2", "04A22BB2"), ("04\ta2\t2b\tb2", "04A22BB2"),
        ("04:B7:C2:D9:E1:F3:80", "04B7C2D9E1F380"), ("04B7C2D9E1F380", "04B7C2D9E1F380"),
        ("01 02 03 04 05 06 07 08 09 0a", "0102030405060708090A"),
        ("0102030405060708090a", "0102030405060708090A"),
        (" 04a22b1c ", "04A22B1C"),
    ])
    func normalisesCardUIDs(input: String, expected: String) {
        #expect(CardUIDText.normalise(input) == expected)
    }

    @Test(arguments: [
        "", "04a22b", "04A22B", "04A22B1C00", "ZZA22B1C", "04A22B1C04A22B1C04A22B1C",
        "04.a2.2b.1c", "04a22b1g", "０４a22b1c", "04a2_2b1c",
        // Upper-cased, a ligature became two ASCII letters; a combining mark rides on a digit.
        "04a22bﬀ", "04a22b1c\u{301}", "04a22b1c\r\n", " \u{301}04a22b1c",
    ])
    func refusesWhatIsNotACardUID(input: String) {
        #expect(CardUIDText.normalise(input) == nil)
    }
}
