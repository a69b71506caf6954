/// Why the organisation's log refused an append, or could not say whether it took it.
public enum CentralError: Error, Sendable, Equatable {
    /// The origin sequence is not the next one of that origin: an earlier entry is missing.
    case originGap
    /// The origin and origin sequence are already another entry (other content).
    case originConflict
    /// These read streams were written after the position the command was decided at.
    case streamConflict([String])
    /// An online entry's time is more than 60 s from PostgreSQL's clock.
    case clockSkew
    /// This node's role does not speak for the entry's origin.
    case notOrigin
    /// PostgreSQL refused the entry for another reason (SQLSTATE and message): nothing appended.
    case refused(String)
    /// No PostgreSQL host answered in time before the request was sent: nothing appended.
    case unavailable
    /// The request was sent but no answer came in time: it may or may not have been appended.
    case unknown

    /// The stable code, as in the daemon's reasons.
    public var code: String {
        switch self {
        case .originGap: "origin_gap"
        case .originConflict: "origin_conflict"
        case .streamConflict: "stream_conflict"
        case .clockSkew: "clock_skew"
        case .notOrigin: "not_origin"
        case .refused: "central_refused"
        case .unavailable: "central_unavailable"
        case .unknown: "central_unknown"
        }
    }

    /// Whether PostgreSQL refused this node's login (SQLSTATE 28P01 or 28000: a revoked node, a
    /// changed password): the log is there, and refuses every call until the node is let in.
    public var isLoginRefusal: Bool {
        guard case .refused(let reason) = self else { return false }
        return reason.hasPrefix("28P01:") || reason.hasPrefix("28000:")
    }
}

/// A setup mistake: a bad URL, an unreadable or existing credentials file, a bad node name.
public struct CentralSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dutch, for the operator.
    public var message: String
    /// Makes one.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
