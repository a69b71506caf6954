/// Card type names from a contactless ATR as PC/SC part 3 (and its supplement) builds them.
public enum CardType {
    /// The name used when the ATR does not identify the card.
    public static let unknown = "unknown"

    /// The PC/SC registered application provider id that marks a part 3 storage-card ATR.
    static let pcscRID: [UInt8] = [0xA0, 0x00, 0x00, 0x03, 0x06]

    /// Card-name bytes (C0 C1) of the PC/SC part 3 supplement, for the cards a nursing home meets.
    static let namesByCode: [UInt16: String] = [
        0x0001: "MIFARE Classic 1K",
        0x0002: "MIFARE Classic 4K",
        0x0003: "MIFARE Ultralight",
        0x0026: "MIFARE Mini",
        0x003A: "MIFARE Ultralight C",
        0x0036: "MIFARE Plus SL1 2K",
        0x0037: "MIFARE Plus SL1 4K",
        0x0038: "MIFARE Plus SL2 2K",
        0x0039: "MIFARE Plus SL2 4K",
        0x0030: "Topaz/Jewel",
        0x0031: "FeliCa",
        0x0014: "ICODE SLI",
        0x0017: "PicoPass 2K",
        0x0018: "PicoPass 2KS",
        0x0019: "PicoPass 16K",
        0x001A: "PicoPass 16KS",
    ]

    /// ATRs of ISO 14443-4 cards that readers build from the ATS; these carry no part 3 name.
    static let wholeATRNames: [[UInt8]: String] = [
        [0x3B, 0x81, 0x80, 0x01, 0x80, 0x80]: "MIFARE DESFire",
        [0x3B, 0x86, 0x80, 0x01, 0x06, 0x75, 0x77, 0x81, 0x02, 0x80, 0x00]: "MIFARE DESFire",
    ]

    /// The card type for an ATR: the part 3 card name when the ATR carries RID A0 00 00 03 06, else `unknown`.
    public static func name(atr: [UInt8]) -> String {
        if let name = wholeATRNames[atr] { return name }
        guard let code = partThreeCardName(atr: atr) else { return unknown }
        return namesByCode[code] ?? unknown
    }

    /// The 2-byte card name (C0 C1) from a PC/SC part 3 ATR, or nil when the ATR is not one.
    ///
    /// Layout: `3B 8F 80 01 | 80 4F 0C A0 00 00 03 06 SS C0 C1 00 00 00 00 | TCK`; we look for the
    /// application identifier tag `4F`, its length, and the RID rather than fixed offsets, because
    /// readers differ in how many interface bytes come before the historical bytes.
    public static func partThreeCardName(atr: [UInt8]) -> UInt16? {
        // Smallest possible: tag, length, RID (5), standard (1), name (2).
        let minimumAIDLength = pcscRID.count + 3
        guard atr.count >= 2 + minimumAIDLength else { return nil }
        var index = 0
        while index + 1 + minimumAIDLength < atr.count {
            if atr[index] == 0x4F, Int(atr[index + 1]) >= minimumAIDLength,
               Array(atr[(index + 2)..<(index + 2 + pcscRID.count)]) == pcscRID {
                let nameStart = index + 2 + pcscRID.count + 1
                guard nameStart + 1 < atr.count else { return nil }
                return UInt16(atr[nameStart]) << 8 | UInt16(atr[nameStart + 1])
            }
            index += 1
        }
        return nil
    }
}
