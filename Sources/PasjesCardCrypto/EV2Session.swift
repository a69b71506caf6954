import PasjesMoney

/// An authenticated EV2 secure-messaging session (NTAG 424 DNA, DESFire EV2/EV3), as
/// AuthenticateEV2First leaves it: transaction identifier, session keys, command counter.
public struct EV2Session: Sendable {
    /// The card's transaction identifier (4 bytes).
    public let transactionID: [UInt8]
    /// SesAuthENCKey: encrypts command and response data in CommMode.Full.
    public let encryptionKey: CardKey
    /// SesAuthMACKey: MACs commands and responses.
    public let macKey: CardKey
    /// CmdCtr: commands completed in this session; part of every IV and MAC.
    public var commandCounter: UInt16

    /// A session from its parts (tests start one where the application note's example does).
    public init(transactionID: [UInt8], encryptionKey: CardKey, macKey: CardKey, commandCounter: UInt16 = 0) {
        self.transactionID = transactionID
        self.encryptionKey = encryptionKey
        self.macKey = macKey
        self.commandCounter = commandCounter
    }

    /// Session keys from the key and both randoms (NTAG 424 DNA datasheet 9.1.7):
    /// SV = label ‖ 00 01 00 80 ‖ RndA[15..14] ‖ (RndA[13..8] ⊕ RndB[15..10]) ‖ RndB[9..0] ‖ RndA[7..0].
    public init(key: CardKey, rndA: [UInt8], rndB: [UInt8], transactionID: [UInt8]) {
        precondition(rndA.count == 16 && rndB.count == 16 && transactionID.count == 4)
        func sessionVector(_ label: [UInt8]) -> [UInt8] {
            label + [0x00, 0x01, 0x00, 0x80] + rndA[0..<2] + AESBlock.xor(Array(rndA[2..<8]), Array(rndB[0..<6]))
                + rndB[6..<16] + rndA[8..<16]
        }
        self.transactionID = transactionID
        encryptionKey = CardKey(unchecked: AESCMAC.mac(sessionVector([0xA5, 0x5A]), key: key))
        macKey = CardKey(unchecked: AESCMAC.mac(sessionVector([0x5A, 0xA5]), key: key))
        commandCounter = 0
    }

    var counterBytes: [UInt8] { [UInt8(commandCounter & 0xFF), UInt8(commandCounter >> 8)] }

    /// IV for command data: E(SesAuthENCKey, A5 5A ‖ TI ‖ CmdCtr ‖ 00…).
    func commandIV() -> [UInt8] {
        AESBlock.encrypt([0xA5, 0x5A] + transactionID + counterBytes + [UInt8](repeating: 0, count: 8), key: encryptionKey)
    }

    /// MACt over `ins ‖ CmdCtr ‖ TI ‖ rest` (rest: header and data for commands, the data for responses).
    func truncatedMAC(_ code: UInt8, _ rest: [UInt8]) -> [UInt8] {
        AESCMAC.truncated(AESCMAC.mac([code] + counterBytes + transactionID + rest, key: macKey))
    }

    /// A CommMode.Full command APDU: header in clear, data padded and encrypted, MACt appended.
    public func fullCommand(ins: UInt8, header: [UInt8], data: [UInt8]) -> [UInt8] {
        let encrypted = AESBlock.cbcEncrypt(AESBlock.padISO9797M2(data), key: encryptionKey, iv: commandIV())
        let body = header + encrypted + truncatedMAC(ins, header + encrypted)
        precondition(body.count <= 255, "short APDUs only")
        return [0x90, ins, 0x00, 0x00, UInt8(body.count)] + body + [0x00]
    }

    /// Checks a response MAC (CommMode.MAC or Full) after `commandCounter` was advanced:
    /// MACt over `status ‖ CmdCtr ‖ TI ‖ data`.
    public func responseMACIsValid(status: UInt8, data: [UInt8], mac: [UInt8]) -> Bool {
        truncatedMAC(status, data) == mac
    }
}

/// The reader's half of AuthenticateEV2First (AN12196 section 6.6), step by step.
public struct EV2Authentication: Sendable {
    /// Why authentication did not succeed; stable codes.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The card's answer had the wrong length or status.
        case malformedAnswer(String)
        /// The card did not find our RndB' (it does not hold our key): status 91 AE.
        case refusedByCard(sw1: UInt8, sw2: UInt8)
        /// The card answered, but not with our RndA': it does not hold our key.
        case wrongCardProof

        /// Stable code.
        public var code: String {
            switch self {
            case .malformedAnswer: "malformed_answer"
            case .refusedByCard: "refused_by_card"
            case .wrongCardProof: "wrong_card_proof"
            }
        }

        /// What happened, without key material.
        public var description: String {
            switch self {
            case .malformedAnswer(let what): "\(code): \(what)"
            case .refusedByCard(let sw1, let sw2): "\(code): status \(Hex.encode([sw1, sw2], uppercase: true))"
            case .wrongCardProof: "\(code): the card's RndA' does not match"
            }
        }
    }

    let key: CardKey
    let rndA: [UInt8]
    var rndB: [UInt8] = []

    /// Starts with `key`; `rndA` is 16 random bytes (fixed only in known-answer tests).
    public init(key: CardKey, rndA: [UInt8]) {
        precondition(rndA.count == 16)
        self.key = key
        self.rndA = rndA
    }

    /// The first command: `90 71 00 00 02 KeyNo LenCap=00 00`.
    public static func firstCommand(keyNumber: UInt8) -> [UInt8] {
        [0x90, 0x71, 0x00, 0x00, 0x02, keyNumber, 0x00, 0x00]
    }

    /// From the card's `E(K, RndB) ‖ 91 AF`, the second command `90 AF … E(K, RndA ‖ RndB') 00`.
    public mutating func answer(challenge response: [UInt8]) throws(Failure) -> [UInt8] {
        guard response.count == 18, response[16] == 0x91, response[17] == 0xAF else {
            if response.count == 2 { throw .refusedByCard(sw1: response[0], sw2: response[1]) }
            throw .malformedAnswer("challenge of \(response.count) bytes")
        }
        rndB = AESBlock.cbcDecrypt(Array(response[0..<16]), key: key)
        let token = AESBlock.cbcEncrypt(rndA + EV2Authentication.rotateLeft(rndB), key: key)
        return [0x90, 0xAF, 0x00, 0x00, 0x20] + token + [0x00]
    }

    /// From the card's `E(K, TI ‖ RndA' ‖ PDcap2 ‖ PCDcap2) ‖ 91 00`, the session; throws unless the card proved the key.
    public func finish(response: [UInt8]) throws(Failure) -> EV2Session {
        guard response.count == 34, response[32] == 0x91, response[33] == 0x00 else {
            if response.count == 2 { throw .refusedByCard(sw1: response[0], sw2: response[1]) }
            throw .malformedAnswer("proof of \(response.count) bytes")
        }
        let plain = AESBlock.cbcDecrypt(Array(response[0..<32]), key: key)
        guard Array(plain[4..<20]) == EV2Authentication.rotateLeft(rndA) else { throw .wrongCardProof }
        return EV2Session(key: key, rndA: rndA, rndB: rndB, transactionID: Array(plain[0..<4]))
    }

    /// RndX' : rotated left by one byte.
    static func rotateLeft(_ bytes: [UInt8]) -> [UInt8] {
        Array(bytes.dropFirst()) + [bytes[0]]
    }
}
