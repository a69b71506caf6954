import Foundation

/// One rejected row of an import file: its line number and a Dutch reason.
public struct ImportRowError: Equatable, Sendable, CustomStringConvertible {
    /// The line in the file (1-based; 0 for the file as a whole).
    public var line: Int
    /// What is wrong, in Dutch.
    public var message: String
    /// Makes a row error.
    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { line > 0 ? "regel \(line): \(message)" : message }
}

/// Every problem found in an import: nothing is sent when there is any.
public struct ImportProblems: Error, Equatable, Sendable {
    /// The problems in line order.
    public var errors: [ImportRowError]
    /// Wraps problems.
    public init(_ errors: [ImportRowError]) { self.errors = errors.sorted { $0.line < $1.line } }
}

/// A column an import expects: its key, the header names that mean it, whether it must be there.
struct ImportColumn {
    var key: String
    var names: [String]
    var required: Bool
}

/// Which header column holds which field.
struct ColumnMap {
    private var index: [String: Int] = [:]

    /// Header text as compared: lower case, no accents, spaces and dashes as underscores.
    static func normalise(_ name: String) -> String {
        name.trimmingSpaces().folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    /// Maps `header` to `columns`, or lists what is wrong with it (unknown, doubled or missing columns).
    static func make(header: CSVReader.Row, columns: [ImportColumn]) -> Result<ColumnMap, ImportProblems> {
        var map = ColumnMap()
        var errors: [ImportRowError] = []
        for (position, name) in header.fields.enumerated() {
            let normal = normalise(name)
            if normal.isEmpty { continue }
            guard let column = columns.first(where: { $0.names.contains(normal) }) else {
                let known = columns.map { $0.names.joined(separator: "/") }.joined(separator: ", ")
                errors.append(ImportRowError(line: header.line, "onbekende kolom '\(name)' (bekend: \(known))"))
                continue
            }
            if map.index[column.key] != nil {
                errors.append(ImportRowError(line: header.line, "kolom '\(name)' staat er twee keer in"))
                continue
            }
            map.index[column.key] = position
        }
        for column in columns where column.required && map.index[column.key] == nil {
            errors.append(ImportRowError(line: header.line, "kolom '\(column.names[0])' ontbreekt in de kopregel"))
        }
        return errors.isEmpty ? .success(map) : .failure(ImportProblems(errors))
    }

    /// Whether the file has column `key`.
    func has(_ key: String) -> Bool { index[key] != nil }

    /// The field for `key` in `row` ("" when the column or the field is absent).
    func value(_ key: String, in row: CSVReader.Row) -> String {
        guard let position = index[key], position < row.fields.count else { return "" }
        return row.fields[position]
    }

    /// The number of columns the header names.
    var width: Int { (index.values.max() ?? -1) + 1 }
}

/// The ledger's limits on client text (`Ledger.createClient`, the `clients` schema), mirrored
/// here because the CLI does not link the ledger: a plan that passes must not be refused halfway.
enum ClientTextLimits {
    static let number = 64
    static let name = 200
    static let zzp = 32
    static let location = 100
    static let department = 100
}

/// Why a required text field cannot go to the ledger as it is, in Dutch; nil when it can.
///
/// Length counts Unicode scalars, as the ledger and SQLite's `length()` do, so "e" plus a
/// combining accent counts as two: counting characters would pass what the ledger refuses.
func textFieldProblem(_ value: String, label: String, maxLength: Int) -> String? {
    // The ledger trims: a field of only spaces is as good as empty.
    if value.allSatisfy(\.isWhitespace) { return "\(label) ontbreekt" }
    if value.hasControlCharacter { return "\(label) bevat een regeleinde of stuurteken" }
    let length = value.unicodeScalars.count
    if length > maxLength { return "\(label) is \(length) tekens lang, hoogstens \(maxLength)" }
    return nil
}

/// Why `number` is not a usable client number, in Dutch; nil when it is.
func clientNumberProblem(_ number: String) -> String? {
    if let problem = textFieldProblem(number, label: "clientnummer", maxLength: ClientTextLimits.number) {
        return problem
    }
    // Quoted fields keep their spaces: " 1001" would become a client nobody finds by typing 1001.
    if number.unicodeScalars.first.map(\.properties.isWhitespace) == true
        || number.unicodeScalars.last.map(\.properties.isWhitespace) == true {
        return "clientnummer '\(number)' begint of eindigt met een spatie"
    }
    if let rule = ClientNumberRule.problem(number) { return rule }
    return nil
}

extension String {
    /// True when the text holds a control character (a newline inside quotes, an escape).
    var hasControlCharacter: Bool {
        unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }
    }
}
