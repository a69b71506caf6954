@testable import PasjesCardCrypto
import PasjesMoney
import Testing

private func bytes(_ hex: String) -> [UInt8] { Hex.decode(hex)! }
private func key(_ hex: String) -> CardKey { try! CardKey(hex: hex) }

/// Published vectors: RFC 4493 (AES-CMAC), AN10922 section 2.2.1 (AES-128 diversification),
/// AN12196 sections 6.6, 6.10, 6.12 and table 27 (NTAG 424 DNA AuthenticateEV2First,
/// CommMode.Full, ChangeKey of key 0).
@Suite struct KnownAnswerTests {
    static let rfcKey = key("2b7e151628aed2a6abf7158809cf4f3c")
    static let rfcMessage = bytes("""
        6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51\
        30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710
        """)

    @Test func rfc4493SubkeysAndMACs() {
        let (k1, k2) = AESCMAC.subkeys(key: Self.rfcKey)
        #expect(k1 == bytes("fbeed618357133667c85e08f7236a8de"))
        #expect(k2 == bytes("f7ddac306ae266ccf90bc11ee46d513b"))
        #expect(AESCMAC.mac([], key: Self.rfcKey) == bytes("bb1d6929e95937287fa37d129b756746"))
        #expect(AESCMAC.mac(Array(Self.rfcMessage[0..<16]), key: Self.rfcKey) == bytes("070a16b46b4d4144f79bdd9dd04a287c"))
        #expect(AESCMAC.mac(Array(Self.rfcMessage[0..<40]), key: Self.rfcKey) == bytes("dfa66747de9ae63030ca32611497c827"))
        #expect(AESCMAC.mac(Self.rfcMessage, key: Self.rfcKey) == bytes("51f0bebf7e3b9d92fc49741779363cfe"))
    }

    @Test func an10922AES128Example() throws {
        let master = key("00112233445566778899AABBCCDDEEFF")
        let (k1, k2) = AESCMAC.subkeys(key: master)
        #expect(k1 == bytes("FBC9F75C9413C041DFEE452D3F0706D1"))
        #expect(k2 == bytes("F793EEB928278083BFDC8A5A7E0E0D25"))
        // M = UID 04782E21801D80 ‖ AID 3042F5 ‖ system identifier "NXP Abu".
        let diversified = try KeyDiversification.an10922AES128(
            masterKey: master, input: bytes("04782E21801D803042F54E585020416275"))
        #expect(diversified.secretBytes == bytes("A8DD63A3B89D54B37CA802473FDA9175"))
    }

    @Test func an10922RefusesInputOutsideOneToThirtyOneBytes() {
        let master = key("00112233445566778899AABBCCDDEEFF")
        #expect(throws: CardCryptoError.diversificationInputLength(0)) {
            _ = try KeyDiversification.an10922AES128(masterKey: master, input: [])
        }
        #expect(throws: CardCryptoError.diversificationInputLength(32)) {
            _ = try KeyDiversification.an10922AES128(masterKey: master, input: [UInt8](repeating: 1, count: 32))
        }
        // 31 bytes fill both blocks: the K1 branch, different from 30 bytes padded.
        let full = try? KeyDiversification.an10922AES128(masterKey: master, input: [UInt8](repeating: 1, count: 31))
        let padded = try? KeyDiversification.an10922AES128(masterKey: master, input: [UInt8](repeating: 1, count: 30))
        #expect(full != nil && padded != nil && full != padded)
    }

    @Test(arguments: [
        // AN12196 6.6: key 00…00, RndA 13C5…360F.
        ("13C5DB8A5930439FC3DEF9A4C675360F", "A04C124213C186F22399D33AC2A3021591AF",
         "90AF00002035C3E05A752E0144BAC0DE51C1F22C56B34408A23D8AEA266CAB947EA8E0118D00",
         "3FA64DB5446D1F34CD6EA311167F5E4985B89690C04A05F17FA7AB2F081206639100",
         "9D00C4DF", "1309C877509E5A215007FF0ED19CA564", "4C6626F5E72EA694202139295C7A7FC7"),
        // AN12196 6.10.
        ("B98F4C50CF1C2E084FD150E33992B048", "B875CEB0E66A6C5CD00898DC371F92D191AF",
         "90AF000020FF0306E47DFBC50087C4D8A78E88E62DE1E8BE457AA477C707E2F0874916A8B100",
         "0CC9A8094A8EEA683ECAAC5C7BF20584206D0608D477110FC6B3D5D3F65C3A6A9100",
         "7614281A", "7A93D6571E4B180FCA6AC90C9A7488D4", "FC4AF159B62E549B5812394CAB1918CC"),
    ])
    func an12196AuthenticateEV2First(_ vector: (String, String, String, String, String, String, String)) throws {
        let (rndA, challenge, second, proof, ti, enc, mac) = vector
        #expect(EV2Authentication.firstCommand(keyNumber: 0) == bytes("9071000002000000"))
        var authentication = EV2Authentication(key: .factoryDefault, rndA: bytes(rndA))
        #expect(try authentication.answer(challenge: bytes(challenge)) == bytes(second))
        let session = try authentication.finish(response: bytes(proof))
        #expect(session.transactionID == bytes(ti))
        #expect(session.encryptionKey == key(enc))
        #expect(session.macKey == key(mac))
        #expect(session.commandCounter == 0)
    }

    @Test func an12196CommModeFullWriteData() {
        // AN12196 6.12: WriteData to file 03, 10 bytes, after the 6.10 authentication.
        var session = EV2Session(transactionID: bytes("7614281A"), encryptionKey: key("7A93D6571E4B180FCA6AC90C9A7488D4"),
                                 macKey: key("FC4AF159B62E549B5812394CAB1918CC"))
        let command = session.fullCommand(ins: 0x8D, header: bytes("030000000A0000"), data: bytes("0102030405060708090A"))
        #expect(command == bytes("908D00001F030000000A00006B5E6804909962FC4E3FF5522CF0F8436C0C53315B9C73AA00"))
        session.commandCounter += 1
        #expect(session.responseMACIsValid(status: 0x00, data: [], mac: bytes("C26D236E4A7C046D")))
        #expect(!session.responseMACIsValid(status: 0x00, data: [], mac: bytes("C26D236E4A7C046E")))
    }

    @Test func an12196ChangeKeyZeroTable27() {
        let session = EV2Session(transactionID: bytes("7614281A"), encryptionKey: key("4CF3CB41A22583A61E89B158D252FC53"),
                                 macKey: key("5529860B2FC5FB6154B7F28361D30BF9"), commandCounter: 3)
        #expect(session.commandIV() == bytes("01602D579423B2797BE8B478B0B4D27B"))
        let command = session.fullCommand(ins: 0xC4, header: [0x00], data: bytes("5004BF991F408672B1EF00F08F9E8647") + [0x01])
        #expect(command == bytes("""
            90C400002900C0EB4DEEFEDDF0B513A03A95A75491818580503190D4D05053FF75668A01D6FDA6610234BDED643200
            """))
        #expect(AESCMAC.truncated(bytes("B7A60161F202EC3489BD4BEDEF64BB32")) == bytes("A6610234BDED6432"))
    }
}
