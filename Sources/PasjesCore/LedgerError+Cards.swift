import PasjesModel

extension LedgerError {
    /// A charge named a client and a card of someone else.
    public static let cardOtherClient = LedgerError(.cardOtherClient)
    /// Unblocking a card needs a reason on the record: a lost card that pays again must be explained.
    public static let reasonRequired = LedgerError(
        code: "reason_required", message: "Geef een reden op om deze pas weer actief te maken.")
    /// The code of `activeCardExists(_:client:)`.
    public static let activeCardExistsCode = Reason.activeCardExists.code

    /// A second active card for a client, not asked for as an extra card; the message names the active one.
    public static func activeCardExists(_ uid: String, client: String) -> LedgerError {
        LedgerError(code: activeCardExistsCode,
                    message: "Cliënt \(client) heeft al een actieve pas (\(uid)). Een tweede actieve pas koppelt u alleen als extra pas.")
    }
}
