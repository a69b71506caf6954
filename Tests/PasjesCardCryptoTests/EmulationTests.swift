import PasjesCardCrypto
import Testing

/// The reader's side against the card's side, in-process: what pcscd tests do end to end, with
/// every failure the protocol knows.
@Suite struct EmulationTests {
    static let master = try! CardKey(hex: "0F1E2D3C4B5A69788796A5B4C3D2E1F0")
    static let otherSite = try! CardKey(hex: "F0E1D2C3B4A5968778695A4B3C2D1E0F")
    static let uid: [UInt8] = [0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6]

    final class Card {
        var emulation: NTAG424Emulation
        var writes = 0
        init(_ emulation: NTAG424Emulation) { self.emulation = emulation }
        func transmit(_ apdu: [UInt8]) -> [UInt8] {
            let (response, changed) = emulation.respond(to: apdu)
            if changed { writes += 1 }
            return response
        }
    }

    @Test func blankCardIsIssuedThenOnlyItsKeyOpensIt() throws {
        let card = Card(NTAG424Emulation())
        let cardKey = try KeyDiversification.cardKey(masterKey: Self.master, uid: Self.uid)
        let session = try NTAG424Commands.authenticate(key: .factoryDefault, transmit: card.transmit)
        try NTAG424Commands.changeAuthenticationKey(session: session, newKey: cardKey, keyVersion: 3, transmit: card.transmit)
        #expect(card.writes == 1)
        #expect(card.emulation.keyVersion == 3)
        #expect(card.emulation.key == cardKey)
        _ = try NTAG424Commands.authenticate(key: cardKey, transmit: card.transmit)
        let factory = #expect(throws: NTAG424Commands.Failure.self) {
            _ = try NTAG424Commands.authenticate(key: .factoryDefault, transmit: card.transmit)
        }
        #expect(factory == .authentication(.refusedByCard(sw1: 0x91, sw2: 0xAE)))
    }

    @Test func keyOfAnotherSiteIsRefused() throws {
        let card = Card(NTAG424Emulation(key: try KeyDiversification.cardKey(masterKey: Self.otherSite, uid: Self.uid)))
        let ours = try KeyDiversification.cardKey(masterKey: Self.master, uid: Self.uid)
        #expect(throws: NTAG424Commands.Failure.authentication(.refusedByCard(sw1: 0x91, sw2: 0xAE))) {
            _ = try NTAG424Commands.authenticate(key: ours, transmit: card.transmit)
        }
    }

    @Test func cardThatCannotProveTheKeyIsRefusedByTheReader() throws {
        // A card that accepts anything and answers with garbage (a replaying clone) never proves RndA'.
        let ours = try KeyDiversification.cardKey(masterKey: Self.master, uid: Self.uid)
        var step = 0
        let liar: NTAG424Commands.Transmit = { _ in
            step += 1
            switch step {
            case 1: return [0x90, 0x00]
            case 2: return NTAG424Commands.randomBytes(16) + [0x91, 0xAF]
            default: return NTAG424Commands.randomBytes(32) + [0x91, 0x00]
            }
        }
        #expect(throws: NTAG424Commands.Failure.authentication(.wrongCardProof)) {
            _ = try NTAG424Commands.authenticate(key: ours, transmit: liar)
        }
    }

    @Test func uidOnlyCardHasNoApplication() {
        let clone: NTAG424Commands.Transmit = { _ in [0x6A, 0x82] }
        #expect(throws: NTAG424Commands.Failure.noApplication(sw1: 0x6A, sw2: 0x82)) {
            _ = try NTAG424Commands.authenticate(key: .factoryDefault, transmit: clone)
        }
    }

    @Test func changeKeyWithATamperedMACChangesNothing() throws {
        let card = Card(NTAG424Emulation())
        let session = try NTAG424Commands.authenticate(key: .factoryDefault, transmit: card.transmit)
        let newKey = try KeyDiversification.cardKey(masterKey: Self.master, uid: Self.uid)
        var command = session.fullCommand(ins: 0xC4, header: [0], data: newKey.secretBytes + [1])
        command[command.count - 2] ^= 0x01
        #expect(card.transmit(command) == [0x91, 0x1E])
        #expect(card.emulation.key == .factoryDefault)
        #expect(card.writes == 0)
    }

    @Test func keysNeverPrint() throws {
        let text = "\(Self.master) \(String(reflecting: Self.master)) \([Self.master])"
        var dumped = ""
        dump(Self.master, to: &dumped)
        for shown in [text, dumped] {
            #expect(!shown.contains("0F1E2D3C"), "key bytes in \(shown)")
            #expect(!shown.contains("15, 30"), "key bytes in \(shown)")
        }
        #expect(text.contains("redacted"))
    }
}
