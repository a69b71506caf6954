/// The budget card's traffic light (DOMAIN.md).
///
/// Green: budget left for extra services. Orange: what is left is reserved for unplanned care.
/// Red: the client is short.
public enum TrafficLight: String, Codable, Sendable, CaseIterable {
    /// Budget left for extra services.
    case green
    /// What is left is reserved for unplanned care.
    case orange
    /// The client is short.
    case red

    /// Green when balance > reserve, orange when 0 < balance ≤ reserve, red when balance ≤ 0.
    public init(balance: Amount, reserve: Amount) {
        if balance.minorUnits <= 0 {
            self = .red
        } else if balance <= reserve {
            self = .orange
        } else {
            self = .green
        }
    }

    /// The Dutch word shown next to the colour, so nothing depends on seeing colour.
    public var dutchWord: String {
        switch self {
        case .green: "GROEN"
        case .orange: "ORANJE"
        case .red: "ROOD"
        }
    }
}
