import PasjesCore
import PasjesProtocol

extension RPCError {
    /// A ledger refusal on the wire: code -32000, the stable code in `data.reason`.
    init(_ error: LedgerError) {
        self.init(code: Code.refused, message: error.message, reason: error.code, detail: error.detail)
    }

    /// A refusal made by the daemon itself (tap tokens, roles, grace period).
    static func refused(_ reason: String, _ message: String, detail: String? = nil) -> RPCError {
        RPCError(code: Code.refused, message: message, reason: reason, detail: detail)
    }

    /// A refusal of the vocabulary, with its one Dutch sentence.
    static func refused(_ reason: Reason, detail: String? = nil) -> RPCError {
        refused(reason.code, reason.message, detail: detail)
    }

    static let tapTokenRequired = refused(.tapTokenRequired)
    static let tapTokenUnknown = refused(.tapTokenUnknown)
    static let tapTokenExpired = refused(.tapTokenExpired)
    static let tapTokenUsed = refused(.tapTokenUsed)
    static let tapTokenWrongCounter = refused(.tapTokenWrongCounter)
    static let chargePending = RPCError(
        code: Code.unavailable, message: "De betaling is nog in behandeling. Probeer het zo opnieuw.",
        reason: "unavailable", detail: "the first attempt with this idempotencyKey is still being booked; retry with the same key")
    static let reasonRequired = refused("reason_required", "Geef een reden op om zonder pas af te rekenen.")
    static let gracePeriodOver = refused(.gracePeriodOver)
    static let notYourSale = refused(.notYourSale)
}
