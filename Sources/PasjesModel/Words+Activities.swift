/// The state of one activity session.
public enum SessionState: String, VocabularyValue {
    /// Bookable; check-in works from shortly before the start.
    case open
    /// Cancelled by staff: every hold released, nobody charged.
    case cancelled
    /// Settled by `activity.close` (or the sweep): no hold of it is left.
    case closed

    public static let fieldName = "session state"
}

/// Where one client stands for one session.
public enum BookingState: String, VocabularyValue {
    /// A place with a hold on the budget (nothing spent yet).
    case booked
    /// On the waiting list: no place, no hold.
    case waiting
    /// Checked in: the hold became a sale.
    case attended
    /// Cancelled by or for the client; the hold was released.
    case cancelled
    /// Cancelled late or not shown, and the policy charged the hold.
    case charged
    /// Released without a charge: session cancelled, absence, no-show under `release`, or left
    /// on the waiting list when the session closed.
    case released

    public static let fieldName = "booking state"
}

/// What happens to the hold of a late cancellation or a no-show: the organisation's choice.
public enum LatePolicy: String, VocabularyValue {
    /// Released in full: residents are not punished for being ill (the default).
    case release
    /// Charged as if attended.
    case charge

    public static let fieldName = "late policy"
}
