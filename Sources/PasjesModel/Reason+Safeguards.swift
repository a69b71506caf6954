extension Reason {
    // Undoing solidarity grants, confirmations, month close in order, absence days
    public static let grantUnknown = Reason("grant_unknown", "Deze toekenning uit de solidariteitspot is niet bekend.")
    public static let confirmationRequired = Reason(
        "confirmation_required", "Dit vraagt om bevestiging: geef --ja mee, of bevestig in de terminal.")
    public static let monthBeforeLedger = Reason(
        "month_before_ledger", "In deze maand is nog niets geboekt: er valt niets af te sluiten.")
    public static let monthEarlierOpen = Reason(
        "month_earlier_open", "Een eerdere maand is nog open: maanden sluiten op volgorde.")
    public static let clientAbsent = Reason(
        "client_absent", "Deze cliënt is die dag afwezig (bijvoorbeeld in het ziekenhuis): boeken kan niet.")

    /// The reasons above, in `Reason.all`.
    static let safeguardReasons: [Reason] = [
        grantUnknown, confirmationRequired, monthBeforeLedger, monthEarlierOpen, clientAbsent,
    ]
}
