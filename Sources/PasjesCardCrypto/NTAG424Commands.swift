import PasjesMoney

/// The reader's side of the few NTAG 424 DNA commands pasjes uses, over any APDU transport
/// (PC/SC in the daemon, an in-process card in tests).
public enum NTAG424Commands {
    /// ISOSelectFile by DF name `D2 76 00 00 85 01 01`: the NTAG 424 DNA application (NDEF).
    public static let selectApplication: [UInt8] = [0x00, 0xA4, 0x04, 0x00, 0x07, 0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01, 0x00]
    /// The application master key (key 0): the key pasjes diversifies, changes and authenticates with.
    public static let applicationKeyNumber: UInt8 = 0

    /// Sends one command APDU and returns the response APDU including SW1 SW2.
    public typealias Transmit = ([UInt8]) throws -> [UInt8]

    /// Why a card is not (or not yet) ours; stable codes for logs and events.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The card has no NTAG 424 DNA application (a UID-only card, a "magic" clone): the select's status.
        case noApplication(sw1: UInt8, sw2: UInt8)
        /// AuthenticateEV2First failed: the card does not hold the key.
        case authentication(EV2Authentication.Failure)
        /// ChangeKey was refused (status) or its answer was not 91 00.
        case changeKeyRefused(sw1: UInt8, sw2: UInt8)
        /// The reader or pcscd failed (card pulled away, …).
        case transport(String)

        /// Stable code.
        public var code: String {
            switch self {
            case .noApplication: "no_application"
            case .authentication(let failure): failure.code
            case .changeKeyRefused: "change_key_refused"
            case .transport: "transport"
            }
        }

        /// What happened, without key material.
        public var description: String {
            switch self {
            case .noApplication(let sw1, let sw2): "\(code): select answered \(Hex.encode([sw1, sw2], uppercase: true))"
            case .authentication(let failure): failure.description
            case .changeKeyRefused(let sw1, let sw2): "\(code): status \(Hex.encode([sw1, sw2], uppercase: true))"
            case .transport(let what): "\(code): \(what)"
            }
        }
    }

    /// Selects the application and runs AuthenticateEV2First with `key`; the session on success.
    public static func authenticate(key: CardKey, keyNumber: UInt8 = applicationKeyNumber,
                                    rndA: [UInt8] = randomBytes(16), transmit: Transmit) throws(Failure) -> EV2Session {
        let selected = try send(selectApplication, transmit)
        guard selected.count >= 2, selected.suffix(2) == [0x90, 0x00] else {
            throw .noApplication(sw1: selected.count >= 2 ? selected[selected.count - 2] : 0,
                                 sw2: selected.last ?? 0)
        }
        var authentication = EV2Authentication(key: key, rndA: rndA)
        do {
            let second = try authentication.answer(challenge: try send(EV2Authentication.firstCommand(keyNumber: keyNumber), transmit))
            return try authentication.finish(response: try send(second, transmit))
        } catch let failure as EV2Authentication.Failure {
            throw .authentication(failure)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .transport("\(error)")
        }
    }

    /// ChangeKey of the key this session authenticated with (key 0): `NewKey ‖ KeyVer` in
    /// CommMode.Full. The card writes it atomically (tearing-proof), and the session ends with it.
    public static func changeAuthenticationKey(session: EV2Session, keyNumber: UInt8 = applicationKeyNumber,
                                               newKey: CardKey, keyVersion: UInt8, transmit: Transmit) throws(Failure) {
        let command = session.fullCommand(ins: 0xC4, header: [keyNumber], data: newKey.secretBytes + [keyVersion])
        let response = try send(command, transmit)
        guard response == [0x91, 0x00] else {
            throw .changeKeyRefused(sw1: response.count >= 2 ? response[response.count - 2] : 0, sw2: response.last ?? 0)
        }
    }

    /// Random bytes from the system's cryptographic generator.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    private static func send(_ apdu: [UInt8], _ transmit: Transmit) throws(Failure) -> [UInt8] {
        do {
            return try transmit(apdu)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .transport("\(error)")
        }
    }
}
