import PasjesMoney
import PasjesProtocol

/// One card to link, with the line it came from.
public struct PlannedCard: Sendable {
    /// The line in the file.
    public var line: Int
    /// The request; its idempotency key derives from the file hash and the line.
    public var params: CardLinkParams
}

/// Turns a cards CSV into `card.link` requests, or into every row error (pure: no daemon).
public enum CardImportPlan {
    static let columns = [
        ImportColumn(key: "uid", names: ["uid", "pasnummer", "pas", "card_uid"], required: true),
        ImportColumn(key: "client", names: ["clientnummer", "client", "client_number", "nummer"], required: true),
    ]

    /// The requests for `bytes`, or all problems.
    public static func plan(_ bytes: [UInt8], limits: CSVReader.Limits = .standard) -> Result<[PlannedCard], ImportProblems> {
        let (planned, problems) = rows(bytes, limits: limits)
        if !problems.errors.isEmpty { return .failure(problems) }
        if planned.isEmpty { return .failure(.noRows) }
        return .success(planned)
    }

    /// The good rows of `bytes` and the problems of the others (every row: a file-level
    /// problem leaves none good), so the server's check can add its problems to these.
    static func rows(_ bytes: [UInt8], limits: CSVReader.Limits = .standard) -> (planned: [PlannedCard], problems: ImportProblems) {
        let table: CSVReader.Table
        do { table = try CSVReader.parse(bytes, limits: limits) } catch {
            return ([], ImportProblems([ImportRowError(line: error.line ?? 0, error.message)]))
        }
        let map: ColumnMap
        switch ColumnMap.make(header: table.header, columns: columns) {
        case .success(let made): map = made
        case .failure(let problems): return ([], problems)
        }
        let fileHash = ContentHash.hex(bytes)
        var errors: [ImportRowError] = []
        var planned: [PlannedCard] = []
        var firstLine: [String: Int] = [:]
        for row in table.rows {
            var rowErrors: [String] = []
            if row.fields.count > table.header.fields.count {
                rowErrors.append("\(row.fields.count) velden, de kopregel heeft er \(table.header.fields.count)")
            }
            let uidText = map.value("uid", in: row)
            var uid: String?
            if uidText.isEmpty {
                rowErrors.append("uid ontbreekt")
            } else if let normal = CardUIDText.normalise(uidText) {
                uid = normal
                if let earlier = firstLine[normal] {
                    rowErrors.append("pas \(normal) staat ook op regel \(earlier)")
                } else {
                    firstLine[normal] = row.line
                }
            } else {
                rowErrors.append("uid '\(uidText)' is geen geldige pas-UID (4, 7 of 10 bytes hex)")
            }
            let client = map.value("client", in: row)
            if let problem = clientNumberProblem(client) { rowErrors.append(problem) }
            guard rowErrors.isEmpty, let uid else {
                errors.append(ImportRowError(line: row.line, rowErrors.joined(separator: "; ")))
                continue
            }
            let key = IdempotencyKey.derived(["pasjes-import-cards", fileHash, String(row.line)])
            planned.append(PlannedCard(line: row.line, params: CardLinkParams(idempotencyKey: key, uid: uid, clientNumber: client)))
        }
        return (planned, ImportProblems(errors))
    }
}
