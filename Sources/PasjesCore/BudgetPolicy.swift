import PasjesMoney

/// The budget rules of one organisation, fixed in the database when it is created.
///
/// Amounts are in the database's unit. Percentages are basis points (1 % = 100) so shares
/// such as 62,5 % stay exact integers.
public struct BudgetPolicy: Codable, Hashable, Sendable {
    /// What happens to unspent budget at the start of a new month.
    public enum Saving: Codable, Hashable, Sendable {
        /// Unspent budget flows back at month start.
        case none
        /// At most `maximum` carries over; the rest flows back.
        case capped(maximum: Amount)
        /// Everything carries over until 31 December; it flows back at the first allocation of a
        /// new year (January, or later when January was skipped).
        case year

        /// `none`, `capped` or `year`, as the wire names it.
        public var name: String {
            switch self {
            case .none: "none"
            case .capped: "capped"
            case .year: "year"
            }
        }

        /// The most that carries over under `capped`; nil otherwise.
        public var cap: Amount? {
            if case .capped(let maximum) = self { maximum } else { nil }
        }
    }

    public var saving: Saving
    /// The part of each month's allocation kept for unplanned care (the reserve).
    public var reserveBasisPoints: Int64
    /// ZZP code -> day tariff in the database's unit (budget form, `budgetformulier`).
    public var dayTariffs: [String: Amount]
    /// The share of the tariff that goes to the personal budget.
    public var personalShareBasisPoints: Int64
    /// Fixed monthly contributions taken off first (reception, night care, solidarity buffer...).
    public var fixedContributionsPerMonth: Amount
    /// Own-contribution cap for new clients who allow own money.
    public var defaultOwnContributionCap: Amount

    public init(saving: Saving = .none, reserveBasisPoints: Int64 = 1_000,
                dayTariffs: [String: Amount] = [:], personalShareBasisPoints: Int64 = 1_000,
                fixedContributionsPerMonth: Amount = .zero, defaultOwnContributionCap: Amount = .zero) {
        self.saving = saving
        self.reserveBasisPoints = reserveBasisPoints
        self.dayTariffs = dayTariffs
        self.personalShareBasisPoints = personalShareBasisPoints
        self.fixedContributionsPerMonth = fixedContributionsPerMonth
        self.defaultOwnContributionCap = defaultOwnContributionCap
    }

    /// Checks that the numbers make sense before a database is created with them.
    public func validate() throws(LedgerError) {
        guard (0...10_000).contains(reserveBasisPoints), (0...10_000).contains(personalShareBasisPoints),
              fixedContributionsPerMonth.minorUnits >= 0, defaultOwnContributionCap.minorUnits >= 0,
              dayTariffs.values.allSatisfy({ $0.minorUnits >= 0 }) else {
            throw LedgerError.invalidInput.with("budget policy out of range")
        }
        if case .capped(let maximum) = saving, maximum.minorUnits < 0 {
            throw LedgerError.invalidInput.with("saving cap is negative")
        }
    }

    /// A month's allocation for a client with `zzp`: day tariff × days × share − contributions.
    public func derivedAllocation(zzp: String, month: Month) throws(LedgerError) -> Amount {
        guard let tariff = dayTariffs[zzp] else { throw LedgerError.noTariff.with(zzp) }
        do {
            let gross = try tariff.multiplied(by: Int64(month.dayCount))
            let personal = try gross.share(basisPoints: personalShareBasisPoints)
            return try personal.subtracting(fixedContributionsPerMonth)
        } catch {
            throw LedgerError.amountOverflow.with(error.operation)
        }
    }

    /// The reserve for unplanned care that goes with an allocation.
    public func reserve(for allocation: Amount) throws(LedgerError) -> Amount {
        do { return try allocation.share(basisPoints: reserveBasisPoints) } catch {
            throw LedgerError.amountOverflow.with(error.operation)
        }
    }
}
