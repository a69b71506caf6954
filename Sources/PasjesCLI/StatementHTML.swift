import Foundation
import PasjesMoney
import PasjesProtocol

/// The monthly statement (*maandoverzicht*) as one printable A4 page of HTML, in plain Dutch.
enum StatementHTML {
    /// The table lines one A4 page holds below the heading, the light and the reserve sentence
    /// (measured with WeasyPrint: 28 purchases under a 5-row summary pushed the footer over; the
    /// bar and the saving sentence take three).
    static let pageLineBudget = 27
    /// The fewest purchase lines printed, however long the rest of the page is.
    static let minPurchaseLines = 5
    /// The most money-back lines printed (absence refunds and grants).
    static let maxCreditLines = 6

    /// How many purchases fit: the budget less the summary's rows and the money-back table; the
    /// rest are summed in one line so the statement stays one page.
    static func purchaseLimit(summaryRows: Int, credits: Int, contacts: Int) -> Int {
        let creditLines = credits == 0 ? 0 : min(credits, maxCreditLines) + 3
        // Each contact named in the footer takes about half a line.
        return max(minPurchaseLines, pageLineBudget - summaryRows - creditLines - (contacts + 1) / 2)
    }

    static func render(_ s: MonthStatementResult, madeOn: String) -> String {
        let unit = s.unit
        func money(_ amount: Amount) -> String { escape(amount.formatted(unit)) }
        let monthName = monthTitle(s.month)
        var rows: [(String, String)] = [("Saldo aan het begin van de maand", money(s.line.opening)),
                                        ("Budget voor \(monthName)", money(s.line.allocated))]
        if s.line.arrangement.minorUnits != 0 { rows.append(("Vaste diensten (arrangement)", "− " + money(s.line.arrangement))) }
        for (category, title) in categoryTitles {
            let amount = s.line.purchasesByCategory[category] ?? .zero
            if amount.minorUnits != 0 { rows.append(("Gekocht: \(title)", "− " + money(amount))) }
        }
        if s.line.ownMoney.minorUnits != 0 { rows.append(("Daarvan betaald met eigen geld", "+ " + money(s.line.ownMoney))) }
        if s.line.reversals.minorUnits != 0 { rows.append(("Teruggeboekt (aankoop ongedaan gemaakt)", "+ " + money(s.line.reversals))) }
        if s.line.refunds.minorUnits != 0 { rows.append(("Terug voor dagen afwezig (vaste diensten)", "+ " + money(s.line.refunds))) }
        if s.line.solidarity.minorUnits != 0 { rows.append(("Extra uit de solidariteitspot", "+ " + money(s.line.solidarity))) }
        if s.line.flowedBack.minorUnits != 0 { rows.append(("Niet gespaard, terug naar de zorgorganisatie", "− " + money(s.line.flowedBack))) }
        let summary = rows.map { "<tr><td>\(escape($0.0))</td><td class=\"n\">\($0.1)</td></tr>" }.joined()
            + "<tr class=\"total\"><td>Over aan het eind van de maand</td><td class=\"n\">\(money(s.line.closing))</td></tr>"
        return """
            <!DOCTYPE html>
            <html lang="nl"><head><meta charset="utf-8"><title>Maandoverzicht \(escape(s.clientName)) \(s.month)</title>
            <style>\(css)</style></head><body>
            <h1>Maandoverzicht \(monthName)</h1>
            <p class="who">\(([("<strong>" + escape(s.clientName) + "</strong>"), "cliëntnummer " + escape(s.clientNumber)] + [s.location, s.department].filter { !$0.isEmpty }.map(escape)).joined(separator: " · "))</p>
            \(lightBox(s.light))
            <h2>Uw budget deze maand</h2>
            \(StatementBar.html(s))
            <table class="sum">\(summary)</table>
            <p class="reserve">\(escape(reserveSentence(s)))\(savingSentence(s).map { " " + escape($0) } ?? "")</p>
            <h2>Wat er gekocht is</h2>
            \(purchaseTable(s, limit: purchaseLimit(summaryRows: rows.count + 1, credits: s.credits.count,
                                                         contacts: s.contacts.count)))
            \(creditList(s))
            <p class="foot">\(escape(recipients(s))) \
            Vragen? Stel ze aan uw cliëntondersteuner. Opgemaakt op \(madeOn); \(s.closed ? "de maand is afgesloten: deze cijfers zijn definitief." : "de maand is nog niet afgesloten: deze cijfers kunnen nog veranderen.")</p>
            </body></html>
            """
    }

    /// "Dit overzicht gaat naar Daniëlle de Vries en naar Anna de Vries (mentor, anna@…)."
    static func recipients(_ s: MonthStatementResult) -> String {
        guard !s.contacts.isEmpty else {
            return "Dit overzicht is voor \(s.clientName) en wie het budget mee beheert (mentor, bewindvoerder of familie)."
        }
        let others = s.contacts.map { "\($0.name) (\($0.role), \($0.email))" }.joined(separator: ", ")
        return "Dit overzicht gaat naar \(s.clientName) en naar \(others)."
    }

    static let categoryTitles = [("zorg", "zorg"), ("dagbesteding", "dagbesteding"),
                                 ("facilitair", "restaurant, was en schoonmaak"), ("welzijn", "welzijn")]

    /// The light as a colour and a word, with what it means in one sentence.
    static func lightBox(_ light: TrafficLight) -> String {
        let (colour, meaning) = switch light {
        case .green: ("#2e7d32", "Er is budget over voor extra diensten.")
        case .orange: ("#e65100", "Alleen het deel voor onvoorziene zorg is nog over: extra diensten kunnen nu niet.")
        case .red: ("#c62828", "Het budget is op. Bespreek met de zorg wat nu kan: familie helpt meer, een dienst vervalt of u betaalt zelf bij.")
        }
        return "<p class=\"light\"><span class=\"dot\" style=\"background:\(colour)\"></span><strong>\(light.dutchWord)</strong> \(meaning)</p>"
    }

    static func reserveSentence(_ s: MonthStatementResult) -> String {
        guard s.reserve.minorUnits > 0 else { return "Er is deze maand geen geld apart gezet voor onvoorziene zorg." }
        return "Van het budget houden we \(s.reserve.formatted(s.unit)) apart voor zorg die niet vooraf gepland is, "
            + "zoals extra hulp als u ziek bent. Dat deel gaat niet naar extra diensten."
    }

    /// What happens to what is left at the end of the month under the organisation's saving policy.
    static func savingSentence(_ s: MonthStatementResult) -> String? {
        let start = "Wat aan het eind van de maand over is,"
        switch s.savingPolicy {
        case "none": return "\(start) gaat terug naar de zorgorganisatie."
        case "capped":
            guard let cap = s.savingCap, cap.minorUnits > 0 else { return "\(start) gaat terug naar de zorgorganisatie." }
            return "\(start) blijft staan tot \(cap.formatted(s.unit)), de rest gaat terug naar de zorgorganisatie."
        case "year": return "\(start) blijft staan tot het eind van het jaar; wat dan over is, gaat terug naar de zorgorganisatie."
        default: return nil
        }
    }

    /// "EHV-NOORD · Restaurant": the purchases come grouped by location, and each line says which.
    static func place(_ p: StatementPurchaseInfo) -> String {
        p.location.map { "\($0) · \(p.counterName)" } ?? p.counterName
    }

    static func purchaseTable(_ s: MonthStatementResult, limit: Int) -> String {
        guard !s.purchases.isEmpty else { return "<p>Deze maand is er niets gekocht.</p>" }
        // A rest line of one purchase takes the same room as that purchase: show it instead.
        let shown = s.purchases.count == limit + 1 ? s.purchases[...] : s.purchases.prefix(limit)
        var rows = shown.map { p in
            "<tr\(p.reversed ? " class=\"rev\"" : "")><td>\(String(Formatting.localTime(p.at).prefix(10)))</td><td>\(escape(place(p)))</td>"
                + "<td>\(escape(p.productName))\(p.reversed ? " (teruggedraaid)" : "")</td><td class=\"n\">\(p.quantity)</td>"
                + "<td class=\"n\">\(escape(p.amount.formatted(s.unit)))</td></tr>"
        }
        let rest = s.purchases.dropFirst(shown.count)
        if !rest.isEmpty {
            let sum = Amount(rest.reduce(Int64(0)) { $0 + $1.amount.minorUnits })
            rows.append("<tr><td colspan=\"4\">en nog \(rest.count) aankopen</td><td class=\"n\">\(escape(sum.formatted(s.unit)))</td></tr>")
        }
        return "<table class=\"buy\"><tr><th>Datum</th><th>Waar</th><th>Wat</th><th class=\"n\">Aantal</th><th class=\"n\">Bedrag</th></tr>"
            + rows.joined() + "</table>"
    }

    /// Absence refunds and solidarity grants, each with its date and reason: money back is explained.
    static func creditList(_ s: MonthStatementResult) -> String {
        guard !s.credits.isEmpty else { return "" }
        let rows = s.credits.prefix(maxCreditLines).map { c in
            "<tr><td>\(String(Formatting.localTime(c.at).prefix(10)))</td><td>\(escape(c.memo))</td>"
                + "<td class=\"n\">+ \(escape(c.amount.formatted(s.unit)))</td></tr>"
        }
        return "<h2>Terug in het budget</h2><table class=\"buy\"><tr><th>Datum</th><th>Waarvoor</th><th class=\"n\">Bedrag</th></tr>"
            + rows.joined() + "</table>"
    }

    /// `2026-11` → `november 2026`.
    static func monthTitle(_ month: String) -> String {
        let parts = month.split(separator: "-")
        guard parts.count == 2, let number = Int(parts[1]), (1...12).contains(number) else { return month }
        let names = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
                     "november", "december"]
        return "\(names[number - 1]) \(parts[0])"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let css = """
        @page { size: A4; margin: 16mm 16mm 14mm 16mm; }
        body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #222; }
        h1 { font-size: 17pt; margin: 0 0 2mm 0; } h2 { font-size: 11.5pt; margin: 5mm 0 1.5mm 0; }
        .who { margin: 0 0 3mm 0; } .light { font-size: 11pt; border: 1px solid #bbb; padding: 2mm 3mm; }
        .dot { display: inline-block; width: 4mm; height: 4mm; border-radius: 2mm; margin-right: 2mm; vertical-align: -0.5mm; }
        table { border-collapse: collapse; width: 100%; } td, th { padding: 0.8mm 1.5mm; text-align: left; }
        .sum td { border-bottom: 1px solid #ddd; } .sum { width: 70%; } .total td { font-weight: bold; border-top: 2px solid #222; }
        .buy th { border-bottom: 1px solid #222; } .buy td { border-bottom: 1px solid #eee; font-size: 8.5pt; }
        .n { text-align: right; white-space: nowrap; } .rev td { color: #777; } .reserve { font-style: italic; }
        .foot { margin-top: 5mm; font-size: 8pt; color: #555; }
        .bar { width: 70%; height: 4mm; margin: 0 0 1mm 0; } .bar td { padding: 0; border: 1px solid #999; }
        .used { background: #888; } .left { background: #cfe8cf; } .barText { margin: 0 0 2mm 0; }
        """
}
