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

    /// The report as text: by default it fits a terminal of 100 columns (per client the roll-forward
    /// in four amounts, then the totals per category); `wide` shows every column per client.
    static func report(_ report: MonthReportResult, wide: Bool = false) -> String {
        let unit = report.unit
        var status = "Maand \(report.month): "
        if let closed = report.closed {
            status += "afgesloten \(Formatting.localTime(closed.closedAt)) door \(closed.operatorName)\nZegel: \(closed.seal)"
        } else {
            status += "open"
        }
        var parts = [status, wide ? wideClientTable(report, unit: unit) : clientTable(report, unit: unit)]
        parts.append("Solidariteitspot: begin \(report.solidarity.opening.formatted(unit)), bijdragen "
                     + "\(report.solidarity.contributions.formatted(unit)), toegekend \(report.solidarity.grants.formatted(unit)), "
                     + "eind \(report.solidarity.closing.formatted(unit))")
        parts.append("Per categorie\n" + categoryTable(report, unit: unit))
        parts.append("Per kassa\n" + salesTable(report.counters, title: "Kassa", unit: unit, clipped: !wide))
        // One location (no counter has one) is "Per kassa" again: the embedded default's report stays as it was.
        if report.locations.contains(where: { $0.location != nil }) {
            parts.append("Per locatie en kassa\n" + locationTable(report.locations, unit: unit, clipped: !wide))
        }
        parts.append("Per product\n" + salesTable(report.products, title: "Product", unit: unit, clipped: !wide))
        parts.append("Per medewerker\n" + salesTable(report.operators, title: "Medewerker", unit: unit, clipped: !wide))
        if let risks = report.offlineRisks, !risks.isEmpty { parts.append(offlineRisks(report, risks, unit: unit)) }
        parts.append(tieOut(report.tieOut, unit: unit))
        if !wide { parts.append("Alle kolommen per cliënt: pasjes month report \(report.month) --breed (of --json).") }
        return parts.joined(separator: "\n\n")
    }

    /// Per client begin + erbij − af = eind: what came in (allocation, reversals, refunds, grants)
    /// and what went out (purchases and arrangement less own money, and what flowed back).
    private static func clientTable(_ report: MonthReportResult, unit: AmountUnit) -> String {
        var table = Table([.init("Cliënt"), .init("Naam"), .init("Begin", .right), .init("Erbij", .right), .init("Af", .right),
                           .init("Eind", .right)])
        func row(_ number: String, _ name: String, _ figures: [Amount]) {
            table.add([DisplayWidth.clip(number, to: 12), DisplayWidth.clip(name, to: 24)] + figures.map { $0.formatted(unit) })
        }
        // What offline:risk paid is not out of the wallet.
        func risk(_ amount: Amount?) -> Amount { Amount(-(amount?.minorUnits ?? 0)) }
        for c in report.clients {
            row(c.number, c.name, [c.opening, sum([c.allocated, c.reversals, c.refunds, c.solidarity]),
                                   sum([c.purchases, c.arrangement, c.flowedBack, Amount(-c.ownMoney.minorUnits), risk(c.offlineRisk)]),
                                   c.closing])
        }
        let t = report.totals
        let risks = sum(report.clients.map { risk($0.offlineRisk) })
        row("Totaal", "", [t.opening, sum([t.allocated, t.reversals, t.refunds, t.solidarity]),
                           sum([t.purchases, t.arrangement, t.flowedBack, Amount(-t.ownMoney.minorUnits), risks]), t.closing])
        return table.render() + "\nErbij: toegekend, teruggedraaid, terug voor afwezigheid en solidariteit.\n"
            + "Af: aankopen en arrangement zonder eigen bijdrage, en wat terugvloeide."
    }

    /// The sum of `parts`; a sum beyond Int64 (not a real month) shows as the largest amount.
    private static func sum(_ parts: [Amount]) -> Amount {
        Amount(parts.reduce(Int64(0)) { total, part in
            let (sum, overflow) = total.addingReportingOverflow(part.minorUnits)
            return overflow ? .max : sum
        })
    }

    /// The purchases of all clients per category, the arrangement and the own money in them.
    private static func categoryTable(_ report: MonthReportResult, unit: AmountUnit) -> String {
        var table = Table([.init("Categorie"), .init("Bedrag", .right)])
        for category in categories {
            table.add([category.capitalized, sum(report.clients.map { $0.purchasesByCategory[category] ?? .zero }).formatted(unit)])
        }
        let t = report.totals
        table.add(["Arrangement", t.arrangement.formatted(unit)])
        table.add(["Totaal", sum([t.purchases, t.arrangement]).formatted(unit)])
        table.add(["waarvan eigen bijdrage", t.ownMoney.formatted(unit)])
        return table.render()
    }

    private static func wideClientTable(_ report: MonthReportResult, unit: AmountUnit) -> String {
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
        table.add(["Totaal", "", t.opening.formatted(unit), t.allocated.formatted(unit), t.arrangement.formatted(unit)]
                  + categories.map { category in sum(report.clients.map { $0.purchasesByCategory[category] ?? .zero }).formatted(unit) }
                  + [t.ownMoney, t.reversals, t.refunds, t.solidarity, t.flowedBack, t.closing].map { $0.formatted(unit) })
        return table.render()
    }

    /// `clipped`: keys and names cut to fit 100 columns.
    private static func salesTable(_ lines: [SalesLineInfo], title: String, unit: AmountUnit, clipped: Bool) -> String {
        var table = Table([.init(title), .init("Naam"), .init("Bruto", .right), .init("Teruggedraaid", .right),
                           .init("Netto", .right), .init("Aantal", .right)])
        for line in lines {
            table.add([clipped ? DisplayWidth.clip(line.key, to: 16) : line.key, clipped ? DisplayWidth.clip(line.name, to: 24) : line.name,
                       line.gross.formatted(unit), line.reversals.formatted(unit), line.net.formatted(unit),
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

    /// The month's offline sales that the wallet could not pay when they reached the log.
    static func offlineRisks(_ report: MonthReportResult, _ risks: [SaleRiskInfo], unit: AmountUnit) -> String {
        var table = Table([.init("Verkoop"), .init("Cliënt"), .init("Kassa"), .init("Verkocht"), .init("Risico", .right),
                           .init("Waarom"), .init("Afgehandeld")])
        for risk in risks {
            // A sale whose own month was closed before it reached the log is booked in this one.
            let sold = Formatting.localTime(risk.at)
            table.add([risk.saleId, risk.clientNumber, DisplayWidth.clip(risk.counter, to: 16),
                       risk.month == String(risk.at.prefix(7)) ? sold : sold + " (geboekt in \(risk.month))",
                       risk.amount.formatted(unit), riskReason(risk.reason), risk.settlement.map(settlementWord) ?? "open"])
        }
        var text = "Offline-risico (offline verkopen die de portemonnee niet kon betalen; betaald door offline:risk)\n"
            + table.render()
        let count = report.offlineRiskCount ?? risks.count
        if count > risks.count {
            text += "\nen nog \(count - risks.count): pasjes sale risks --maand \(report.month)"
        }
        return text + "\nAfhandelen: pasjes sale settle-risk VERKOOP --portemonnee | --organisatie"
    }

    static func riskReason(_ code: String) -> String {
        switch code {
        case "short_wallet": "saldo te laag"
        case "card_blocked": "pas intussen geblokkeerd"
        case "client_not_active": "cliënt niet actief"
        case "limit": "regel intussen gewijzigd"
        default: code
        }
    }

    static func settlementWord(_ code: String) -> String {
        switch code {
        case "wallet": "portemonnee"
        case "organisation": "organisatie"
        case "reversal": "teruggedraaid"
        default: code
        }
    }
}
