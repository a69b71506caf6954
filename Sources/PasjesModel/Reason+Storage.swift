extension Reason {
    // The ledger's disk
    public static let storageFull = Reason(
        "storage_full", "De schijf van de kassacomputer is vol: er is niets geboekt. Waarschuw de beheerder.")

    /// The reasons above, in `Reason.all`.
    static let storageReasons: [Reason] = [storageFull]
}
