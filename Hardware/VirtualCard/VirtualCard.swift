/// What the virtual contactless card answers: a UID-only card as a PC/SC part 3 reader presents it.
struct VirtualCard: Sendable {
    /// MIFARE Classic 1K as a PC/SC part 3 reader reports it (RID A0 00 00 03 06, standard 03, name 00 01).
    static let mifareClassic1KATR: [UInt8] = [
        0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06,
        0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6A,
    ]
    static let ok: [UInt8] = [0x90, 0x00]
    /// "Function not supported" for every APDU the card does not know.
    static let notSupported: [UInt8] = [0x6A, 0x81]

    let uid: [UInt8]
    let atr: [UInt8]
    /// Answer GET DATA with 2 random bytes and no 90 00, like a card that is pulled away or broken.
    let garbage: Bool

    init(uid: [UInt8], atr: [UInt8] = VirtualCard.mifareClassic1KATR, garbage: Bool = false) {
        self.uid = uid
        self.atr = atr
        self.garbage = garbage
    }

    /// The response APDU for a command APDU.
    func respond(to apdu: [UInt8]) -> [UInt8] {
        // GET DATA UID: FF CA 00 00 Le.
        if apdu.count >= 4, apdu[0] == 0xFF, apdu[1] == 0xCA, apdu[2] == 0x00, apdu[3] == 0x00 {
            if garbage {
                var bytes = [UInt8.random(in: 0...255), UInt8.random(in: 0...255)]
                if bytes == Self.ok { bytes[0] = 0x6F }
                return bytes
            }
            return uid + Self.ok
        }
        // ACS LED/buzzer pseudo-APDU: accept it so the daemon's feedback path is exercised.
        if apdu.count >= 3, apdu[0] == 0xFF, apdu[1] == 0x00, apdu[2] == 0x40 {
            return Self.ok
        }
        return Self.notSupported
    }

    /// Parses a UID given as hex (spaces and colons allowed): 4, 7 or 10 bytes.
    static func parseUID(_ text: String) -> [UInt8]? {
        let digits = text.filter { !" :".contains($0) }
        guard digits.count % 2 == 0, [8, 14, 20].contains(digits.count) else { return nil }
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
