import PasjesMoney
import PasjesProtocol

extension MonthFormatting {
    /// The words for a counter without a location, in the report and on the statement.
    static let noLocation = "(geen locatie)"

    /// "Per locatie en kassa": each location's counters, then the location's total. `clipped`:
    /// names cut to fit 100 columns.
    static func locationTable(_ lines: [LocationSalesInfo], unit: AmountUnit, clipped: Bool) -> String {
        var table = Table([.init("Locatie"), .init("Kassa"), .init("Naam"), .init("Bruto", .right),
                           .init("Teruggedraaid", .right), .init("Netto", .right), .init("Aantal", .right)])
        func cut(_ text: String, _ width: Int) -> String { clipped ? DisplayWidth.clip(text, to: width) : text }
        // The daemon sends the lines grouped (locations in order, none last); group them again
        // rather than trust that, so a total never mixes two locations.
        var order: [String?] = []
        for line in lines where !order.contains(line.location) { order.append(line.location) }
        for place in order {
            let group = lines.filter { $0.location == place }
            let label = place ?? noLocation
            for line in group {
                table.add([label, cut(line.counter, 16), cut(line.name, 24), line.gross.formatted(unit),
                           line.reversals.formatted(unit), line.net.formatted(unit), String(line.count)])
            }
            func total(_ figure: (LocationSalesInfo) -> Amount) -> String {
                Amount(group.reduce(Int64(0)) { sum, line in
                    let (next, overflow) = sum.addingReportingOverflow(figure(line).minorUnits)
                    return overflow ? .max : next
                }).formatted(unit)
            }
            table.add([label, "totaal", "", total(\.gross), total(\.reversals), total(\.net),
                       String(group.reduce(Int64(0)) { $0 &+ $1.count })])
        }
        return table.render(ifEmpty: "Geen verkopen.")
    }
}
