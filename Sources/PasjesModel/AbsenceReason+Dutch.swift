extension AbsenceReason {
    /// `ziekenhuis`, `revalidatie`, `anders`: the word on the statement and the roster.
    public var dutch: String {
        switch self {
        case .hospital: "ziekenhuis"
        case .rehabilitation: "revalidatie"
        case .other: "anders"
        }
    }
}
