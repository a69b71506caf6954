import GRDB
import PasjesModel

extension Ledger {
    /// Checks a clients import against everything booking it would check, without booking.
    public func checkClientImport(_ rows: [ClientImportRow], toch: Bool) throws -> ImportCheck {
        let prepared = preparedClientRows(rows)
        return try read { db in try clientImportCheck(prepared, toch: toch, in: db) }
    }

    /// Books every client of `rows` in one transaction, or refuses (`import_invalid`) and books none.
    public func importClients(_ rows: [ClientImportRow], toch: Bool, idempotencyKey: String) throws -> ImportResult {
        try execute(ClientImport(rows: preparedClientRows(rows), toch: toch, key: idempotencyKey))
    }

    func bookClientImport(_ command: ClientImport, in db: Database) throws -> ImportResult {
        struct Request: Encodable { var rows: [ClientImportRow]; var toch: Bool }
        return try once(key: command.key, operation: "client.import", request: Request(rows: command.rows, toch: command.toch),
                        in: db) {
            let check = try clientImportCheck(command.rows, toch: command.toch, in: db)
            guard check.problems.isEmpty else { throw LedgerError.importInvalid(check.problems.count) }
            for row in command.rows {
                guard try ClientRow.existing(number: row.client.number, in: db) == nil else { continue }
                try insertClient(row.client, cap: row.client.ownContributionCap ?? .zero, in: db)
            }
            return ImportResult(created: check.new, alreadyPresent: check.alreadyPresent)
        }.result
    }

    /// Trimmed rows with the cap `createClient` would give each.
    private func preparedClientRows(_ rows: [ClientImportRow]) -> [ClientImportRow] {
        rows.map { row in
            var client = row.client.trimmed
            client.ownContributionCap = client.ownContributionCap
                ?? (client.allowOwnContribution ? policy.defaultOwnContributionCap : .zero)
            return ClientImportRow(line: row.line, client: client)
        }
    }

    /// Every problem of every row: the ledger's own validation, unknown ZZPs, numbers twice in
    /// the file or already taken by another client, and possible duplicate residents unless `toch`.
    func clientImportCheck(_ rows: [ClientImportRow], toch: Bool, in db: Database) throws -> ImportCheck {
        var residents = try ResidentIndex(in: db)
        var firstLine: [String: Int] = [:]
        var problems: [ImportProblem] = []
        var (new, already) = (0, 0)
        for row in rows {
            let client = row.client
            var found = RowProblems()
            try found.check { try Ledger.validate(clientNumber: client.number) }
            try found.check { try Ledger.validate(clientName: client.name) }
            try found.check { try Ledger.validate(text: client.zzp, field: "zzp", maxLength: 32, allowEmpty: true) }
            try found.check { try Ledger.validate(text: client.location, field: "location", maxLength: 100, allowEmpty: true) }
            try found.check {
                try Ledger.validate(text: client.department, field: "department", maxLength: 100, allowEmpty: true)
            }
            if (client.ownContributionCap?.minorUnits ?? 0) < 0 {
                found.add(Reason.invalidAmount.code, "het plafond eigen bijdrage is negatief")
            }
            try found.check { try checkZZPKnown(client.zzp, in: db) }
            var isPresent = false
            if let earlier = firstLine[client.number] {
                found.add(Reason.clientExists.code, "clientnummer \(client.number) staat ook op regel \(earlier)")
            } else {
                firstLine[client.number] = row.line
                if let existing = try ClientRow.existing(number: client.number, in: db) {
                    if existing.client.isExactly(client) {
                        isPresent = true
                    } else {
                        found.add(Reason.clientExists.code,
                                  "cliënt \(client.number) bestaat al (\(existing.name), \(existing.location))")
                    }
                }
            }
            if !isPresent, !toch, let twin = residents.twin(of: client, line: row.line) {
                found.add(Reason.possibleDuplicate.code, "mogelijk dezelfde bewoner als \(twin) (zelfde naam en locatie); ga door met --toch")
            }
            if let problem = found.problem(line: row.line) {
                problems.append(problem)
            } else if isPresent {
                already += 1
            } else {
                new += 1
            }
        }
        return ImportCheck(problems: problems, new: new, alreadyPresent: already)
    }
}

extension ClientRow {
    /// The client with `number`, if there is one.
    static func existing(number: String, in db: Database) throws -> ClientRow? {
        try ClientRow.fetchOne(db.cachedStatement(sql: "SELECT \(ClientRow.columns) FROM clients WHERE number = ?"),
                               arguments: [number])
    }
}

extension Client {
    /// Whether this client already is what `new` would create (a re-run of the same file).
    func isExactly(_ new: NewClient) -> Bool {
        name == new.name && zzp == new.zzp && location == new.location && department == new.department
            && allowOwnContribution == new.allowOwnContribution
            && (new.ownContributionCap.map { $0 == ownContributionCap } ?? true)
    }
}
