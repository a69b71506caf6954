extension Reason {
    // Undoing solidarity grants, confirmations
    public static let grantUnknown = Reason("grant_unknown", "Deze toekenning uit de solidariteitspot is niet bekend.")
    public static let confirmationRequired = Reason(
        "confirmation_required", "Dit vraagt om bevestiging: geef --ja mee, of bevestig in de terminal.")

    /// The reasons above, in `Reason.all`.
    static let safeguardReasons: [Reason] = [
        grantUnknown, confirmationRequired,
    ]
}
