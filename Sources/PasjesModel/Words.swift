/// Whether a client is in care here: only active clients can pay.
public enum ClientStatus: String, VocabularyValue {
    case active
    case absent
    case ended

    public static let fieldName = "status"
}

/// A card's state: only an active card pays.
public enum CardState: String, VocabularyValue {
    case active
    case blocked
    case lost

    public static let fieldName = "state"
}

/// Product categories; only `zorg` may use the reserve, and never own money.
public enum ProductCategory: String, VocabularyValue {
    case zorg
    case dagbesteding
    case facilitair
    case welzijn

    public static let fieldName = "category"
}

/// What happened at a reader, or to the card service, in a `reader.changed` event.
public enum ReaderState: String, VocabularyValue {
    /// A card lies on the reader.
    case present
    /// The card was taken away.
    case absent
    /// pcscd answers again.
    case serviceUp = "service_up"
    /// pcscd is gone; taps wait until it is back.
    case serviceDown = "service_down"

    public static let fieldName = "reader state"
}

/// Event names delivered to subscribers as notifications.
public enum EventTopic: String, VocabularyValue {
    case saleCompleted = "sale.completed"
    case saleReversed = "sale.reversed"
    case cardTapped = "card.tapped"
    case readerChanged = "reader.changed"
    /// A card failed authentication (a clone, another site's card): admins only.
    case cardSuspect = "card.suspect"
    /// Bookings, the waiting list or the free places of an activity session changed.
    case activityChanged = "activity.changed"
    /// A node of several locations went offline or online, or its queue of offline entries changed.
    case syncChanged = "sync.changed"

    public static let fieldName = "topic"
}

/// How often an arrangement line recurs: so many per week or per month.
public enum ArrangementPeriod: String, VocabularyValue {
    case week
    case month

    public static let fieldName = "per"
}

/// Why a client is away; hospital days give ZZG points back, so the arrangement is refunded.
public enum AbsenceReason: String, VocabularyValue {
    case hospital
    case rehabilitation
    case other

    public static let fieldName = "reason"

    /// `ziekenhuis`, `revalidatie`, `anders`: the word on the statement and in `pasjes`.
    public var dutch: String {
        switch self {
        case .hospital: "ziekenhuis"
        case .rehabilitation: "revalidatie"
        case .other: "anders"
        }
    }
}
