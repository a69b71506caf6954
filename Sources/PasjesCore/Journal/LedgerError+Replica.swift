import PasjesModel

extension LedgerError {
    /// A foreign entry's origin sequence skips one: an entry of that origin is missing before it.
    static let originGap = LedgerError(
        code: "origin_gap", message: "Er ontbreekt een boeking van een andere locatie; er is niets overgenomen.")
    /// The same origin and sequence arrived with other content: two different entries claim one
    /// place in an origin's history. Applying stops; an operator must look.
    static let originConflict = LedgerError(
        code: "origin_conflict",
        message: "Twee verschillende boekingen met hetzelfde nummer van één locatie; er is niets overgenomen.")
    /// A foreign entry was refused by the rules where it is applied.
    static let replayRefused = LedgerError(
        code: "replay_refused", message: "Een boeking van een andere locatie past hier niet; er is niets overgenomen.")
}

extension LedgerError {
    /// The organisation's log does not continue this ledger (a failover lost entries this node
    /// applied): writing stops until an operator looks.
    public static let logFork = LedgerError(
        code: "log_fork",
        message: "De centrale administratie sluit niet aan op deze kassa; er wordt niets geboekt. Waarschuw de beheerder.")
    /// The central log could not be reached, and the entry is proven not to be in it.
    public static let centralUnavailable = LedgerError(
        code: "central_unavailable", message: "De centrale administratie is niet bereikbaar; er is niets geboekt.")
    /// No answer in time and no way yet to know whether the entry was booked.
    public static let centralUnknown = LedgerError(
        code: "central_unknown",
        message: "Onbekend of dit geboekt is; probeer opnieuw met dezelfde sleutel (dan wordt het niet dubbel geboekt).")
    /// The central log refused this node's entry (a setup or clock problem): nothing booked.
    public static let centralRefused = LedgerError(
        code: "central_refused", message: "De centrale administratie weigert deze boeking; er is niets geboekt. Waarschuw de beheerder.")
}
