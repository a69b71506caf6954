extension Reason {
    // Day activities
    public static let activityUnknown = Reason("activity_unknown", "Deze activiteit is niet bekend.")
    public static let activityExists = Reason("activity_exists", "Deze activiteitcode bestaat al.")
    public static let sessionUnknown = Reason("session_unknown", "Deze bijeenkomst is niet bekend.")
    public static let sessionExists = Reason("session_exists", "Op dit tijdstip staat deze activiteit al gepland.")
    public static let sessionNotOpen = Reason(
        "session_not_open", "Deze bijeenkomst is geannuleerd of al afgesloten.")
    public static let sessionStarted = Reason("session_started", "Deze bijeenkomst is al begonnen: boeken kan niet meer.")
    public static let sessionNotStarted = Reason(
        "session_not_started", "Deze bijeenkomst is nog niet begonnen: aanmelden of afsluiten kan nog niet.")
    public static let sessionFull = Reason("session_full", "Deze bijeenkomst is vol.")
    public static let waitingListFull = Reason("waiting_list_full", "De wachtlijst van deze bijeenkomst is vol.")
    public static let alreadyBooked = Reason("already_booked", "Deze cliënt staat al op de lijst van deze bijeenkomst.")
    public static let bookingUnknown = Reason("booking_unknown", "Deze cliënt staat niet op de lijst van deze bijeenkomst.")
    public static let budgetOrange = Reason(
        "budget_orange", "Het budget staat op oranje of rood: er kunnen geen extra activiteiten geboekt worden.")

    /// The reasons of day activities, in `Reason.all`.
    static let activityReasons: [Reason] = [
        activityUnknown, activityExists, sessionUnknown, sessionExists, sessionNotOpen, sessionStarted,
        sessionNotStarted, sessionFull, waitingListFull, alreadyBooked, bookingUnknown, budgetOrange,
    ]
}
