import GRDB

/// A refusal or failure of the ledger, with a stable code and a Dutch message for a cashier.
///
/// Codes never change once shipped: clients, scripts and the wire protocol branch on them.
/// Modelled on GRDB's `ResultCode`: a struct with static constants, so new codes can be added
/// without breaking exhaustive switches elsewhere.
public struct LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable machine-readable code, e.g. `insufficient_funds`.
    public var code: String
    /// A Dutch sentence fit to show a cashier.
    public var message: String
    /// Extra facts for the log (never shown to a resident).
    public var detail: String?

    public init(code: String, message: String, detail: String? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
    }

    /// The same error with `detail` filled in.
    public func with(_ detail: String) -> LedgerError {
        LedgerError(code: code, message: message, detail: detail)
    }

    public var description: String {
        detail.map { "\(code): \(message) (\($0))" } ?? "\(code): \(message)"
    }

    /// Errors compare by code: the message and detail are for people.
    public static func == (lhs: LedgerError, rhs: LedgerError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension LedgerError {
    public static let cardBlocked = LedgerError(code: "card_blocked", message: "Deze pas is geblokkeerd.")
    public static let cardLost = LedgerError(code: "card_lost", message: "Deze pas is als verloren opgegeven.")
    public static let cardUnknown = LedgerError(code: "card_unknown", message: "Deze pas is niet bekend.")
    public static let cardExists = LedgerError(code: "card_exists", message: "Deze pas is al gekoppeld.")
    public static let invalidCardUID = LedgerError(
        code: "invalid_card_uid", message: "Ongeldig pasnummer (4, 7 of 10 bytes hex).")
    public static let clientUnknown = LedgerError(code: "client_unknown", message: "Deze cliënt is niet bekend.")
    public static let clientExists = LedgerError(code: "client_exists", message: "Dit cliëntnummer bestaat al.")
    public static let clientNotActive = LedgerError(
        code: "client_not_active", message: "Deze cliënt is niet actief (afwezig of uit zorg).")
    public static let insufficientFunds = LedgerError(
        code: "insufficient_funds", message: "Niet genoeg budget voor deze aankoop.")
    public static let notPersonalBudget = LedgerError(
        code: "not_personal_budget", message: "Dit product hoort niet bij het persoonlijk budget.")
    public static let categoryNotAllowed = LedgerError(
        code: "category_not_allowed", message: "Dit product wordt niet aan deze kassa verkocht.")
    public static let productUnknown = LedgerError(code: "product_unknown", message: "Dit product is niet bekend.")
    public static let productExists = LedgerError(code: "product_exists", message: "Deze productcode bestaat al.")
    public static let productInactive = LedgerError(code: "product_inactive", message: "Dit product is niet meer te koop.")
    public static let counterUnknown = LedgerError(code: "counter_unknown", message: "Deze kassa is niet bekend.")
    public static let counterExists = LedgerError(code: "counter_exists", message: "Deze kassa bestaat al.")
    public static let emptyBasket = LedgerError(code: "empty_basket", message: "Het mandje is leeg.")
    public static let invalidQuantity = LedgerError(code: "invalid_quantity", message: "Ongeldig aantal.")
    public static let invalidAmount = LedgerError(code: "invalid_amount", message: "Ongeldig bedrag.")
    public static let invalidInput = LedgerError(code: "invalid_input", message: "Ongeldige invoer.")
    public static let invalidMonth = LedgerError(code: "invalid_month", message: "Ongeldige maand (JJJJ-MM).")
    public static let alreadyReversed = LedgerError(
        code: "already_reversed", message: "Deze verkoop is al teruggedraaid.")
    public static let saleUnknown = LedgerError(code: "sale_unknown", message: "Deze verkoop is niet bekend.")
    public static let alreadyAllocated = LedgerError(
        code: "already_allocated", message: "Voor deze maand is al een ander budget toegekend.")
    public static let idempotencyConflict = LedgerError(
        code: "idempotency_conflict", message: "Deze sleutel is al gebruikt voor een ander verzoek.")
    public static let amountOverflow = LedgerError(
        code: "amount_overflow", message: "Bedrag te groot om te boeken.")
    public static let noTariff = LedgerError(
        code: "no_tariff", message: "Geen dagtarief bekend voor dit ZZP.")
    public static let unitMismatch = LedgerError(
        code: "unit_mismatch", message: "Deze database gebruikt een andere betaaleenheid.")
    public static let databaseError = LedgerError(
        code: "database_error", message: "De administratie kon dit niet opslaan.")
    public static let internalError = LedgerError(
        code: "internal_error", message: "Er ging intern iets mis; er is niets geboekt.")
    public static let cardReplaced = LedgerError(
        code: "card_replaced", message: "Deze pas is al vervangen door een nieuwe pas.")

    /// Any error as a `LedgerError`: storage errors as `database_error`, the rest `internal_error`.
    public static func wrapping(_ error: any Error) -> LedgerError {
        switch error {
        case let ledger as LedgerError: ledger
        case let database as DatabaseError:
            databaseError.with("\(database.resultCode): \(database.message ?? "")")
        default: internalError.with(String(describing: error))
        }
    }
}

extension LedgerError {
    // The code stays `invalid_input` (scripts branch on it); the message names the rule.
    public static let invalidClientNumber = LedgerError(
        code: "invalid_input", message: "Ongeldig cliëntnummer: alleen letters, cijfers en - (geen spaties of andere tekens).")
    public static let invalidClientName = LedgerError(
        code: "invalid_input", message: "Ongeldige naam: een naam mag niet leeg zijn of alleen uit spaties bestaan.")
}
