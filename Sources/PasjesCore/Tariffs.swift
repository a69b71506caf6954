import PasjesMoney

/// The budget form of one ZZP: day tariff, the share for the personal budget, fixed contributions.
///
/// Monthly amount = day tariff × days of the month × personal share − the fixed contributions.
public struct Tariff: Codable, Hashable, Sendable {
    /// The ZZP day tariff in the database's unit (minor units per day).
    public var dayTariff: Amount
    /// The share of the tariff for the personal budget, in basis points (40 % = 4 000).
    public var personalShareBasisPoints: Int64
    /// Fixed monthly contributions taken off first, by name (`receptie`, `nachtzorg`...).
    public var contributions: [String: Amount]

    public init(dayTariff: Amount, personalShareBasisPoints: Int64, contributions: [String: Amount] = [:]) {
        self.dayTariff = dayTariff
        self.personalShareBasisPoints = personalShareBasisPoints
        self.contributions = contributions
    }

    /// The sum of the fixed contributions.
    public func contributionTotal() throws(LedgerError) -> Amount {
        var total = Amount.zero
        for value in contributions.values {
            do { total = try total.adding(value) } catch { throw LedgerError.amountOverflow.with(error.operation) }
        }
        return total
    }

    /// The month's allocation: day tariff × days × share − contributions.
    public func monthlyAllocation(for month: Month) throws(LedgerError) -> Amount {
        let contributions = try contributionTotal()
        do {
            let gross = try dayTariff.multiplied(by: Int64(month.dayCount))
            let personal = try gross.share(basisPoints: personalShareBasisPoints)
            return try personal.subtracting(contributions)
        } catch {
            throw LedgerError.amountOverflow.with(error.operation)
        }
    }
}

/// ZZP code → tariff: the organisation's budget forms of this year, from the daemon config.
public struct TariffTable: Codable, Hashable, Sendable {
    public var tariffs: [String: Tariff]

    public init(_ tariffs: [String: Tariff] = [:]) {
        self.tariffs = tariffs
    }

    /// The ZZP codes, sorted, for messages.
    public var codes: [String] { tariffs.keys.sorted() }

    /// Refuses a table that could book nonsense: every code 1–32 characters, a positive day
    /// tariff, a share of 0–100 %, no negative contribution, and a positive amount even in
    /// February (contributions larger than the share would make every allocation fail).
    public func validate() throws(LedgerError) {
        guard tariffs.count <= 1_000 else { throw LedgerError.invalidInput.with("more than 1000 tariffs") }
        for code in codes {
            let tariff = tariffs[code]!
            try Ledger.validate(text: code, field: "tariff code", maxLength: 32)
            guard tariff.dayTariff.minorUnits > 0 else { throw LedgerError.invalidInput.with("\(code): day_tariff must be > 0") }
            guard (0...10_000).contains(tariff.personalShareBasisPoints) else {
                throw LedgerError.invalidInput.with("\(code): personal share must be 0–100 %")
            }
            for (name, value) in tariff.contributions {
                try Ledger.validate(text: name, field: "\(code) contribution name", maxLength: 64)
                guard value.minorUnits >= 0 else { throw LedgerError.invalidInput.with("\(code).\(name) is negative") }
            }
            let shortest = try tariff.monthlyAllocation(for: Month(year: 2027, month: 2))
            guard shortest.minorUnits > 0 else {
                throw LedgerError.invalidInput.with("\(code): contributions exceed the personal share of a 28-day month")
            }
        }
    }
}
