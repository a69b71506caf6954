/// Why a typed amount was refused. `message` is Dutch and names the rule, so every surface
/// (CLI, CSV import, config) can show it as is.
public enum AmountParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing but spaces or a euro sign.
    case empty(text: String, unit: AmountUnit)
    /// A minus sign: budgets, prices and caps are never negative.
    case negative(text: String)
    /// `1.234` or `1,234`: a thousands separator or three decimals; both readings are shown.
    case ambiguous(text: String, decimal: String, thousands: Amount)
    /// `1.234.567`: thousands separators without a decimal part.
    case thousandsWithoutDecimals(text: String)
    /// A separator in minutes or points, which have no decimals.
    case wholeNumbersOnly(text: String, unit: AmountUnit)
    /// More than `Int64` minor units.
    case tooLarge(text: String)
    /// Anything else: letters, three decimals, mixed or misplaced separators.
    case malformed(text: String, unit: AmountUnit)

    /// The Dutch sentence for an administrator.
    public var message: String {
        switch self {
        case .empty(_, let unit):
            return "geen bedrag opgegeven (\(Self.example(unit)))"
        case .negative(let text):
            return "bedrag moet positief zijn, niet '\(text)'"
        case .ambiguous(let text, let decimal, let thousands):
            let whole = thousands.minorUnits / 100
            return "'\(text)' is dubbelzinnig: \(decimal) of \(thousands.formatted(.cents))? "
                + "Typ \(whole) of \(Amount.groupThousands(UInt64(whole))),00 voor duizendtallen, "
                + "of hoogstens twee cijfers achter de komma (bijvoorbeeld 1,23)"
        case .thousandsWithoutDecimals(let text):
            return "'\(text)': een scheidingsteken voor duizendtallen alleen samen met centen "
                + "(bijvoorbeeld 1.234,00), of typ het bedrag zonder punten"
        case .wholeNumbersOnly(let text, let unit):
            return "'\(text)' is geen heel getal (\(Self.example(unit)))"
        case .tooLarge(let text):
            return "'\(text)' is te groot"
        case .malformed(let text, let unit):
            return "'\(text)' is geen geldig bedrag (\(Self.example(unit)))"
        }
    }

    /// The Dutch message, so the error prints as it is shown.
    public var description: String { message }

    /// How to type an amount in `unit`, for messages.
    public static func example(_ unit: AmountUnit) -> String {
        switch unit {
        case .cents: "typ euro's met hoogstens twee cijfers achter de komma, bijvoorbeeld 12,50 of 1.234,50"
        case .minutes: "typ hele minuten zonder punt of komma, bijvoorbeeld 45"
        case .points: "typ hele punten zonder punt of komma, bijvoorbeeld 10"
        }
    }
}

extension Amount {
    /// Reads what an administrator types, in `unit`: the one parser for the CLI, CSV files and config.
    ///
    /// Euros: `12`, `12,5`, `12.50`, `€ 1.234,50`, `1,234.50`, `25,-`. A single `.` or `,` followed by
    /// one or two digits is the decimal mark; thousands separators only in full groups of three
    /// and only together with a decimal part, because `1.234` alone is € 1.234,00 to a Dutch
    /// reader and € 1,234 to an English one: that is refused, never guessed. Minutes and points
    /// are whole numbers. Negative amounts are refused whatever their syntax.
    public static func parse(_ text: String, unit: AmountUnit) throws(AmountParseError) -> Amount {
        var body = Substring(text).trimmingSpaces()
        // A euro sign only for euros: "€ 5" typed for minutes is a confusion of units.
        if unit == .cents && body.first == "€" { body = body.dropFirst().trimmingSpaces() }
        if unit == .cents && body.last == "€" { body = body.dropLast().trimmingSpaces() }
        if let sign = body.first, minusSigns.contains(sign) {
            // "-€ 3", "€ -3", "- 3,00": the minus is the mistake, whatever follows it.
            throw .negative(text: text)
        }
        guard !body.isEmpty else { throw .empty(text: text, unit: unit) }
        // `25,-` is how a Dutch price tag writes whole euros.
        if unit == .cents, body.hasSuffix(",-") || body.hasSuffix(".-") {
            let euros = body.dropLast(2)
            guard !euros.isEmpty else { throw .malformed(text: text, unit: unit) }
            body = Substring(euros + (body.hasSuffix(",-") ? ",00" : ".00"))
        }
        // Longer than any Int64 amount with separators: refuse before looking at it.
        guard body.count <= 32 else { throw .tooLarge(text: text) }
        guard body.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "," }) else {
            throw .malformed(text: text, unit: unit)
        }
        switch unit {
        case .minutes, .points:
            guard body.allSatisfy(\.isASCIIDigit) else { throw .wholeNumbersOnly(text: text, unit: unit) }
            guard let value = Int64(body) else { throw .tooLarge(text: text) }
            return Amount(value)
        case .cents:
            return try parseEuros(body, text: text)
        }
    }

    private static let minusSigns: Set<Character> = ["-", "\u{2212}", "\u{2013}"]

    private static func parseEuros(_ body: Substring, text: String) throws(AmountParseError) -> Amount {
        guard let lastMark = body.lastIndex(where: { $0 == "." || $0 == "," }) else {
            return try cents(euros: body, fraction: "", text: text)
        }
        let mark = body[lastMark]
        let whole = body[..<lastMark]
        let fraction = body[body.index(after: lastMark)...]
        let groups = whole.split(separator: mark == "." ? "," : ".", omittingEmptySubsequences: false)
        switch fraction.count {
        case 1...2 where !whole.isEmpty && !whole.contains(mark):
            // Decimal mark; the whole part is plain digits or full groups of three.
            guard groupsAreThousands(groups) else { throw .malformed(text: text, unit: .cents) }
            return try cents(euros: groups.joined()[...], fraction: fraction, text: text)
        case 3 where groups.count == 1 && (1...3).contains(whole.count) && whole.first != "0":
            // "1.234", "12,345": a decimal mark with three decimals or a thousands separator.
            let thousands = try cents(euros: (whole + fraction)[...], fraction: "", text: text)
            throw .ambiguous(text: text, decimal: "€ \(whole),\(fraction)", thousands: thousands)
        case 3 where groupsAreThousands(body.split(separator: mark, omittingEmptySubsequences: false)):
            throw .thousandsWithoutDecimals(text: text)
        default:
            throw .malformed(text: text, unit: .cents)
        }
    }

    /// True for `["1", "234", "567"]`: a first group of one to three digits (no leading zero
    /// unless it is alone), then groups of exactly three.
    private static func groupsAreThousands(_ groups: [Substring]) -> Bool {
        guard let first = groups.first, (1...3).contains(first.count) || groups.count == 1, !first.isEmpty else {
            return false
        }
        if groups.count > 1 && first.first == "0" { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 }
    }

    private static func cents(euros: Substring, fraction: Substring, text: String) throws(AmountParseError) -> Amount {
        guard !euros.isEmpty, euros.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit) else {
            throw .malformed(text: text, unit: .cents)
        }
        guard let whole = Int64(euros) else { throw .tooLarge(text: text) }
        let part = Int64(fraction.padding(toLength: 2)) ?? 0
        let (scaled, overflowScaling) = whole.multipliedReportingOverflow(by: 100)
        let (total, overflowAdding) = scaled.addingReportingOverflow(part)
        if overflowScaling || overflowAdding { throw .tooLarge(text: text) }
        return Amount(total)
    }
}

extension AmountUnit {
    /// `Amount.parse(text, unit: self)`, or nil when it is refused (the reason is lost: prefer
    /// `Amount.parse` where a message can be shown).
    public func parse(_ text: String) -> Amount? {
        try? Amount.parse(text, unit: self)
    }
}

extension Character {
    // asciiValue, not a Character range: "0" plus a combining accent sorts between "0" and "9".
    fileprivate var isASCIIDigit: Bool { asciiValue.map { (48...57).contains($0) } ?? false }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var view = self
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return view
    }

    /// The digits padded with zeros on the right to `length` ("5" → "50").
    fileprivate func padding(toLength length: Int) -> String {
        String(self) + String(repeating: "0", count: Swift.max(0, length - count))
    }
}
