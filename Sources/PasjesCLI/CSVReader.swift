/// CSV as Dutch offices make it: `;` or `,` (taken from the header line), UTF-8 with or without
/// BOM, CRLF or LF, quoted fields with doubled quotes, empty lines skipped.
public enum CSVReader {
    /// Bounds on what an import file may hold.
    public struct Limits: Sendable {
        /// The largest file, in bytes.
        public var maxBytes: Int
        /// The most data rows (the header not counted).
        public var maxRows: Int
        /// The longest field, in characters.
        public var maxFieldLength: Int

        /// Makes limits.
        public init(maxBytes: Int, maxRows: Int, maxFieldLength: Int) {
            self.maxBytes = maxBytes
            self.maxRows = maxRows
            self.maxFieldLength = maxFieldLength
        }

        /// 5 MiB, 10 000 rows, 200 characters a field.
        public static let standard = Limits(maxBytes: 5 * 1024 * 1024, maxRows: 10_000, maxFieldLength: 200)
    }

    /// One record and the line it starts on (1-based; the header is line 1 unless blank lines precede it).
    public struct Row: Equatable, Sendable {
        /// The line the record starts on.
        public var line: Int
        /// The fields, trimmed of surrounding spaces.
        public var fields: [String]
        /// Makes a row.
        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    /// A parsed file: the header and the data rows.
    public struct Table: Equatable, Sendable {
        /// The separator found in the header line.
        public var separator: Character
        /// The header row.
        public var header: Row
        /// The data rows, empty lines left out.
        public var rows: [Row]
    }

    /// Why a file could not be read at all (as opposed to a bad row).
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The line the problem is on, if any.
        public var line: Int?
        /// A Dutch explanation.
        public var message: String
        /// Makes a failure.
        public init(line: Int?, _ message: String) {
            self.line = line
            self.message = message
        }
        public var description: String { line.map { "regel \($0): \(message)" } ?? message }
    }

    /// Parses `bytes` within `limits`.
    public static func parse(_ bytes: [UInt8], limits: Limits = .standard) throws(Failure) -> Table {
        guard bytes.count <= limits.maxBytes else {
            throw Failure(line: nil, "bestand is groter dan \(limits.maxBytes / 1024 / 1024) MiB")
        }
        var content = bytes
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content.removeFirst(3) }
        let text = String(decoding: content, as: UTF8.self)
        guard text.utf8.elementsEqual(content) else {
            throw Failure(line: nil, "bestand is geen UTF-8 (sla het op als \"CSV UTF-8\")")
        }
        let separator = detectSeparator(text)
        var records = try split(text, separator: separator, maxFieldLength: limits.maxFieldLength)
        records.removeAll { $0.fields.allSatisfy(\.isEmpty) }
        guard !records.isEmpty else { throw Failure(line: nil, "bestand is leeg (geen kopregel)") }
        let header = records.removeFirst()
        guard records.count <= limits.maxRows else {
            throw Failure(line: nil, "meer dan \(limits.maxRows) regels; splits het bestand")
        }
        return Table(separator: separator, header: header, rows: records)
    }

    /// `;` when the first non-empty line has more semicolons than commas outside quotes, else `,`.
    static func detectSeparator(_ text: String) -> Character {
        var semicolons = 0, commas = 0, quoted = false, seenContent = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.toggle() }
            if quoted { continue }
            if scalar == "\n" || scalar == "\r" {
                if seenContent { break } else { continue }
            }
            seenContent = true
            if scalar == ";" { semicolons += 1 }
            if scalar == "," { commas += 1 }
        }
        return semicolons > commas ? ";" : ","
    }

    private static func split(_ text: String, separator: Character, maxFieldLength: Int) throws(Failure) -> [Row] {
        let separatorScalar = separator.unicodeScalars.first!
        var rows: [Row] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1, recordLine = 1
        var quoted = false, wasQuoted = false, afterQuote = false
        var scalars = Array(text.unicodeScalars)[...]

        func endField() throws(Failure) {
            var value = String(field)
            if !wasQuoted { value = value.trimmingSpaces() }
            guard value.count <= maxFieldLength else {
                throw Failure(line: recordLine, "veld \(fields.count + 1) is langer dan \(maxFieldLength) tekens")
            }
            fields.append(value)
            field = String.UnicodeScalarView()
            wasQuoted = false
            afterQuote = false
        }
        func endRecord() throws(Failure) {
            try endField()
            rows.append(Row(line: recordLine, fields: fields))
            fields = []
        }

        while let scalar = scalars.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if scalars.first == "\"" {
                        scalars.removeFirst()
                        field.append("\"")
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    if scalar == "\r" && scalars.first != "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case separatorScalar:
                try endField()
            case "\r", "\n":
                if scalar == "\r" && scalars.first == "\n" { scalars.removeFirst() }
                try endRecord()
                line += 1
                recordLine = line
            case "\"" where !afterQuote && String(field).trimmingSpaces().isEmpty:
                quoted = true
                wasQuoted = true
                field = String.UnicodeScalarView()
            default:
                if afterQuote {
                    if scalar == " " || scalar == "\t" { continue }
                    throw Failure(line: line, "tekst na een aanhalingsteken in veld \(fields.count + 1)")
                }
                field.append(scalar)
            }
        }
        if quoted { throw Failure(line: recordLine, "aanhalingsteken niet gesloten") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { try endRecord() }
        return rows
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}
