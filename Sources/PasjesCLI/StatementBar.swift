import PasjesMoney
import PasjesProtocol

/// The statement's bar of the month's budget used and left: people look before they read.
enum StatementBar {
    /// The month's budget (opening, allocation, absence refunds, grants), what of it was used
    /// (purchases and arrangement less own money and reversals) and what was left before the
    /// saving policy: budget − used = left.
    static func figures(_ line: ClientMonthInfo) -> (budget: Int64, used: Int64, left: Int64) {
        let budget = line.opening.minorUnits &+ line.allocated.minorUnits &+ line.refunds.minorUnits &+ line.solidarity.minorUnits
        let left = line.closing.minorUnits &+ line.flowedBack.minorUnits
        return (budget, budget &- left, left)
    }

    /// The bar and its words, `Gebruikt € 12,50 van € 30,00 · over € 17,50`; nothing without a budget.
    static func html(_ s: MonthStatementResult) -> String {
        let (budget, used, left) = figures(s.line)
        guard budget > 0 else { return "" }
        let usedPercent = min(100, max(0, Int((Double(used) / Double(budget) * 100).rounded())))
        var cells = ""
        if usedPercent > 0 { cells += "<td class=\"used\" style=\"width:\(usedPercent)%\"></td>" }
        if usedPercent < 100 { cells += "<td class=\"left\" style=\"width:\(100 - usedPercent)%\"></td>" }
        let words = "Gebruikt \(Amount(max(0, used)).formatted(s.unit)) van \(Amount(budget).formatted(s.unit)) · "
            + "over \(Amount(left).formatted(s.unit))"
        return "<table class=\"bar\"><tr>\(cells)</tr></table><p class=\"barText\">\(StatementHTML.escape(words))</p>"
    }
}
