import PasjesMoney
import PasjesProtocol

/// One client to create, with the line it came from.
public struct PlannedClient: Sendable {
    /// The line in the file.
    public var line: Int
    /// The request; its idempotency key derives from the file hash and the line.
    public var params: ClientCreateParams
}

/// Turns a clients CSV into `client.create` requests, or into every row error (pure: no daemon).
public enum ClientImportPlan {
    static let columns = [
        ImportColumn(key: "number", names: ["clientnummer", "nummer", "number", "client_number", "clientnumber"], required: true),
        ImportColumn(key: "name", names: ["naam", "name"], required: true),
        ImportColumn(key: "zzp", names: ["zzp"], required: true),
        ImportColumn(key: "location", names: ["locatie", "location"], required: true),
        ImportColumn(key: "department", names: ["afdeling", "department"], required: true),
        ImportColumn(key: "own", names: ["eigen_bijdrage", "own_contribution"], required: false),
        ImportColumn(key: "cap", names: ["plafond", "cap"], required: false),
    ]

    /// The required text fields in column order: key, Dutch label, longest length the ledger takes.
    static let textFields: [(key: String, label: String, maxLength: Int)] = [
        ("name", "naam", ClientTextLimits.name), ("zzp", "zzp", ClientTextLimits.zzp),
        ("location", "locatie", ClientTextLimits.location), ("department", "afdeling", ClientTextLimits.department),
    ]

    /// The requests for `bytes`, or all problems. Amounts are read in `unit`.
    public static func plan(_ bytes: [UInt8], unit: AmountUnit,
                            limits: CSVReader.Limits = .standard) -> Result<[PlannedClient], ImportProblems> {
        let (planned, problems) = rows(bytes, unit: unit, limits: limits)
        if !problems.errors.isEmpty { return .failure(problems) }
        if planned.isEmpty { return .failure(.noRows) }
        return .success(planned)
    }

    /// The good rows of `bytes` and the problems of the others (every row: a file-level
    /// problem leaves none good), so the server's check can add its problems to these.
    static func rows(_ bytes: [UInt8], unit: AmountUnit,
                     limits: CSVReader.Limits = .standard) -> (planned: [PlannedClient], problems: ImportProblems) {
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
        var planned: [PlannedClient] = []
        var firstLine: [String: Int] = [:]
        for row in table.rows {
            var rowErrors: [String] = []
            if row.fields.count > table.header.fields.count {
                rowErrors.append("\(row.fields.count) velden, de kopregel heeft er \(table.header.fields.count)")
            }
            let number = map.value("number", in: row)
            let numberProblem = clientNumberProblem(number)
            if let numberProblem { rowErrors.append(numberProblem) }
            for field in textFields {
                if let problem = textFieldProblem(map.value(field.key, in: row), label: field.label, maxLength: field.maxLength) {
                    rowErrors.append(problem)
                }
            }
            if numberProblem == nil {
                if let earlier = firstLine[number] {
                    rowErrors.append("clientnummer \(number) staat ook op regel \(earlier)")
                } else {
                    firstLine[number] = row.line
                }
            }
            var own: Bool?
            let ownText = map.value("own", in: row)
            if !ownText.isEmpty {
                own = YesNo.parse(ownText)
                if own == nil { rowErrors.append("eigen_bijdrage '\(ownText)' is geen ja of nee") }
            }
            var cap: Amount?
            let capText = map.value("cap", in: row)
            if !capText.isEmpty {
                do {
                    cap = try Amount.parse(capText, unit: unit)
                } catch {
                    rowErrors.append("plafond: \(error.message)")
                }
            }
            if !rowErrors.isEmpty {
                errors.append(ImportRowError(line: row.line, rowErrors.joined(separator: "; ")))
                continue
            }
            let key = IdempotencyKey.derived(["pasjes-import-clients", fileHash, String(row.line)])
            planned.append(PlannedClient(line: row.line, params: ClientCreateParams(
                idempotencyKey: key, number: number, name: map.value("name", in: row), zzp: map.value("zzp", in: row),
                location: map.value("location", in: row), department: map.value("department", in: row),
                allowOwnContribution: own, ownContributionCap: cap)))
        }
        return (planned, ImportProblems(errors))
    }

    /// Whether an existing client already is what `params` would create (a re-run after a crash).
    public static func matches(_ existing: ClientInfo, _ params: ClientCreateParams) -> Bool {
        existing.number == params.number && existing.name == params.name && existing.zzp == params.zzp
            && existing.location == params.location && existing.department == params.department
            && (params.allowOwnContribution.map { $0 == existing.allowOwnContribution } ?? true)
            && (params.ownContributionCap.map { $0 == existing.ownContributionCap } ?? true)
    }
}
