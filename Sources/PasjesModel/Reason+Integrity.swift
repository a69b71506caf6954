extension Reason {
    // A ledger file that contradicts itself: never a crash, always a clear refusal
    public static let ledgerInconsistent = Reason(
        "ledger_inconsistent",
        "De administratie klopt niet: een gegeven in het grootboek ontbreekt of is ongeldig. "
            + "Neem contact op met de beheerder; er is niets geboekt.")

    /// The reasons above, in `Reason.all`.
    static let integrityReasons: [Reason] = [ledgerInconsistent]
}
