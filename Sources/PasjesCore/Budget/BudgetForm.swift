import GRDB
import PasjesMoney

/// The budget form (*budgetformulier*, Amsta's *afsprakenkaart*) of one client and month, top to
/// bottom: ZZP day tariff × days, the personal share, the fixed contributions, the wallet's
/// month, its reserve, the standing services (arrangement) and what is left for the card.
public struct BudgetForm: Codable, Hashable, Sendable {
    /// One line of the form; `amount` is signed as it acts on the total (contributions negative).
    public struct Line: Codable, Hashable, Sendable {
        public var label: String
        public var amount: Amount
        /// True for a subtotal (printed bold, with a rule).
        public var subtotal: Bool
    }

    public var clientNumber: String
    public var clientName: String
    public var zzp: String
    public var month: Month
    public var unit: AmountUnit
    public var lines: [Line]
    /// What the tariffs give for the month.
    public var monthlyAmount: Amount
    /// What was actually allocated for the month, when it was (an explicit amount may differ).
    public var allocated: Amount?
    public var reserve: Amount
    /// Standing services booked from the wallet each month (none yet: zero).
    public var arrangement: Amount
    /// What is left for card purchases after the arrangement.
    public var leftForCard: Amount
    /// Green: left above the reserve; orange: only the reserve left; red: the arrangement does not fit.
    public var light: TrafficLight
}

/// The form's arithmetic, as a pure function of the tariff and what was booked.
enum BudgetFormRules {
    static func lines(tariff: Tariff, zzp: String, month: Month, allocated: Amount?, reserveBasisPoints: Int64,
                      arrangement: Amount) throws(LedgerError) -> (lines: [BudgetForm.Line], monthly: Amount,
                                                                   reserve: Amount, left: Amount, light: TrafficLight) {
        do {
            let gross = try tariff.dayTariff.multiplied(by: Int64(month.dayCount))
            let personal = try gross.share(basisPoints: tariff.personalShareBasisPoints)
            let monthly = try tariff.monthlyAllocation(for: month)
            var lines = [
                BudgetForm.Line(label: "ZZP \(zzp): dagtarief × \(month.dayCount) dagen", amount: gross, subtotal: false),
                BudgetForm.Line(label: "Persoonlijk deel (\(percent(tariff.personalShareBasisPoints)))", amount: personal,
                                subtotal: true),
            ]
            for name in tariff.contributions.keys.sorted() {
                lines.append(.init(label: "Vaste bijdrage \(name)", amount: Amount(-tariff.contributions[name]!.minorUnits),
                                   subtotal: false))
            }
            lines.append(.init(label: "Maandbudget in de portemonnee", amount: monthly, subtotal: true))
            let wallet = allocated ?? monthly
            if let allocated, allocated != monthly {
                lines.append(.init(label: "Toegekend voor deze maand (ander bedrag)", amount: allocated, subtotal: true))
            }
            let reserve = try wallet.share(basisPoints: reserveBasisPoints)
            let left = try wallet.subtracting(arrangement)
            lines.append(.init(label: "Vaste diensten (arrangement)", amount: Amount(-arrangement.minorUnits), subtotal: false))
            lines.append(.init(label: "Over voor aankopen met de pas", amount: left, subtotal: true))
            lines.append(.init(label: "Daarvan reserve voor onvoorziene zorg (\(percent(reserveBasisPoints)))",
                               amount: reserve, subtotal: false))
            let light: TrafficLight = left.minorUnits < 0 ? .red : left.minorUnits > reserve.minorUnits ? .green : .orange
            return (lines, monthly, reserve, left, light)
        } catch let error as AmountOverflow {
            throw LedgerError.amountOverflow.with(error.operation)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.internalError.with("\(error)")
        }
    }

    /// `40 %`, `62,5 %`.
    static func percent(_ basisPoints: Int64) -> String {
        let whole = basisPoints / 100
        let rest = basisPoints % 100
        guard rest != 0 else { return "\(whole) %" }
        return "\(whole),\(rest % 10 == 0 ? String(rest / 10) : (rest < 10 ? "0\(rest)" : String(rest))) %"
    }
}

extension Ledger {
    /// The budget form of `clientNumber` for `month`, from the configured tariffs (or the ones
    /// the ledger was created with).
    public func budgetForm(clientNumber: String, month: Month) throws -> BudgetForm {
        try read { db in
            let client = try fetchClientRow(number: clientNumber, in: db)
            let tariff: Tariff
            if let table = try storedTariffs(in: db) {
                guard let found = table.tariffs[client.zzp] else { throw LedgerError.zzpUnknown(client.zzp, known: table.codes) }
                tariff = found
            } else {
                guard let day = policy.dayTariffs[client.zzp] else { throw LedgerError.noTariff.with(client.zzp) }
                let fixed = policy.fixedContributionsPerMonth
                tariff = Tariff(dayTariff: day, personalShareBasisPoints: policy.personalShareBasisPoints,
                                contributions: fixed.minorUnits > 0 ? ["vaste bijdragen": fixed] : [:])
            }
            let allocated = try Int64.fetchOne(db.cachedStatement(sql: """
                SELECT amount FROM allocations WHERE client_id = ? AND month = ?
                """), arguments: [client.id, month.description]).map(Amount.init)
            let form = try BudgetFormRules.lines(tariff: tariff, zzp: client.zzp, month: month, allocated: allocated,
                                                 reserveBasisPoints: policy.reserveBasisPoints, arrangement: .zero)
            return BudgetForm(clientNumber: client.number, clientName: client.name, zzp: client.zzp, month: month, unit: unit,
                              lines: form.lines, monthlyAmount: form.monthly, allocated: allocated, reserve: form.reserve,
                              arrangement: .zero, leftForCard: form.left, light: form.light)
        }
    }
}
