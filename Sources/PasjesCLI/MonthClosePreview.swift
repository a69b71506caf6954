import PasjesMoney
import PasjesProtocol

/// What `pasjes month close` is about to seal, in words, before it asks.
enum MonthClosePreview {
    /// The month, its clients and its totals as the ledger stands now (the close may still send
    /// leftover back under the saving policy).
    static func text(_ report: MonthReportResult) -> String {
        let unit = report.unit
        let t = report.totals
        var fields = Fields()
        fields.add("Af te sluiten", "\(report.month) (\(monthName(report.month)))")
        fields.add("Cliënten", "\(report.clientCount)")
        fields.add("Toegekend", t.allocated.formatted(unit))
        fields.add("Besteed", t.purchases.formatted(unit))
        fields.add("Netto verkopen", "\(t.netSales.formatted(unit)) (\(t.salesCount) verkopen)")
        fields.add("Eindsaldo's", t.closing.formatted(unit))
        fields.add("Sluit aan", report.tieOut.balanced ? "ja" : "nee")
        return fields.render() + "\nAfsluiten kan niet ongedaan worden: daarna wordt er niets meer in deze maand geboekt."
    }

    /// `2026-11` → `november 2026`.
    private static func monthName(_ month: String) -> String {
        String(BudgetAllocate.firstDay(of: month).drop { $0 != " " }.dropFirst())
    }
}
