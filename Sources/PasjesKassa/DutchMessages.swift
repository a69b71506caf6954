import PasjesModel
import PasjesProtocol

/// Every sentence the cashier reads, in plain Dutch, and the mapping from the daemon's stable
/// reasons to them.
public enum DutchMessages {
    /// The vocabulary's sentence for a refusal reason, or nil when the reason is not one we
    /// know (then the daemon's own Dutch `message` is shown). One table for the ledger, the
    /// daemon, this screen and the CLI: a resident hears the same words everywhere.
    public static func sentence(forReason reason: String) -> String? {
        Reason.message(for: reason)
    }

    /// Our sentence for `reason`, else the daemon's `message`, else the bare reason. For a
    /// reason whose message carries the facts (`offline_limit` names the limit and its amount)
    /// the daemon's message comes first.
    public static func sentence(forReason reason: String, message: String?) -> String {
        if daemonWordsFirst.contains(reason), let message, !message.isEmpty { return message }
        if let known = sentence(forReason: reason) { return known }
        if let message, !message.isEmpty { return message }
        if let ours = nodeRefusals[reason] { return ours }
        return "Geweigerd (\(reason))."
    }

    /// Reasons whose message from pasjesd says more than any fixed sentence can.
    static let daemonWordsFirst: Set<String> = ["offline_limit"]

    /// A node's refusals that are not in the vocabulary, for when pasjesd sends no message.
    static let nodeRefusals: [String: String] = [
        "offline_limit": "Boven de offline-limiet van deze locatie; er is niets geboekt.",
        "central_unavailable": "De centrale administratie is niet bereikbaar; er is niets geboekt.",
    ]

    /// The sentence for an error answer.
    public static func sentence(for error: RPCError) -> String {
        sentence(forReason: error.reason, message: error.message)
    }

    static func refusal(_ refusal: BasketRefusal) -> String {
        switch refusal {
        case .tooManyLines(let limit): "Het mandje is vol (\(limit) regels)."
        case .quantityLimit(let limit): "Meer dan \(limit) van één product kan niet."
        case .totalTooLarge: "Dit bedrag is te groot."
        }
    }

    static func unknownCounter(_ id: String) -> String {
        "Kassa '\(id)' is niet bekend bij pasjesd. Controleer --counter."
    }

    static let noProducts = "Deze kassa heeft geen producten. Vraag een beheerder."
    static let nothingToUndo = "Er is nog geen verkoop om terug te draaien."
    static let undoCancelled = "Terugdraaien geannuleerd."
    static let basketCleared = "Mandje leeggemaakt."
    static let basketEmpty = "Het mandje is leeg."
    static let pickFirst = "Kies eerst een product."
    static let reverseReason = "teruggedraaid aan de kassa"

    static let welcome = "Kies producten met de cijfer- en lettertoetsen."
    static let welcomeBalance = "Pas aanbieden zonder mandje toont het saldo."
    static let tapPrompt = "Houd de pas voor de lezer"
    static let charging = "Bezig met afrekenen..."
    static let chargeInterrupted = "Verbinding verbroken tijdens de betaling."
    static let chargeRetry = "Wordt opnieuw verstuurd, de klant betaalt maar één keer."
    static let doNotTapAgain = "Pas NIET opnieuw laten aanbieden; even wachten."
    static let paid = "BETAALD"
    /// Under BETAALD when pasjesd sold offline: queued, forwarded to the organisation later.
    static let paidOffline = "Offline betaald: wordt later verwerkt"
    /// Before a balance that is the last one this location knows (offline, or not caught up).
    static let lastKnownBalance = "Laatst bekend saldo"
    /// After `central_unavailable`: nothing is wrong with the basket.
    static let centralUnavailableRetry = "Het mandje blijft staan: laat de pas later opnieuw aanbieden."
    static let notPaid = "NIET BETAALD"
    static let basketKept = "Het mandje blijft staan: pas het aan en laat de pas opnieuw aanbieden."
    /// After `storage_full`: nothing to change at the counter, and no restart to wait for.
    static let storageFullRetry = "Zodra de beheerder ruimte heeft gemaakt, kunt u gewoon verder: laat de pas opnieuw aanbieden."
    static let confirmQuit = "Kassa afsluiten? j = ja, n = nee"
    static let reversing = "Bezig met terugdraaien..."
    static let reversed = "TERUGGEDRAAID"
    static let notReversed = "NIET TERUGGEDRAAID"
}
