extension Reason {
    // Cards
    public static let cardBlocked = Reason("card_blocked", "Deze pas is geblokkeerd.")
    public static let cardLost = Reason("card_lost", "Deze pas is als verloren opgegeven.")
    public static let cardUnknown = Reason("card_unknown", "Deze pas is niet bekend.")
    public static let cardExists = Reason("card_exists", "Deze pas is al gekoppeld.")
    public static let cardReplaced = Reason("card_replaced", "Deze pas is al vervangen door een nieuwe pas.")
    public static let cardOtherClient = Reason("card_other_client", "Deze pas hoort niet bij deze cliënt.")
    public static let activeCardExists = Reason(
        "active_card_exists", "Deze cliënt heeft al een actieve pas. Blokkeer die eerst, of koppel deze als extra pas.")
    public static let invalidCardUID = Reason("invalid_card_uid", "Ongeldig pasnummer (4, 7 of 10 bytes hex).")
    // Clients
    public static let clientUnknown = Reason("client_unknown", "Deze cliënt is niet bekend.")
    public static let clientExists = Reason("client_exists", "Dit cliëntnummer bestaat al.")
    public static let clientNotActive = Reason("client_not_active", "Deze cliënt is niet actief (afwezig of uit zorg).")
    // Sales
    public static let insufficientFunds = Reason("insufficient_funds", "Niet genoeg budget voor deze aankoop.")
    public static let notPersonalBudget = Reason("not_personal_budget", "Dit product hoort niet bij het persoonlijk budget.")
    public static let categoryNotAllowed = Reason("category_not_allowed", "Dit product wordt niet aan deze kassa verkocht.")
    public static let productUnknown = Reason("product_unknown", "Dit product is niet bekend.")
    public static let productExists = Reason("product_exists", "Deze productcode bestaat al.")
    public static let productInactive = Reason("product_inactive", "Dit product is niet meer te koop.")
    public static let counterUnknown = Reason("counter_unknown", "Deze kassa is niet bekend.")
    public static let counterExists = Reason("counter_exists", "Deze kassa bestaat al.")
    public static let emptyBasket = Reason("empty_basket", "Het mandje is leeg.")
    public static let invalidQuantity = Reason("invalid_quantity", "Ongeldig aantal.")
    public static let alreadyReversed = Reason("already_reversed", "Deze verkoop is al teruggedraaid.")
    public static let saleUnknown = Reason("sale_unknown", "Deze verkoop is niet bekend.")
    // Budget
    public static let alreadyAllocated = Reason("already_allocated", "Voor deze maand is al een ander budget toegekend.")
    public static let allocationUnknown = Reason("allocation_unknown", "Voor deze cliënt en maand is geen budget toegekend.")
    public static let allocationSpent = Reason(
        "allocation_spent", "Van dit budget is al betaald; draai eerst die verkopen terug, daarna kan het budget terug.")
    public static let allocationNotLatest = Reason(
        "allocation_not_latest", "Alleen het laatst toegekende budget kan worden teruggedraaid.")
    public static let zzpUnknown = Reason("zzp_unknown", "Onbekend ZZP: de tarieven kennen het niet.")
    public static let noTariff = Reason("no_tariff", "Geen dagtarief bekend voor dit ZZP.")
    public static let reasonRequired = Reason("reason_required", "Geef een reden op.")
    // Month close
    public static let monthNotEnded = Reason("month_not_ended", "Deze maand is nog niet voorbij: afsluiten kan pas daarna.")
    public static let monthAlreadyClosed = Reason(
        "month_already_closed", "Deze maand is al afgesloten. Heropenen kan niet: corrigeer met een nieuwe boeking.")
    public static let monthClosed = Reason("month_closed", "Deze maand is afgesloten: daarin kan niets meer geboekt worden.")
    public static let monthCloseOrder = Reason(
        "month_close_order", "Een latere maand is al afgesloten: maanden sluiten op volgorde.")
    public static let monthPending = Reason("month_pending", "Deze maand kan nog niet dicht: er staat nog iets open.")
    public static let monthNotTiedOut = Reason(
        "month_not_tied_out", "Deze maand sluit niet aan: controleer met pasjes verify.")
    // Arrangements, absence, solidarity
    public static let arrangementUnknown = Reason("arrangement_unknown", "Deze vaste dienst bestaat niet.")
    public static let arrangementEnded = Reason("arrangement_ended", "Deze vaste dienst is al beëindigd.")
    public static let solidarityInsufficient = Reason(
        "solidarity_insufficient", "Er staat niet genoeg in de solidariteitspot voor deze toekenning.")
    public static let absenceOverlaps = Reason(
        "absence_overlaps", "Voor deze dagen is al een afwezigheid vastgelegd.")
    // Input and storage
    public static let invalidAmount = Reason("invalid_amount", "Ongeldig bedrag.")
    public static let invalidInput = Reason("invalid_input", "Ongeldige invoer.")
    public static let invalidMonth = Reason("invalid_month", "Ongeldige maand (JJJJ-MM).")
    public static let idempotencyConflict = Reason(
        "idempotency_conflict", "Deze sleutel is al gebruikt voor een ander verzoek.")
    public static let amountOverflow = Reason("amount_overflow", "Bedrag te groot om te boeken.")
    public static let unitMismatch = Reason("unit_mismatch", "Deze database gebruikt een andere betaaleenheid.")
    public static let databaseError = Reason("database_error", "De administratie kon dit niet opslaan.")
    public static let internalError = Reason("internal_error", "Er ging intern iets mis; er is niets geboekt.")
}
