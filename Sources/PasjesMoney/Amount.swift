/// A signed quantity of minor units with checked arithmetic.
///
/// Overflow is an error, never a wrap: a wallet that wraps from `Int64.max` to a huge negative
/// number would be a silent loss of money.
public struct Amount: Hashable, Comparable, Codable, Sendable {
    /// The number of minor units (cents, minutes or points).
    public var minorUnits: Int64

    /// Wraps a number of minor units.
    public init(_ minorUnits: Int64) { self.minorUnits = minorUnits }

    /// Zero minor units.
    public static let zero = Amount(0)

    /// Orders amounts by their minor units.
    public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.minorUnits < rhs.minorUnits }

    /// Reads a bare JSON integer of minor units.
    public init(from decoder: any Decoder) throws {
        minorUnits = try decoder.singleValueContainer().decode(Int64.self)
    }

    /// Writes a bare JSON integer of minor units.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(minorUnits)
    }
}

/// Thrown when checked arithmetic on amounts would overflow `Int64`.
public struct AmountOverflow: Error, Equatable, Sendable {
    /// What was being computed, for the log line.
    public var operation: String
    /// Names the computation that overflowed.
    public init(operation: String) { self.operation = operation }
}

extension Amount {
    /// `self + other`, or `AmountOverflow`.
    public func adding(_ other: Amount) throws(AmountOverflow) -> Amount {
        let (value, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        if overflow { throw AmountOverflow(operation: "\(minorUnits) + \(other.minorUnits)") }
        return Amount(value)
    }

    /// `self - other`, or `AmountOverflow`.
    public func subtracting(_ other: Amount) throws(AmountOverflow) -> Amount {
        let (value, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        if overflow { throw AmountOverflow(operation: "\(minorUnits) - \(other.minorUnits)") }
        return Amount(value)
    }

    /// `self × factor`, or `AmountOverflow`.
    public func multiplied(by factor: Int64) throws(AmountOverflow) -> Amount {
        let (value, overflow) = minorUnits.multipliedReportingOverflow(by: factor)
        if overflow { throw AmountOverflow(operation: "\(minorUnits) * \(factor)") }
        return Amount(value)
    }

    /// `self × basisPoints / 10 000`, rounded toward zero, or `AmountOverflow`.
    ///
    /// Percentages are basis points (1 % = 100) so that shares like 62,5 % stay integers.
    /// Split as `q × bp + r × bp / 10 000` so a share of a huge amount does not overflow on
    /// the way when the result itself fits.
    public func share(basisPoints: Int64) throws(AmountOverflow) -> Amount {
        let quotient = Amount(minorUnits / 10_000)
        let remainder = minorUnits % 10_000
        let whole = try quotient.multiplied(by: basisPoints)
        let part = try Amount(remainder).multiplied(by: basisPoints)
        return try whole.adding(Amount(part.minorUnits / 10_000))
    }
}

extension Sequence where Element == Amount {
    /// The checked sum of the amounts.
    public func checkedSum() throws(AmountOverflow) -> Amount {
        var total = Amount.zero
        for amount in self { total = try total.adding(amount) }
        return total
    }
}
