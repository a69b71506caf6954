import Foundation

extension Amount {
    /// The amount as a Dutch reader expects it: `€ 1,20`, `€ 1.234,50`, `-€ 3,00`,
    /// `15 min`, `1 punt`, `3 punten`.
    public func formatted(_ unit: AmountUnit) -> String {
        let negative = minorUnits < 0
        // magnitude avoids the one value whose negation overflows (Int64.min).
        let magnitude = minorUnits.magnitude
        let sign = negative ? "-" : ""
        switch unit {
        case .cents:
            let euros = Self.groupThousands(magnitude / 100)
            let cents = magnitude % 100
            return "\(sign)€ \(euros),\(cents < 10 ? "0" : "")\(cents)"
        case .minutes:
            return "\(sign)\(Self.groupThousands(magnitude)) min"
        case .points:
            return "\(sign)\(Self.groupThousands(magnitude)) \(magnitude == 1 ? "punt" : "punten")"
        }
    }

    /// Digits grouped by three with Dutch thousands dots: 1234567 -> "1.234.567".
    static func groupThousands(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(".") }
            result.append(digit)
        }
        return result
    }
}
