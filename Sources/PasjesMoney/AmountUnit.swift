/// The unit of payment of one organisation: fixed per database when it is created.
///
/// Amounts are always `Int64` minor units of this unit: euro cents, whole minutes or whole
/// points. The value of a unit must be explicit (DOMAIN.md: a point of unclear value confuses
/// everyone), so every amount on the wire travels with its unit.
public enum AmountUnit: String, Codable, Sendable, CaseIterable {
    /// Euro cents.
    case cents
    /// Whole minutes of care or activity.
    case minutes
    /// Whole points.
    case points
}
