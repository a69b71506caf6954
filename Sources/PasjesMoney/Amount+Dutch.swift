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

extension AmountUnit {
    /// Parses what an administrator types: `1,20`, `1.234,50`, `€ 3`, `12.5` (cents);
    /// whole numbers for minutes and points.
    ///
    /// Returns nil for anything ambiguous rather than guessing: money typed wrong must be
    /// refused, not rounded.
    public func parse(_ text: String) -> Amount? {
        var trimmed = text.trimming(" \t€")
        var negative = false
        if trimmed.hasPrefix("-") { negative = true; trimmed.removeFirst() }
        trimmed = trimmed.trimming(" \t€")
        guard !trimmed.isEmpty, trimmed.count <= 24 else { return nil }
        let value: Int64?
        switch self {
        case .minutes, .points:
            value = Int64(trimmed.replacingOccurrences(of: ".", with: ""))
        case .cents:
            value = Self.parseEuros(trimmed)
        }
        guard let value else { return nil }
        return Amount(negative ? -value : value)
    }

    private static func parseEuros(_ text: String) -> Int64? {
        // A comma is the Dutch decimal separator; without one, a dot followed by exactly two
        // digits is read as a decimal point ("12.50"), otherwise as a thousands dot.
        var whole = text
        var fraction = ""
        if let comma = text.lastIndex(of: ",") {
            whole = String(text[..<comma]).replacingOccurrences(of: ".", with: "")
            fraction = String(text[text.index(after: comma)...])
        } else if let dot = text.lastIndex(of: "."), text.distance(from: dot, to: text.endIndex) == 3 {
            whole = String(text[..<dot])
            fraction = String(text[text.index(after: dot)...])
            if whole.contains(".") { return nil }
        } else {
            whole = text.replacingOccurrences(of: ".", with: "")
        }
        guard fraction.count <= 2, whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit),
              !whole.isEmpty || !fraction.isEmpty else { return nil }
        let paddedFraction = fraction.padding(toLength: 2, withPad: "0", startingAt: 0)
        guard let euros = Int64(whole.isEmpty ? "0" : whole), let cents = Int64(paddedFraction) else { return nil }
        let (scaled, overflow1) = euros.multipliedReportingOverflow(by: 100)
        let (total, overflow2) = scaled.addingReportingOverflow(cents)
        return overflow1 || overflow2 ? nil : total
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate func trimming(_ set: String) -> String {
        var view = Substring(self)
        while let first = view.first, set.contains(first) { view.removeFirst() }
        while let last = view.last, set.contains(last) { view.removeLast() }
        return String(view)
    }
}
