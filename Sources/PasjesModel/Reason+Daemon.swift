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
        "card_not_genuine", "Deze pas is niet echt of niet van ons: er wordt niet betaald. De beheerder is gewaarschuwd.")
    public static let cardNotAuthenticated = Reason(
        "card_not_authenticated", "Deze pas is nog niet beveiligd en betaalt hier niet meer. Vraag de beheerder om een nieuwe pas.")
    // Issuing a card at the desk
    public static let cardNotIssuable = Reason(
        "card_not_issuable", "Deze pas is geblokkeerd of verloren en kan niet worden uitgegeven.")
    public static let cardKeysMissing = Reason(
        "card_keys_missing", "Er is geen sleutelbestand ingesteld ([cards] key_file): passen uitgeven kan niet.")
    public static let issueReaderMissing = Reason(
        "issue_reader_missing", "Geen uitgiftelezer gevonden: sluit de lezer aan of geef --reader op.")
    public static let noCard = Reason("no_card", "Er ligt geen (leesbare) pas op de uitgiftelezer. Leg de pas stil op de lezer.")
    public static let cardNotNTAG424 = Reason(
        "card_not_ntag424", "Deze pas kan geen sleutel dragen (geen NTAG 424 DNA). Gebruik een NTAG 424 DNA-pas.")
    public static let cardNotBlank = Reason(
        "card_not_blank", "Deze pas is niet leeg en heeft geen sleutel van deze organisatie. Gebruik een nieuwe, lege pas.")
    public static let cardKeyChangeFailed = Reason(
        "card_key_change_failed", "De sleutel kon niet op de pas worden gezet. Leg de pas stil neer en probeer het opnieuw.")
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
    public static let replyTooLarge = Reason(
        "reply_too_large", "Het antwoord van pasjesd is te lang voor één regel van het protocol; vraag het in delen op.")

    /// Every reason, in the order a reader of the README would look for them.
    public static let all: [Reason] = [
        cardBlocked, cardLost, cardUnknown, cardExists, cardReplaced, cardOtherClient, activeCardExists, invalidCardUID,
        clientUnknown, clientExists, clientNotActive,
        insufficientFunds, notPersonalBudget, categoryNotAllowed, productUnknown, productExists, productInactive,
        counterUnknown, counterExists, emptyBasket, invalidQuantity, alreadyReversed, saleUnknown,
        alreadyAllocated, allocationUnknown, allocationSpent, allocationNotLatest, zzpUnknown, noTariff,
        monthNotEnded, monthAlreadyClosed, monthClosed, monthCloseOrder, monthPending, monthNotTiedOut,
        arrangementUnknown, arrangementEnded, solidarityInsufficient, absenceOverlaps,
        reasonRequired, invalidAmount, invalidInput, invalidMonth, idempotencyConflict, amountOverflow, unitMismatch,
        databaseError, internalError,
        tapTokenRequired, tapTokenUnknown, tapTokenExpired, tapTokenUsed, tapTokenWrongCounter, noTapToken,
        cardUnreadable, cardNotGenuine, cardNotAuthenticated, gracePeriodOver, notYourSale,
        cardNotIssuable, cardKeysMissing, issueReaderMissing, noCard, cardNotNTAG424, cardNotBlank, cardKeyChangeFailed,
        forbidden, unavailable, tooSlow, parseError, invalidRequest, methodNotFound, invalidParams, badReply, replyTooLarge,
    ] + activityReasons + importReasons + safeguardReasons + integrityReasons + storageReasons
}
