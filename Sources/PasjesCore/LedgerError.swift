import GRDB
import PasjesModel

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

    /// The vocabulary's reason as an error: its code and its one Dutch sentence.
    public init(_ reason: Reason, detail: String? = nil) {
        self.init(code: reason.code, message: reason.message, detail: detail)
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
    public static let cardBlocked = LedgerError(.cardBlocked)
    public static let arrangementUnknown = LedgerError(.arrangementUnknown)
    public static let arrangementEnded = LedgerError(.arrangementEnded)
    public static let solidarityInsufficient = LedgerError(.solidarityInsufficient)
    public static let absenceOverlaps = LedgerError(.absenceOverlaps)
    public static let cardLost = LedgerError(.cardLost)
    public static let cardUnknown = LedgerError(.cardUnknown)
    public static let cardExists = LedgerError(.cardExists)
    public static let invalidCardUID = LedgerError(.invalidCardUID)
    public static let clientUnknown = LedgerError(.clientUnknown)
    public static let clientExists = LedgerError(.clientExists)
    public static let clientNotActive = LedgerError(.clientNotActive)
    public static let insufficientFunds = LedgerError(.insufficientFunds)
    public static let notPersonalBudget = LedgerError(.notPersonalBudget)
    public static let categoryNotAllowed = LedgerError(.categoryNotAllowed)
    public static let productUnknown = LedgerError(.productUnknown)
    public static let productExists = LedgerError(.productExists)
    public static let productInactive = LedgerError(.productInactive)
    public static let counterUnknown = LedgerError(.counterUnknown)
    public static let counterExists = LedgerError(.counterExists)
    public static let emptyBasket = LedgerError(.emptyBasket)
    public static let invalidQuantity = LedgerError(.invalidQuantity)
    public static let invalidAmount = LedgerError(.invalidAmount)
    public static let invalidInput = LedgerError(.invalidInput)
    public static let invalidMonth = LedgerError(.invalidMonth)
    public static let alreadyReversed = LedgerError(.alreadyReversed)
    public static let saleUnknown = LedgerError(.saleUnknown)
    public static let alreadyAllocated = LedgerError(.alreadyAllocated)
    public static let idempotencyConflict = LedgerError(.idempotencyConflict)
    public static let amountOverflow = LedgerError(.amountOverflow)
    public static let noTariff = LedgerError(.noTariff)
    public static let unitMismatch = LedgerError(.unitMismatch)
    public static let databaseError = LedgerError(.databaseError)
    public static let internalError = LedgerError(.internalError)
    public static let cardReplaced = LedgerError(.cardReplaced)

    /// Any error as a `LedgerError`: a full disk as `storage_full`, other storage errors as
    /// `database_error`, values the file should never hold as `ledger_inconsistent`, the rest
    /// `internal_error`.
    public static func wrapping(_ error: any Error) -> LedgerError {
        switch error {
        case let ledger as LedgerError: ledger
        case let database as DatabaseError: LedgerError.database(database)
        default: inconsistency(error) ?? internalError.with(String(describing: error))
        }
    }
}

extension LedgerError {
    // The code stays `invalid_input` (scripts branch on it); the message names the rule.
    public static let invalidClientNumber = LedgerError(
        code: "invalid_input", message: "Ongeldig cliëntnummer: alleen letters, cijfers en - (geen spaties of andere tekens).")
    public static let invalidClientName = LedgerError(
        code: "invalid_input", message: "Ongeldige naam: een naam mag niet leeg zijn of alleen uit spaties bestaan.")

    /// Text with a character that hides or reorders what is shown (see `VisibleText`).
    public static func hiddenCharacter(_ scalar: Unicode.Scalar, label: String) -> LedgerError {
        LedgerError(code: "invalid_input", message: "\(capitalised(label)): onzichtbare tekens en richtingstekens "
                        + "(zoals \(VisibleText.code(scalar))) zijn niet toegestaan.")
    }

    /// A name without a letter or digit to read.
    public static func nameWithoutLetters(label: String) -> LedgerError {
        LedgerError(code: "invalid_input", message: "\(capitalised(label)): een naam heeft minstens één zichtbare letter of cijfer.",
                    detail: "name without a letter or digit")
    }

    private static func capitalised(_ label: String) -> String { label.prefix(1).uppercased() + label.dropFirst() }
}
