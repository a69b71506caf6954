/// Which forgotten sessions a node's sweep closes: in an organisation of several locations,
/// the node of a session's location does, and the head office after a day as a fallback.
public enum SweepScope: Hashable, Sendable {
    /// Every session (embedded: one pasjesd is the whole organisation).
    case all
    /// A location's node: the sessions whose desk counter stands at `location` (nil: none).
    case location(String?)
    /// The head office: the sessions of its own location (if any), those whose counter has no
    /// location, and every session that ended more than `fallbackHours` ago.
    case headOffice(location: String?)

    /// After how long the head office closes a session of any location.
    public static let fallbackHours = 24
}
