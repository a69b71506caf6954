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
    /// Standing services booked from the wallet this month (booked, less absence refunds), or planned.
    public var arrangement: Amount
    /// What is left for card purchases after the arrangement.
    public var leftForCard: Amount
    /// Green: left above the reserve; orange: only the reserve left; red: the arrangement does not fit.
    public var light: TrafficLight
}

/// The form's arithmetic, as a pure function of the tariff and what was booked.
enum BudgetFormRules {
    static func lines(tariff: Tariff, zzp: String, month: Month, allocated: Amount?, reserveBasisPoints: Int64,
                      arrangement: [BudgetForm.Line]) throws(LedgerError) -> (lines: [BudgetForm.Line], monthly: Amount,
                                                                   reserve: Amount, left: Amount, arrangement: Amount,
                                                                   light: TrafficLight) {
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
            var arrangementTotal = Amount.zero
            for line in arrangement { arrangementTotal = try arrangementTotal.adding(line.amount) }
            let left = try wallet.subtracting(arrangementTotal)
            if arrangement.isEmpty {
                lines.append(.init(label: "Vaste diensten (arrangement): geen", amount: .zero, subtotal: false))
            }
            for line in arrangement {
                lines.append(.init(label: line.label, amount: Amount(-line.amount.minorUnits), subtotal: false))
            }
            lines.append(.init(label: "Over voor aankopen met de pas", amount: left, subtotal: true))
            lines.append(.init(label: "Daarvan reserve voor onvoorziene zorg (\(percent(reserveBasisPoints)))",
                               amount: reserve, subtotal: false))
            let light: TrafficLight = left.minorUnits < 0 ? .red : left.minorUnits > reserve.minorUnits ? .green : .orange
            return (lines, monthly, reserve, left, arrangementTotal, light)
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
            let arrangement = try arrangementFormLines(client: client, month: month, in: db)
            var form = try BudgetFormRules.lines(tariff: tariff, zzp: client.zzp, month: month, allocated: allocated,
                                                 reserveBasisPoints: policy.reserveBasisPoints, arrangement: arrangement.lines)
            // A line the wallet could not pay is an arrangement that does not fit, whatever is left.
            if arrangement.refused { form.light = .red }
            return BudgetForm(clientNumber: client.number, clientName: client.name, zzp: client.zzp, month: month, unit: unit,
                              lines: form.lines, monthlyAmount: form.monthly, allocated: allocated, reserve: form.reserve,
                              arrangement: form.arrangement, leftForCard: form.left, light: form.light)
        }
    }
}

extension Ledger {
    /// One form line per arrangement line running in `month`: what its booking cost (less what
    /// absences gave back), or, before the month's money landed, what it will cost.
    func arrangementFormLines(client: ClientRow, month: Month, in db: Database) throws
        -> (lines: [BudgetForm.Line], refused: Bool) {
        let absences = try absenceRanges(clientID: client.id, month: month, in: db)
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT a.id, a.quantity, a.per, a.from_day, a.through_day, p.name, p.price,
                   b.quantity AS booked_quantity, b.amount AS booked_amount, b.refusal,
                   (SELECT COALESCE(SUM(r.amount), 0) FROM absence_refunds r
                    WHERE r.arrangement_id = a.id AND r.month = ?4) AS refunded
            FROM arrangements a JOIN products p ON p.code = a.product_code
            LEFT JOIN arrangement_bookings b ON b.arrangement_id = a.id AND b.month = ?4
            WHERE a.client_id = ?1 AND a.from_day <= ?3 AND (a.through_day IS NULL OR a.through_day >= ?2)
            ORDER BY a.created_at, a.id
            """), arguments: [client.id, CalendarDay.first(of: month).description, CalendarDay.last(of: month).description,
                             month.description])
        var lines: [BudgetForm.Line] = []
        var refused = false
        for row in rows {
            guard let per = ArrangementPeriod(rawValue: try row.decode(forColumn: "per")),
                  let from = CalendarDay(try row.decode(String.self, forColumn: "from_day")),
                  let active = DayRange(from: from, through: (row["through_day"] as String?).flatMap(CalendarDay.init)
                                        ?? CalendarDay.last(of: month)) else {
                throw LedgerError.databaseError.with("bad arrangement row")
            }
            let perWord = per == .week ? "per week" : "per maand"
            let name: String = try row.decode(forColumn: "name")
            let every = "\(try row.decode(Int64.self, forColumn: "quantity"))× \(name) \(perWord)"
            if let booked = row["booked_amount"] as Int64? {
                let refusal: String? = try row.decode(forColumn: "refusal")
                let refunded: Int64 = try row.decode(forColumn: "refunded")
                let bookedQuantity = try row.decode(Int64.self, forColumn: "booked_quantity")
                refused = refused || refusal != nil
                let label = refusal.map { "Vaste dienst \(every): niet geboekt (\(Reason.byCode[$0]?.message ?? $0))" }
                    ?? "Vaste dienst \(every): \(bookedQuantity)× geboekt"
                    + (refunded > 0 ? ", terug voor afwezigheid" : "")
                lines.append(.init(label: label, amount: Amount(booked - refunded), subtotal: false))
            } else {
                let billed = try ArrangementRules.billedDays(active: active, month: month, absences: absences)
                let quantity = try ArrangementRules.quantity(perPeriod: try row.decode(forColumn: "quantity"), per: per, days: billed.days,
                                                         monthDays: month.dayCount)
                let price: Int64 = try row.decode(forColumn: "price")
                let (amount, overflow) = price.multipliedReportingOverflow(by: quantity)
                if overflow { throw LedgerError.amountOverflow.with("arrangement \(name)") }
                lines.append(.init(label: "Vaste dienst \(every): \(quantity)× gepland", amount: Amount(amount), subtotal: false))
            }
        }
        return (lines, refused)
    }
}
