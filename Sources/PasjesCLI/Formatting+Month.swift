import PasjesMoney
import PasjesProtocol

/// The month close and report as Dutch text.
enum MonthFormatting {
    static let categories = ["zorg", "dagbesteding", "facilitair", "welzijn"]

    static func close(_ info: MonthCloseInfo, unit: AmountUnit) -> String {
        var fields = Fields()
        fields.add("Maand", info.month + (info.replayed ? " (was al zo afgesloten)" : ""))
        fields.add("Afgesloten", Formatting.localTime(info.closedAt))
        fields.add("Door", info.operatorName)
        fields.add("Teruggevloeid", info.flowedBack.formatted(unit))
        fields.add("Eindsaldo's", info.totals.closing.formatted(unit))
        fields.add("Netto verkopen", info.totals.netSales.formatted(unit))
        fields.add("Zegel", info.seal)
        return fields.render() + "\nBewaar het zegel buiten de administratie; pasjes verify --seal \(info.seal) controleert het later."
    }

    static func report(_ report: MonthReportResult) -> String {
        let unit = report.unit
        let status = report.closed.map { "afgesloten \(Formatting.localTime($0.closedAt)) door \($0.operatorName), zegel \($0.seal)" }
            ?? "open"
        var parts = ["Maand \(report.month): \(status)", clientTable(report, unit: unit)]
        parts.append("Per kassa\n" + salesTable(report.counters, title: "Kassa", unit: unit))
        parts.append("Per product\n" + salesTable(report.products, title: "Product", unit: unit))
        parts.append("Per medewerker\n" + salesTable(report.operators, title: "Medewerker", unit: unit))
        parts.append(tieOut(report.tieOut, unit: unit))
        return parts.joined(separator: "\n\n")
    }

    private static func clientTable(_ report: MonthReportResult, unit: AmountUnit) -> String {
        var table = Table([.init("Cliënt"), .init("Naam"), .init("Begin", .right), .init("Toegekend", .right),
                           .init("Arrangement", .right)]
            + categories.map { .init($0.capitalized, .right) }
            + [.init("Eigen bijdrage", .right), .init("Teruggedraaid", .right), .init("Terug afw.", .right),
               .init("Solidariteit", .right), .init("Teruggevloeid", .right), .init("Eind", .right)])
        for c in report.clients {
            table.add([c.number, c.name, c.opening.formatted(unit), c.allocated.formatted(unit), c.arrangement.formatted(unit)]
                + categories.map { (c.purchasesByCategory[$0] ?? .zero).formatted(unit) }
                + [c.ownMoney, c.reversals, c.refunds, c.solidarity, c.flowedBack, c.closing].map { $0.formatted(unit) })
        }
        let t = report.totals
        table.add(["Totaal", "", t.opening.formatted(unit), t.allocated.formatted(unit), t.arrangement.formatted(unit),
                   "", "", "", ""]
                  + [t.ownMoney, t.reversals, t.refunds, t.solidarity, t.flowedBack, t.closing].map { $0.formatted(unit) })
        let s = report.solidarity
        return table.render() + "\n\nSolidariteitspot: begin \(s.opening.formatted(unit)), bijdragen \(s.contributions.formatted(unit)), "
            + "toegekend \(s.grants.formatted(unit)), eind \(s.closing.formatted(unit))"
    }

    private static func salesTable(_ lines: [SalesLineInfo], title: String, unit: AmountUnit) -> String {
        var table = Table([.init(title), .init("Naam"), .init("Bruto", .right), .init("Teruggedraaid", .right),
                           .init("Netto", .right), .init("Aantal", .right)])
        for line in lines {
            table.add([line.key, line.name, line.gross.formatted(unit), line.reversals.formatted(unit), line.net.formatted(unit),
                       String(line.count)])
        }
        return table.render(ifEmpty: "Geen verkopen.")
    }

    /// "Sluit aan" or every check that differs with its difference.
    static func tieOut(_ tieOut: TieOutInfo, unit: AmountUnit) -> String {
        if tieOut.balanced { return "Aansluiting: sluit aan (\(tieOut.checks.count) controles)." }
        let lines = tieOut.checks.filter { $0.difference.minorUnits != 0 }.map {
            "  \($0.name): verwacht \($0.expected.formatted(unit)), gevonden \($0.actual.formatted(unit)), verschil \($0.difference.minorUnits) (\(unit.rawValue))"
        }
        return (["Aansluiting: SLUIT NIET AAN"] + lines).joined(separator: "\n")
    }
}
