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

    static let tapTokenRequired = refused(
        "tap_token_required", "Laat de pas voor de lezer houden: een kassa rekent alleen af met een aangeboden pas.")
    static let tapTokenUnknown = refused("tap_token_unknown", "Deze pasaanbieding is niet bekend. Laat de pas opnieuw aanbieden.")
    static let tapTokenExpired = refused("tap_token_expired", "De pas is te lang geleden aangeboden. Laat de pas opnieuw aanbieden.")
    static let tapTokenUsed = refused("tap_token_used", "Met deze pasaanbieding is al betaald. Laat de pas opnieuw aanbieden.")
    static let tapTokenWrongCounter = refused(
        "tap_token_wrong_counter", "Deze pas is bij een andere kassa aangeboden.")
    static let chargePending = RPCError(
        code: Code.unavailable, message: "De betaling is nog in behandeling. Probeer het zo opnieuw.",
        reason: "unavailable", detail: "the first attempt with this idempotencyKey is still being booked; retry with the same key")
    static let reasonRequired = refused("reason_required", "Geef een reden op om zonder pas af te rekenen.")
    static let gracePeriodOver = refused(
        "grace_period_over", "Te laat om terug te draaien: de termijn is voorbij. Vraag een beheerder.")
    static let notYourSale = refused("not_your_sale", "Alleen wie de verkoop deed, of een beheerder, kan hem terugdraaien.")
}
