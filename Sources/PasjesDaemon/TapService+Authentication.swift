import PasjesCard
import PasjesCore
import PasjesProtocol

extension CardAuthentication {
    /// Whether a tap with this result may get a token: a genuine card always, a card without a
    /// key only while `[cards] require_auth` is off, a failed card never.
    func allowsPayment(requireAuthentication: Bool) -> Bool {
        switch self {
        case .genuine: true
        case .notAttempted: !requireAuthentication
        case .failed: false
        }
    }
}

extension TapService {
    /// The refusal the card's authentication calls for, before any other: a card that failed is
    /// `card_not_genuine`; a card without a key is `card_not_authenticated` under `require_auth`.
    func authenticationRefusal(_ authentication: CardAuthentication) -> LedgerError? {
        switch authentication {
        case .genuine: return nil
        case .notAttempted: return configuration.requireCardAuthentication ? LedgerError.cardNotAuthenticated : nil
        case .failed: return LedgerError.cardNotGenuine
        }
    }

    /// A card that failed authentication: a warning with reader and UID, and `card.suspect` for
    /// the admins (the counter's screen already got `card_not_genuine` in `card.tapped`).
    func reportSuspect(_ tap: CardTap, counter: String, at now: String, clientNumber: String?) {
        guard case .failed(let version, let check, let reason) = tap.authentication else { return }
        logger.warning("card not genuine: authentication failed",
                       metadata: ["reader": "\(tap.reader)", "uid": "\(tap.uid)", "counter": "\(counter)",
                                  "check": "\(check)", "keyVersion": "\(version.map(String.init) ?? "-")",
                                  "detail": "\(reason)"])
        dispatcher.hub.publish(.cardSuspect, counter: nil, CardSuspectEvent(
            at: now, reader: tap.reader, counter: counter, uid: tap.uid, clientNumber: clientNumber,
            reason: LedgerError.cardNotGenuine.code, check: check, keyVersion: version,
            message: "Een pas met UID \(tap.uid) bewees zijn sleutel niet (\(check)) bij kassa \(counter). "
                + "Mogelijk een kopie: blokkeer de pas als dit vaker gebeurt en geef de cliënt een nieuwe."))
    }
}
