import CPCSCLite
import PasjesCardCrypto
import PasjesMoney

/// The card lying on one reader, held in a PC/SC transaction for as long as an issue takes:
/// read its UID, find which key it holds, change that key. For `card.issue` at the admin's desk.
///
/// Uses its own pcsc-lite context: the monitor's is busy in `SCardGetStatusChange`.
public final class CardOnReader {
    /// Why the card on the reader cannot be worked with; stable codes.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// pcscd, the reader or the connection failed (no card on the reader, card pulled away).
        case pcsc(code: String, detail: String)
        /// The card answered GET DATA with something that is not a UID.
        case unreadable(String)

        /// Stable code.
        public var code: String {
            switch self {
            case .pcsc: "no_card"
            case .unreadable: "card_unreadable"
            }
        }

        /// What happened.
        public var description: String {
            switch self {
            case .pcsc(let name, let detail): "\(code): \(name) \(detail)"
            case .unreadable(let detail): "\(code): \(detail)"
            }
        }
    }

    /// The card's UID, upper-case hex.
    public let uid: String
    /// The UID's bytes: the diversification input.
    public let uidBytes: [UInt8]
    private let context: PCSCContext
    private let card: PCSCCard

    /// Connects to the card on `reader`, starts a transaction and reads the UID.
    public init(reader: String) throws(Failure) {
        do {
            context = try PCSCContext.establish()
        } catch {
            throw .pcsc(code: error.name, detail: "establishing a context")
        }
        do {
            card = try context.connect(reader: reader)
        } catch {
            context.release()
            throw .pcsc(code: error.name, detail: "connecting to \(reader)")
        }
        do {
            try PCSCError.check(SCardBeginTransaction(card.handle))
            let response = try card.transmit(CardUID.getUIDCommand)
            uid = try CardUID.parse(response: response)
            uidBytes = Hex.decode(uid) ?? []
        } catch let error as PCSCError {
            card.disconnect()
            context.release()
            throw .pcsc(code: error.name, detail: "reading the UID")
        } catch {
            card.disconnect()
            context.release()
            throw .unreadable("\(error)")
        }
    }

    /// Selects the application and authenticates with `key`.
    public func authenticate(key: CardKey) throws(NTAG424Commands.Failure) -> EV2Session {
        try NTAG424Commands.authenticate(key: key, transmit: card.ntagTransport)
    }

    /// Changes the application key the session authenticated with to `newKey`, version `keyVersion`.
    public func changeKey(session: EV2Session, to newKey: CardKey, keyVersion: UInt8) throws(NTAG424Commands.Failure) {
        try NTAG424Commands.changeAuthenticationKey(session: session, newKey: newKey, keyVersion: keyVersion,
                                                   transmit: card.ntagTransport)
    }

    /// Ends the transaction and lets go of the card and the context.
    public func close() {
        _ = SCardEndTransaction(card.handle, DWORD(SCARD_LEAVE_CARD))
        card.disconnect()
        context.release()
    }
}
