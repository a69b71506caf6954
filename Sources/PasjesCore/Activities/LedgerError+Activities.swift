import PasjesModel

extension LedgerError {
    public static let activityUnknown = LedgerError(.activityUnknown)
    public static let activityExists = LedgerError(.activityExists)
    public static let sessionUnknown = LedgerError(.sessionUnknown)
    public static let sessionExists = LedgerError(.sessionExists)
    public static let sessionNotOpen = LedgerError(.sessionNotOpen)
    public static let sessionStarted = LedgerError(.sessionStarted)
    public static let sessionNotStarted = LedgerError(.sessionNotStarted)
    public static let sessionFull = LedgerError(.sessionFull)
    public static let waitingListFull = LedgerError(.waitingListFull)
    public static let alreadyBooked = LedgerError(.alreadyBooked)
    public static let bookingUnknown = LedgerError(.bookingUnknown)
    public static let budgetOrange = LedgerError(.budgetOrange)
}
