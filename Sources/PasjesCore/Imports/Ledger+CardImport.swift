import GRDB
import PasjesModel

extension Ledger {
    /// Checks a cards import against everything linking them would check, without linking.
    public func checkCardImport(_ rows: [CardImportRow]) throws -> ImportCheck {
        let prepared = Ledger.preparedCardRows(rows)
        return try read { db in try cardImportCheck(prepared, in: db) }
    }

    /// Links every card of `rows` in one transaction, or refuses (`import_invalid`) and links none.
    public func importCards(_ rows: [CardImportRow], idempotencyKey: String) throws -> ImportResult {
        try execute(CardImport(rows: Ledger.preparedCardRows(rows), key: idempotencyKey))
    }

    func bookCardImport(_ command: CardImport, in db: Database) throws -> ImportResult {
        try once(key: command.key, operation: "card.import", request: command.rows, in: db) {
            let check = try cardImportCheck(command.rows, in: db)
            guard check.problems.isEmpty else { throw LedgerError.importInvalid(check.problems.count) }
            for row in command.rows {
                let known = try String.fetchOne(db.cachedStatement(sql: "SELECT uid FROM cards WHERE uid = ?"), arguments: [row.uid])
                guard known == nil else { continue }
                try insertCard(uid: row.uid, clientID: try fetchClientRow(number: row.clientNumber, in: db).id, in: db)
            }
            return ImportResult(created: check.new, alreadyPresent: check.alreadyPresent)
        }.result
    }

    /// Rows with a normalised UID where it is valid (an invalid one stays, for its problem) and
    /// trimmed client numbers.
    private static func preparedCardRows(_ rows: [CardImportRow]) -> [CardImportRow] {
        rows.map { row in
            CardImportRow(line: row.line, uid: (try? CardUID.normalise(row.uid)) ?? row.uid,
                          clientNumber: row.clientNumber.trimmingSpaces)
        }
    }

    /// Every problem of every row: invalid UIDs, cards twice in the file or linked to someone
    /// else, unknown clients, and a client who would get a second active card.
    func cardImportCheck(_ rows: [CardImportRow], in db: Database) throws -> ImportCheck {
        var firstLine: [String: Int] = [:]
        var found: [Int: RowProblems] = [:]
        var newByClient: [String: [Int]] = [:]
        var already = 0
        for row in rows {
            var problems = RowProblems()
            try problems.check { _ = try CardUID.normalise(row.uid) }
            let client = try ClientRow.existing(number: row.clientNumber, in: db)
            if client == nil {
                problems.add(Reason.clientUnknown.code, "cliënt \(row.clientNumber) bestaat niet")
            }
            var isPresent = false
            if let earlier = firstLine[row.uid] {
                problems.add(Reason.cardExists.code, "pas \(row.uid) staat ook op regel \(earlier)")
            } else {
                firstLine[row.uid] = row.line
                if let card = try CardRow.fetchOne(db.cachedStatement(sql: "SELECT \(CardRow.columns) FROM cards WHERE uid = ?"),
                                                   arguments: [row.uid])?.card {
                    if card.clientNumber == row.clientNumber {
                        isPresent = true
                    } else {
                        problems.add(Reason.cardExists.code, "pas \(row.uid) is al gekoppeld aan cliënt \(card.clientNumber)")
                    }
                }
            }
            if isPresent { already += 1 } else if client != nil { newByClient[row.clientNumber, default: []].append(row.line) }
            found[row.line] = problems
        }
        for (number, lines) in newByClient {
            let client = try fetchClientRow(number: number, in: db)
            let active = try activeCardUID(clientID: client.id, except: "", in: db)
            guard active != nil || lines.count > 1 else { continue }
            let reason = active.map { "cliënt \(number) heeft al een actieve pas (\($0))" }
                ?? "cliënt \(number) krijgt in dit bestand \(lines.count) passen (regels \(lines.map { String($0) }.joined(separator: ", ")))"
            for line in lines {
                found[line, default: RowProblems()].add(
                    Reason.activeCardExists.code, "\(reason); een extra pas koppelt u los met `pasjes card link --extra`")
            }
        }
        let problems = rows.compactMap { found[$0.line]?.problem(line: $0.line) }
        return ImportCheck(problems: problems, new: rows.count - problems.count - already, alreadyPresent: already)
    }
}
