import PasjesMoney
import PasjesProtocol

/// The statement's bar of the month's budget used and left: people look before they read.
enum StatementBar {
    /// The month's budget (opening, allocation, absence refunds, grants), what of it was used
    /// (purchases and arrangement less own money and reversals) and what was left before the
    /// saving policy: budget − used = left.
    /// Nil when a sum leaves Int64 (no real month does): then there is no bar, never a wrapped one.
    static func figures(_ line: ClientMonthInfo) -> (budget: Int64, used: Int64, left: Int64)? {
        func sum(_ values: Int64...) -> Int64? {
            var total: Int64 = 0
            for value in values {
                let (next, overflow) = total.addingReportingOverflow(value)
                if overflow { return nil }
                total = next
            }
            return total
        }
        guard let budget = sum(line.opening.minorUnits, line.allocated.minorUnits, line.refunds.minorUnits,
                               line.solidarity.minorUnits),
              let left = sum(line.closing.minorUnits, line.flowedBack.minorUnits) else { return nil }
        let (used, overflow) = budget.subtractingReportingOverflow(left)
        return overflow ? nil : (budget, used, left)
    }

    /// The bar and its words, `Gebruikt € 12,50 van € 30,00 · over € 17,50`; nothing without a budget.
    static func html(_ s: MonthStatementResult) -> String {
        guard let bar = figures(s.line), bar.budget > 0 else { return "" }
        let (budget, used, left) = bar
        let usedPercent = min(100, max(0, Int((Double(used) / Double(budget) * 100).rounded())))
        var cells = ""
        if usedPercent > 0 { cells += "<td class=\"used\" style=\"width:\(usedPercent)%\"></td>" }
        if usedPercent < 100 { cells += "<td class=\"left\" style=\"width:\(100 - usedPercent)%\"></td>" }
        let words = "Gebruikt \(Amount(max(0, used)).formatted(s.unit)) van \(Amount(budget).formatted(s.unit)) · "
            + "over \(Amount(left).formatted(s.unit))"
        return "<table class=\"bar\"><tr>\(cells)</tr></table><p class=\"barText\">\(StatementHTML.escape(words))</p>"
    }
}
