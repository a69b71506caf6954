/// The card's side of the NTAG 424 DNA commands pasjes uses: the virtual card runs this, and
/// tests play it against the reader's side in-process.
///
/// Only the application master key (key 0) is kept; other key numbers answer "no such key".
public struct NTAG424Emulation: Sendable {
    /// The application key and its version, as the card holds them.
    public private(set) var key: CardKey
    /// KeyVer, set by ChangeKey (00 from the factory).
    public private(set) var keyVersion: UInt8
    private var selected = false
    private var pendingRndB: [UInt8]?
    private var session: EV2Session?

    /// A card holding `key` (a blank one holds `CardKey.factoryDefault`, version 0).
    public init(key: CardKey = .factoryDefault, keyVersion: UInt8 = 0) {
        self.key = key
        self.keyVersion = keyVersion
    }

    /// Status words (NTAG 424 DNA datasheet, table 23).
    enum Status {
        static let ok: [UInt8] = [0x90, 0x00]
        static let operationOK: [UInt8] = [0x91, 0x00]
        static let additionalFrame: [UInt8] = [0x91, 0xAF]
        static let authenticationError: [UInt8] = [0x91, 0xAE]
        static let integrityError: [UInt8] = [0x91, 0x1E]
        static let noSuchKey: [UInt8] = [0x91, 0x40]
        static let permissionDenied: [UInt8] = [0x91, 0x9D]
        static let lengthError: [UInt8] = [0x91, 0x7E]
        static let illegalCommand: [UInt8] = [0x91, 0x1C]
        static let fileNotFound: [UInt8] = [0x6A, 0x82]
        static let insNotSupported: [UInt8] = [0x6D, 0x00]
    }

    /// The response to one command APDU; `keyChanged` says the key must be kept (written) now.
    public mutating func respond(to apdu: [UInt8]) -> (response: [UInt8], keyChanged: Bool) {
        guard apdu.count >= 4 else { return (Status.insNotSupported, false) }
        switch (apdu[0], apdu[1]) {
        case (0x00, 0xA4): return (select(apdu), false)
        case (0x90, 0x71): return (authenticateFirst(apdu), false)
        case (0x90, 0xAF): return (authenticateSecond(apdu), false)
        case (0x90, 0xC4): return changeKey(apdu)
        case (0x90, _): return (Status.illegalCommand, false)
        default: return (Status.insNotSupported, false)
        }
    }

    private mutating func select(_ apdu: [UInt8]) -> [UInt8] {
        session = nil
        pendingRndB = nil
        selected = apdu.count >= 12 && Array(apdu[4..<12]) == Array(NTAG424Commands.selectApplication[4..<12])
        return selected ? Status.ok : Status.fileNotFound
    }

    private mutating func authenticateFirst(_ apdu: [UInt8]) -> [UInt8] {
        session = nil
        guard selected else { return Status.permissionDenied }
        guard apdu.count >= 7, apdu[4] >= 1 else { return Status.lengthError }
        guard apdu[5] == NTAG424Commands.applicationKeyNumber else { return Status.noSuchKey }
        let rndB = NTAG424Commands.randomBytes(16)
        pendingRndB = rndB
        return AESBlock.cbcEncrypt(rndB, key: key) + Status.additionalFrame
    }

    private mutating func authenticateSecond(_ apdu: [UInt8]) -> [UInt8] {
        guard let rndB = pendingRndB else { return Status.permissionDenied }
        pendingRndB = nil
        guard apdu.count >= 37, apdu[4] == 0x20 else { return Status.lengthError }
        let plain = AESBlock.cbcDecrypt(Array(apdu[5..<37]), key: key)
        let rndA = Array(plain[0..<16])
        guard Array(plain[16..<32]) == EV2Authentication.rotateLeft(rndB) else { return Status.authenticationError }
        let transactionID = NTAG424Commands.randomBytes(4)
        session = EV2Session(key: key, rndA: rndA, rndB: rndB, transactionID: transactionID)
        let capabilities = [UInt8](repeating: 0, count: 12)  // PDcap2 ‖ PCDcap2
        return AESBlock.cbcEncrypt(transactionID + EV2Authentication.rotateLeft(rndA) + capabilities, key: key)
            + Status.operationOK
    }

    /// ChangeKey of key 0 in CommMode.Full: `KeyNo ‖ E(NewKey ‖ KeyVer ‖ pad) ‖ MACt`.
    private mutating func changeKey(_ apdu: [UInt8]) -> (response: [UInt8], keyChanged: Bool) {
        guard let current = session else { return (Status.permissionDenied, false) }
        guard apdu.count >= 5 + 1 + 32 + 8, apdu[4] == 1 + 32 + 8 else { return (Status.lengthError, false) }
        let keyNumber = apdu[5]
        let encrypted = Array(apdu[6..<38]), mac = Array(apdu[38..<46])
        guard current.truncatedMAC(0xC4, [keyNumber] + encrypted) == mac else {
            session = nil
            return (Status.integrityError, false)
        }
        guard keyNumber == NTAG424Commands.applicationKeyNumber else { return (Status.noSuchKey, false) }
        let plain = AESBlock.cbcDecrypt(encrypted, key: current.encryptionKey, iv: current.commandIV())
        guard plain[17] == 0x80, plain[18...].allSatisfy({ $0 == 0 }) else { return (Status.integrityError, false) }
        key = CardKey(unchecked: Array(plain[0..<16]))
        keyVersion = plain[16]
        // Changing the key one is authenticated with ends the session (datasheet 10.6.1).
        session = nil
        return (Status.operationOK, true)
    }
}
