import PasjesModel
import PasjesMoney

/// Refusals of undoing solidarity money: each says what stands in the way.
extension LedgerError {
    /// `grant_unknown`: no solidarity grant has that transfer id.
    static func grantUnknown(_ id: String) -> LedgerError {
        LedgerError(code: Reason.grantUnknown.code,
                    message: "Boeking \(id.prefix(40)) is geen toekenning uit de solidariteitspot (zie pasjes wallet … --history).",
                    detail: "no solidarity_grant \(id.prefix(40))")
    }

    /// `already_reversed`: a grant goes back at most once.
    static func grantAlreadyReversed(_ id: String) -> LedgerError {
        LedgerError(code: Reason.alreadyReversed.code, message: "Deze toekenning is al teruggedraaid.", detail: id)
    }

    /// `insufficient_funds`: what was spent from a grant stays spent.
    static func grantSpent(_ client: String, balance: Amount, grant: Amount, unit: AmountUnit) -> LedgerError {
        LedgerError(code: Reason.insufficientFunds.code,
                    message: "Het saldo van \(client) (\(balance.formatted(unit))) is lager dan de toekenning "
                        + "(\(grant.formatted(unit))): er is al van betaald, de toekenning kan niet terug.",
                    detail: "wallet \(balance.minorUnits) < grant \(grant.minorUnits)")
    }

    /// `solidarity_insufficient`: the buffer granted away the contribution an allocation reversal would take back.
    static func solidarityCannotReturn(_ contribution: Amount, buffer: Amount, unit: AmountUnit) -> LedgerError {
        LedgerError(code: Reason.solidarityInsufficient.code,
                    message: "De solidariteitspot kan de bijdrage van dit budget (\(contribution.formatted(unit))) "
                        + "niet teruggeven: er staat nog \(buffer.formatted(unit)) in. Draai eerst een toekenning "
                        + "uit de pot terug (pasjes budget grant-reverse).",
                    detail: "buffer \(buffer.minorUnits) < contribution \(contribution.minorUnits)")
    }
}
