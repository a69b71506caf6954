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
