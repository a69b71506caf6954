import Foundation
import PasjesCardCrypto
import PasjesMoney

/// What the virtual contactless card answers: a UID-only card as a PC/SC part 3 reader presents
/// it, or an NTAG 424 DNA with its AES application key (blank from the factory, issued, or a clone).
///
/// A class: an NTAG 424 DNA has state (the authentication in progress, the key ChangeKey wrote).
/// Only the connection's serving thread calls `respond`; the lock keeps that true for anyone else.
final class VirtualCard: @unchecked Sendable {
    /// MIFARE Classic 1K as a PC/SC part 3 reader reports it (RID A0 00 00 03 06, standard 03, name 00 01).
    static let mifareClassic1KATR: [UInt8] = [
        0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06,
        0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6A,
    ]
    /// An ISO 14443-4 card without historical bytes, as PC/SC readers build the ATR of an NTAG 424 DNA.
    static let iso14443Part4ATR: [UInt8] = [0x3B, 0x81, 0x80, 0x01, 0x80, 0x80]
    static let ok: [UInt8] = [0x90, 0x00]
    /// "Function not supported" for every APDU the card does not know.
    static let notSupported: [UInt8] = [0x6A, 0x81]

    let uid: [UInt8]
    let atr: [UInt8]
    /// Answer GET DATA with 2 random bytes and no 90 00, like a card that is pulled away or broken.
    let garbage: Bool
    private let lock = NSLock()
    /// The NTAG 424 DNA application; nil for a UID-only card.
    private var application: NTAG424Emulation?
    /// Where an NTAG 424 DNA keeps its key between taps (its EEPROM); nil keeps it in memory only.
    private let cardFile: CardFile?

    /// A UID-only card (MIFARE Classic 1K).
    init(uid: [UInt8], garbage: Bool = false) {
        self.uid = uid
        self.atr = Self.mifareClassic1KATR
        self.garbage = garbage
        self.application = nil
        self.cardFile = nil
    }

    /// An NTAG 424 DNA holding `emulation`'s key, remembered in `cardFile` when given.
    init(uid: [UInt8], ntag424 emulation: NTAG424Emulation, cardFile: CardFile?) {
        self.uid = uid
        self.atr = Self.iso14443Part4ATR
        self.garbage = false
        self.application = emulation
        self.cardFile = cardFile
    }

    /// The response APDU for a command APDU.
    func respond(to apdu: [UInt8]) -> [UInt8] {
        // GET DATA UID: FF CA 00 00 Le (answered by the reader itself for a real card).
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
        return lock.withLock {
            guard var emulation = application else { return Self.notSupported }
            let (response, keyChanged) = emulation.respond(to: apdu)
            if keyChanged, let cardFile {
                // Like the chip's tearing-proof write: the new key is kept before the card answers.
                do {
                    try cardFile.save(emulation)
                } catch {
                    say("error saving the card: \(error)")
                    return [0x91, 0xEE]  // memory error: the key was not written
                }
            }
            application = emulation
            return response
        }
    }

    /// Parses a UID given as hex (spaces and colons allowed): 4, 7 or 10 bytes.
    static func parseUID(_ text: String) -> [UInt8]? {
        guard let bytes = Hex.decode(text.filter { $0 != " " && $0 != ":" }), [4, 7, 10].contains(bytes.count) else { return nil }
        return bytes
    }
}

/// The memory of a virtual NTAG 424 DNA between taps: its application key and key version, in
/// a file of two lines (`key <32 hex digits>`, `version <n>`), mode 0600. No file: a blank card.
struct CardFile: Sendable {
    let path: String

    /// The card as the file describes it; a blank factory card when there is no file yet.
    func load() throws -> NTAG424Emulation {
        guard FileManager.default.fileExists(atPath: path) else { return NTAG424Emulation() }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var key: CardKey?
        var version: UInt8 = 0
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard words.count == 2 else { continue }
            if words[0] == "key" { key = try CardKey(hex: words[1]) }
            if words[0] == "version", let number = UInt8(words[1]) { version = number }
        }
        guard let key else { throw CardFileError(path: path) }
        return NTAG424Emulation(key: key, keyVersion: version)
    }

    /// Writes the card's key atomically (a temporary file renamed over the old one).
    func save(_ card: NTAG424Emulation) throws {
        let text = "key \(Hex.encode(card.key.secretBytes, uppercase: true))\nversion \(card.keyVersion)\n"
        let temporary = path + ".new"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: 0o600]),
              rename(temporary, path) == 0 else { throw CardFileError(path: path) }
    }
}

/// A card file that cannot be read or written.
struct CardFileError: Error, CustomStringConvertible {
    let path: String
    var description: String { "card file \(path) is not a card (needs a line 'key <32 hex digits>')" }
}
