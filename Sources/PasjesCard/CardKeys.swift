import CPCSCLite
import PasjesCardCrypto

/// Which key a card on a reader should prove it holds; the daemon answers from the ledger and
/// the site's key file. Called on the monitor thread, once per tap of a readable card.
public protocol CardKeyDirectory: Sendable {
    /// The key to authenticate the card `uid` with (upper-case hex), or why there is none.
    func authenticationKey(forUID uid: String) -> CardKeyChoice
}

/// The answer of a `CardKeyDirectory` for one UID.
public enum CardKeyChoice: Sendable {
    /// No key on record: the card is not authenticated (the policy decides what that means).
    case none
    /// Authenticate with this diversified key, of this key version.
    case key(CardKey, version: Int)
    /// A key is (or may be) on record but cannot be used (its version was retired, the ledger
    /// could not be read): the card is refused, never waved through.
    case unavailable(version: Int?, reason: String)
}

extension PCSCCard {
    /// Runs `body` inside a PC/SC transaction, so no other connection (the monitor, a second
    /// issue) sends APDUs between ours and breaks the card's authentication state.
    func exclusively<T>(_ body: () throws -> T) throws -> T {
        try PCSCError.check(SCardBeginTransaction(handle))
        defer { _ = SCardEndTransaction(handle, DWORD(SCARD_LEAVE_CARD)) }
        return try body()
    }

    /// This card as the NTAG 424 commands' transport.
    var ntagTransport: NTAG424Commands.Transmit {
        { apdu in try self.transmit(apdu) }
    }
}

extension MonitorLoop {
    /// The authentication part of a tap: asks the directory for the card's key and, when there
    /// is one, runs AuthenticateEV2First on the same connection the UID was read on.
    func authenticate(_ card: PCSCCard, uid: String) -> CardAuthentication {
        guard let directory = monitor.keyDirectory else { return .notAttempted }
        switch directory.authenticationKey(forUID: uid) {
        case .none:
            return .notAttempted
        case .unavailable(let version, let reason):
            // No version: the ledger could not say which key the card has (fail closed).
            return .failed(keyVersion: version, code: version == nil ? "key_unknown" : "key_retired", reason: reason)
        case .key(let key, let version):
            do {
                _ = try card.exclusively {
                    try NTAG424Commands.authenticate(key: key, transmit: card.ntagTransport)
                }
                return .genuine(keyVersion: version)
            } catch let failure as NTAG424Commands.Failure {
                return .failed(keyVersion: version, code: failure.code, reason: failure.description)
            } catch {
                return .failed(keyVersion: version, code: "transport", reason: "\(error)")
            }
        }
    }
}
