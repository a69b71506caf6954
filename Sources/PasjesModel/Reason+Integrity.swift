extension Reason {
    // A ledger file that contradicts itself or is damaged: never a crash, always a clear refusal
    public static let ledgerInconsistent = Reason(
        "ledger_inconsistent",
        "De administratie klopt niet: een gegeven in het grootboek ontbreekt of is ongeldig. "
            + "Neem contact op met de beheerder; er is niets geboekt.")
    public static let ledgerDamaged = Reason(
        "ledger_damaged",
        "Het grootboek is beschadigd: er is geen nieuwe kopie gemaakt. "
            + "Zet de nieuwste goede kopie terug en bewaar het beschadigde bestand voor onderzoek.")

    /// The reasons above, in `Reason.all`.
    static let integrityReasons: [Reason] = [ledgerInconsistent, ledgerDamaged]
}
