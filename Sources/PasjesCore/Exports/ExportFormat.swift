import Foundation
import PasjesMoney

/// The export files of a month for finance.
public enum MonthExportKind: String, CaseIterable, Sendable {
    /// CSV, one line per sale line.
    case sales
    /// CSV, the report's client lines.
    case clients
    /// CSV, the report's counter lines.
    case counters
    /// An hledger journal: opening balances and one transaction per transfer.
    case hledger
    /// The journal-entry CSV that Dutch bookkeeping packages import (*memoriaal*).
    case memoriaal

    /// The file name the CLI writes, e.g. `verkopen-2026-11.csv`.
    public func fileName(_ month: Month) -> String {
        switch self {
        case .sales: "verkopen-\(month).csv"
        case .clients: "clienten-\(month).csv"
        case .counters: "kassas-\(month).csv"
        case .hledger: "pasjes-\(month).journal"
        case .memoriaal: "memoriaal-\(month).csv"
        }
    }
}

/// Ledger account numbers (*grootboekrekeningen*) per account kind, for the memoriaal export.
public struct ExportAccountNumbers: Sendable, Equatable {
    /// The journal (*dagboek*) code the bookings go into.
    public var journal = "MEM"
    public var wallet = "1450"
    public var own = "1460"
    public var funding = "0950"
    public var announced = "1470"
    /// The solidarity buffer: organisation money, kept apart from funding.
    public var solidarity = "0960"
    public var revenue = "8000"

    public init() {}

    /// The number for an account of `kind` (`wallet`, `own`, `funding`, `revenue`) and `code`.
    func number(kind: String, code: String) -> String {
        switch kind {
        case "wallet": wallet
        case "own": own
        case "revenue": revenue
        default: code == Ledger.announcedAccountCode ? announced : code == Ledger.solidarityAccountCode ? solidarity : funding
        }
    }
}

/// Dutch spreadsheet conventions: `;` between fields, decimal comma, dd-mm-jjjj, CRLF, BOM.
enum DutchCSV {
    /// A whole file: UTF-8 byte order mark, CRLF after every line (Excel opens it as UTF-8).
    static func file(header: [String], rows: [[String]]) -> String {
        var file = Writer(header: header, expectedRows: rows.count)
        for row in rows { file.add(row) }
        return file.text
    }

    /// A file written row by row: a month's hundreds of thousands of rows go straight into the
    /// text, never into an array of rows first (the export's memory is the file's size).
    struct Writer {
        private(set) var text = "\u{FEFF}"

        init(header: [String], expectedRows: Int) {
            text.reserveCapacity(64 * (expectedRows + 1))
            add(header)
        }

        mutating func add(_ row: [String]) {
            for (index, value) in row.enumerated() {
                if index > 0 { text += ";" }
                text += field(value)
            }
            text += "\r\n"
        }
    }

    /// A field as a spreadsheet must read it: a text a spreadsheet would run as a formula gets
    /// a leading `'`, and a field holding `;`, a quote or a line break is quoted (quotes doubled).
    /// Every cell of every CSV passes here, so no writer can forget it.
    static func field(_ text: String) -> String {
        let cell = isFormula(text) ? "'" + text : text
        guard cell.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Text starting with `=`, `+`, `-`, `@`, a tab or a CR, which Excel and LibreOffice run as
    /// a formula (`=HYPERLINK(…)`, `=CMD|…`). A number such as `-0,05` is not text: it stays a number.
    static func isFormula(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return false }
        return text.wholeMatch(of: /-[0-9]+(,[0-9]+)?/) == nil
    }

    /// `1234,50`, `-0,05` for cents; whole numbers for minutes and points (no thousands separator:
    /// a spreadsheet reads it as a number).
    static func amount(_ minorUnits: Int64, _ unit: AmountUnit) -> String {
        guard unit == .cents else { return String(minorUnits) }
        let sign = minorUnits < 0 ? "-" : ""
        let magnitude = minorUnits.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100),\(cents < 10 ? "0" : "")\(cents)"
    }

    /// `15-11-2026`.
    static func date(_ day: LocalDay) -> String {
        "\(pad(day.day))-\(pad(day.month))-\(day.year)"
    }

    static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}

/// A stored timestamp's calendar day in Europe/Amsterdam.
struct LocalDay: Comparable {
    var year: Int
    var month: Int
    var day: Int

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(_ timestamp: String) {
        let milliseconds = Ledger.milliseconds(timestamp: timestamp) ?? 0
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        let parts = Month.calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// The calendar asked once per UTC hour: Amsterdam's offset is whole hours, and an export
    /// of a busy month has a hundred thousand timestamps but only about 744 hours.
    struct Cache {
        private var byHour: [Substring: LocalDay] = [:]

        mutating func day(_ timestamp: String) -> LocalDay {
            let hour = timestamp.prefix(13)
            if let known = byHour[hour] { return known }
            let day = LocalDay(timestamp)
            byHour[hour] = day
            return day
        }
    }

    /// The day clamped into `month`: a close books in the next month what belongs to this one.
    func clamped(to month: Month) -> LocalDay {
        let first = LocalDay(year: month.year, month: month.month, day: 1)
        let last = LocalDay(year: month.year, month: month.month, day: month.dayCount)
        return min(max(self, first), last)
    }

    /// `2026-11-15`.
    var iso: String { "\(year)-\(DutchCSV.pad(month))-\(DutchCSV.pad(day))" }

    static func < (lhs: LocalDay, rhs: LocalDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension ExportAccountNumbers {
    /// `defaults` with the numbers that are given replaced (the `[export]` table of the config).
    public init(journal: String?, wallet: String?, own: String?, funding: String?, announced: String?, revenue: String?,
                solidarity: String? = nil, defaults: ExportAccountNumbers) {
        self = defaults
        if let journal { self.journal = journal }
        if let wallet { self.wallet = wallet }
        if let own { self.own = own }
        if let funding { self.funding = funding }
        if let announced { self.announced = announced }
        if let revenue { self.revenue = revenue }
        if let solidarity { self.solidarity = solidarity }
    }
}
