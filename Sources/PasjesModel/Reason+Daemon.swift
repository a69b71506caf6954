extension Reason {
    // Taps and counters
    public static let tapTokenRequired = Reason(
        "tap_token_required", "Laat de pas voor de lezer houden: een kassa rekent alleen af met een aangeboden pas.")
    public static let tapTokenUnknown = Reason("tap_token_unknown", "Deze pasaanbieding is niet bekend. Laat de pas opnieuw aanbieden.")
    public static let tapTokenExpired = Reason(
        "tap_token_expired", "De pas is te lang geleden aangeboden. Laat de pas opnieuw aanbieden.")
    public static let tapTokenUsed = Reason("tap_token_used", "Met deze pasaanbieding is al betaald. Laat de pas opnieuw aanbieden.")
    public static let tapTokenWrongCounter = Reason("tap_token_wrong_counter", "Deze pas is bij een andere kassa aangeboden.")
    public static let noTapToken = Reason("no_tap_token", "De pas gaf geen betaalcode. Laat de pas opnieuw aanbieden.")
    public static let cardUnreadable = Reason("card_unreadable", "De pas is niet goed gelezen. Leg de pas stil op de lezer.")
    public static let cardNotGenuine = Reason(
        "card_not_genuine", "Deze pas is niet echt (een kopie of een pas van een andere organisatie). Er is niets betaald.")
    public static let gracePeriodOver = Reason(
        "grace_period_over", "Te laat om terug te draaien: de termijn is voorbij. Vraag een beheerder.")
    public static let notYourSale = Reason("not_your_sale", "Alleen wie de verkoop deed, of een beheerder, kan hem terugdraaien.")
    // The protocol
    public static let forbidden = Reason("forbidden", "Dit mag u niet met uw rol.")
    public static let unavailable = Reason("unavailable", "pasjesd is even niet beschikbaar.")
    public static let tooSlow = Reason("too_slow", "pasjesd deed er te lang over; probeer het opnieuw.")
    public static let parseError = Reason("parse_error", "Ongeldige JSON.")
    public static let invalidRequest = Reason("invalid_request", "Ongeldig verzoek.")
    public static let methodNotFound = Reason("method_not_found", "Onbekende opdracht.")
    public static let invalidParams = Reason("invalid_params", "Ongeldige parameters.")
    public static let badReply = Reason("bad_reply", "pasjesd gaf een antwoord dat niet te lezen is.")

    /// Every reason, in the order a reader of the README would look for them.
    public static let all: [Reason] = [
        cardBlocked, cardLost, cardUnknown, cardExists, cardReplaced, cardOtherClient, activeCardExists, invalidCardUID,
        clientUnknown, clientExists, clientNotActive,
        insufficientFunds, notPersonalBudget, categoryNotAllowed, productUnknown, productExists, productInactive,
        counterUnknown, counterExists, emptyBasket, invalidQuantity, alreadyReversed, saleUnknown,
        alreadyAllocated, allocationUnknown, allocationSpent, allocationNotLatest, zzpUnknown, noTariff,
        reasonRequired, invalidAmount, invalidInput, invalidMonth, idempotencyConflict, amountOverflow, unitMismatch,
        databaseError, internalError,
        tapTokenRequired, tapTokenUnknown, tapTokenExpired, tapTokenUsed, tapTokenWrongCounter, noTapToken,
        cardUnreadable, cardNotGenuine, gracePeriodOver, notYourSale,
        forbidden, unavailable, tooSlow, parseError, invalidRequest, methodNotFound, invalidParams, badReply,
    ]
}
