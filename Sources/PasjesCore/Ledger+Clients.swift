import GRDB
import PasjesModel
import PasjesMoney

extension Ledger {
    /// Creates a client with a wallet and an own-contribution account. Refuses a possible
    /// duplicate resident (`possible_duplicate`: same name at the same location) unless `toch`.
    public func createClient(_ typed: NewClient, idempotencyKey: String, toch: Bool = false) throws -> Client {
        let new = typed.trimmed
        try Ledger.validate(clientNumber: new.number)
        try Ledger.validate(clientName: new.name)
        try Ledger.validate(text: new.zzp, field: "zzp", maxLength: 32, allowEmpty: true)
        try Ledger.validate(text: new.location, field: "location", maxLength: 100, allowEmpty: true)
        try Ledger.validate(text: new.department, field: "department", maxLength: 100, allowEmpty: true)
        let cap = new.ownContributionCap ?? (new.allowOwnContribution ? policy.defaultOwnContributionCap : .zero)
        guard cap.minorUnits >= 0 else { throw LedgerError.invalidAmount.with("own contribution cap < 0") }
        return try execute(ClientCreate(client: new, ownContributionCap: cap, key: idempotencyKey,
                                        duplicateCheck: toch ? nil : true))
    }

    func bookClientCreate(_ command: ClientCreate, in db: Database) throws -> Client {
        let new = command.client
        return try once(key: command.key, operation: "client.create", request: new, in: db) {
            try checkZZPKnown(new.zzp, in: db)
            if try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM clients WHERE number = ?"), arguments: [new.number]) != nil {
                throw LedgerError.clientExists.with(new.number)
            }
            if command.duplicateCheck == true {
                var residents = try ResidentIndex(in: db)
                if let twin = residents.twin(of: new) { throw LedgerError.possibleDuplicate(of: twin, new) }
            }
            try insertClient(new, cap: command.ownContributionCap, in: db)
            return try fetchClient(number: new.number, in: db)
        }.result
    }

    /// The client's row and its two accounts.
    func insertClient(_ new: NewClient, cap: Amount, in db: Database) throws {
        // The id is the number's under the code-derived ruleset; nil lets SQLite count (older rules).
        try db.execute(sql: """
            INSERT INTO clients (id, number, name, zzp, location, department, status,
                allow_own_contribution, own_contribution_cap, created_at)
            VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)
            """, arguments: [try Ledger.newClientID(number: new.number, in: db), new.number, new.name, new.zzp,
                             new.location, new.department, new.allowOwnContribution, cap.minorUnits, nowText().1])
        let clientID = db.lastInsertedRowID
        try Ledger.insertAccount(code: "wallet:\(new.number)", kind: "wallet", clientID: clientID, in: db)
        try Ledger.insertAccount(code: "own:\(new.number)", kind: "own", clientID: clientID, in: db)
    }

    /// Changes the given fields of a client.
    public func updateClient(number typedNumber: String, _ typedChange: ClientChange) throws -> Client {
        let number = typedNumber.trimmingSpaces
        let change = typedChange.trimmed
        if let name = change.name { try Ledger.validate(clientName: name) }
        // The same limits as createClient: an update must not store what create refuses.
        if let zzp = change.zzp { try Ledger.validate(text: zzp, field: "zzp", maxLength: 32, allowEmpty: true) }
        if let location = change.location {
            try Ledger.validate(text: location, field: "location", maxLength: 100, allowEmpty: true)
        }
        if let department = change.department {
            try Ledger.validate(text: department, field: "department", maxLength: 100, allowEmpty: true)
        }
        if let cap = change.ownContributionCap, cap.minorUnits < 0 {
            throw LedgerError.invalidAmount.with("own contribution cap < 0")
        }
        return try execute(ClientUpdate(number: number, change: change))
    }

    func bookClientUpdate(_ command: ClientUpdate, in db: Database) throws -> Client {
        let change = command.change
        var client = try fetchClient(number: command.number, in: db)
        if let zzp = change.zzp { try checkZZPKnown(zzp, in: db) }
        if let value = change.name { client.name = value }
        if let value = change.zzp { client.zzp = value }
        if let value = change.location { client.location = value }
        if let value = change.department { client.department = value }
        if let value = change.status { client.status = value }
        if let value = change.allowOwnContribution { client.allowOwnContribution = value }
        if let value = change.ownContributionCap { client.ownContributionCap = value }
        try db.execute(sql: """
            UPDATE clients SET name = ?, zzp = ?, location = ?, department = ?, status = ?,
                allow_own_contribution = ?, own_contribution_cap = ? WHERE number = ?
            """, arguments: [client.name, client.zzp, client.location, client.department,
                             client.status.rawValue, client.allowOwnContribution,
                             client.ownContributionCap.minorUnits, command.number])
        return client
    }

    /// One client by number.
    public func client(number: String) throws -> Client {
        try read { db in try fetchClient(number: number.trimmingSpaces, in: db) }
    }

    /// Clients, optionally only those of one location or status, ordered by number.
    public func clients(location: String? = nil, status: ClientStatus? = nil, limit: Int = 10_000) throws -> [Client] {
        try read { db in
            try ClientRow.fetchAll(db.cachedStatement(sql: """
                SELECT \(ClientRow.columns) FROM clients
                WHERE (?1 IS NULL OR location = ?1) AND (?2 IS NULL OR status = ?2)
                ORDER BY number LIMIT ?3
                """), arguments: [location, status?.rawValue, max(0, min(limit, 10_000))]).map(\.client)
        }
    }

    func fetchClient(number: String, in db: Database) throws -> Client {
        guard let row = try ClientRow.fetchOne(db.cachedStatement(sql: "SELECT \(ClientRow.columns) FROM clients WHERE number = ?"), arguments: [number]) else {
            throw LedgerError.clientUnknown.with(number)
        }
        return row.client
    }

    /// Rejects a client number that is empty, too long, or holds anything but `[A-Za-z0-9-]`:
    /// a number is typed at a counter and in scripts, so "10 01" or "1001/a" must not exist.
    static func validate(clientNumber number: String) throws(LedgerError) {
        // The number's own rule first: it names what a number may hold, hidden characters included.
        guard number.unicodeScalars.allSatisfy(isClientNumberScalar) else {
            throw LedgerError.invalidClientNumber.with("number '\(number)' has characters outside [A-Za-z0-9-]")
        }
        try validate(text: number, field: "number", maxLength: 64)
    }

    /// Rejects an empty (or whitespace-only, once trimmed), over-long or unreadable name.
    static func validate(clientName name: String) throws(LedgerError) {
        if name.isEmpty { throw LedgerError.invalidClientName.with("name is empty") }
        try validate(name: name, field: "name", label: "naam van de cliënt", maxLength: 200)
    }

    /// Rejects a name that `validate(text:)` refuses or that holds no letter or digit: a name
    /// of dashes or of one emoji cannot be read out or found in a list.
    static func validate(name: String, field: String, label: String, maxLength: Int) throws(LedgerError) {
        try validate(text: name, field: field, label: label, maxLength: maxLength)
        guard VisibleText.hasLetterOrDigit(name) else { throw LedgerError.nameWithoutLetters(label: label) }
    }

    private static func isClientNumberScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
    }

    /// Rejects empty, over-long or control-character text before it reaches the schema.
    ///
    /// Length is counted in Unicode scalars, as the schema's `length()` counts it: a count of
    /// Swift characters lets "e\u{0301}" × 150 through as 150 where the `CHECK` sees 300.
    /// Controls, bidi controls, zero-width and tag characters are refused (`VisibleText`),
    /// with `label` (Dutch, defaults to `field`) named in the message.
    static func validate(text: String, field: String, label: String? = nil, maxLength: Int,
                         allowEmpty: Bool = false) throws(LedgerError) {
        if text.isEmpty && !allowEmpty { throw LedgerError.invalidInput.with("\(field) is empty") }
        if text.unicodeScalars.count > maxLength {
            throw LedgerError.invalidInput.with("\(field) longer than \(maxLength) characters")
        }
        if let hidden = VisibleText.firstHidden(in: text) {
            throw LedgerError.hiddenCharacter(hidden, label: label ?? dutchLabels[field] ?? field)
                .with("\(field) contains \(VisibleText.code(hidden))")
        }
    }

    /// The fields of `validate(text:)` as a Dutch message names them.
    private static let dutchLabels = [
        "name": "naam", "place": "plaats", "reason": "reden", "location": "locatie", "department": "afdeling",
        "note": "notitie", "email": "e-mailadres",
    ]
}

/// A `clients` row with its internal id and account ids.
struct ClientRow: Decodable, FetchableRecord {
    var id: Int64
    var number: String
    var name: String
    var zzp: String
    var location: String
    var department: String
    var status: ClientStatus
    var allowOwnContribution: Bool
    var ownContributionCap: Int64
    var walletAccountID: Int64
    var ownAccountID: Int64

    static let columns = """
        id, number, name, zzp, location, department, status,
        allow_own_contribution AS allowOwnContribution, own_contribution_cap AS ownContributionCap,
        (SELECT id FROM accounts WHERE client_id = clients.id AND kind = 'wallet') AS walletAccountID,
        (SELECT id FROM accounts WHERE client_id = clients.id AND kind = 'own') AS ownAccountID
        """
    /// How many columns `columns` selects (a join reads others after them).
    static let columnCount = 11

    private enum CodingKeys: String, CodingKey {
        case id, number, name, zzp, location, department, status, allowOwnContribution, ownContributionCap
        case walletAccountID, ownAccountID
    }

    /// A client whose wallet or own-money account is missing (deleted behind pasjesd's back) is
    /// `ledger_inconsistent` naming the account: every booking needs both.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        number = try c.decode(String.self, forKey: .number)
        for (key, kind) in [(CodingKeys.walletAccountID, "wallet"), (.ownAccountID, "own")] where try c.decodeNil(forKey: key) {
            throw LedgerError.inconsistent("de rekening \(kind):\(number) van cliënt \(number) ontbreekt",
                                           table: "accounts", key: "code \(kind):\(number) (client id \(id))")
        }
        walletAccountID = try c.decode(Int64.self, forKey: .walletAccountID)
        ownAccountID = try c.decode(Int64.self, forKey: .ownAccountID)
        name = try c.decode(String.self, forKey: .name)
        zzp = try c.decode(String.self, forKey: .zzp)
        location = try c.decode(String.self, forKey: .location)
        department = try c.decode(String.self, forKey: .department)
        status = try c.decode(ClientStatus.self, forKey: .status)
        allowOwnContribution = try c.decode(Bool.self, forKey: .allowOwnContribution)
        ownContributionCap = try c.decode(Int64.self, forKey: .ownContributionCap)
    }

    /// Decoded by position from `row`, whose columns from `offset` on are `columns`; the same
    /// checks as `init(from:)`.
    init(row: ColumnValues, at offset: Int) throws {
        id = try row.decode(atIndex: offset)
        number = try row.decode(atIndex: offset + 1)
        for (index, kind) in [(offset + 9, "wallet"), (offset + 10, "own")] where row.hasNull(atIndex: index) {
            throw LedgerError.inconsistent("de rekening \(kind):\(number) van cliënt \(number) ontbreekt",
                                           table: "accounts", key: "code \(kind):\(number) (client id \(id))")
        }
        name = try row.decode(atIndex: offset + 2)
        zzp = try row.decode(atIndex: offset + 3)
        location = try row.decode(atIndex: offset + 4)
        department = try row.decode(atIndex: offset + 5)
        let statusText: String = try row.decode(atIndex: offset + 6)
        guard let status = ClientStatus(rawValue: statusText) else {
            throw LedgerError.inconsistent("cliënt \(number) heeft een onbekende status", table: "clients",
                                           key: "number \(number), status '\(statusText)'")
        }
        self.status = status
        allowOwnContribution = try row.decode(atIndex: offset + 7)
        ownContributionCap = try row.decode(atIndex: offset + 8)
        walletAccountID = try row.decode(atIndex: offset + 9)
        ownAccountID = try row.decode(atIndex: offset + 10)
    }

    var client: Client {
        Client(number: number, name: name, zzp: zzp, location: location, department: department, status: status,
               allowOwnContribution: allowOwnContribution, ownContributionCap: Amount(ownContributionCap))
    }
}

extension NewClient {
    /// The client with spaces around its texts removed: " 1001 " is client 1001.
    var trimmed: NewClient {
        var copy = self
        copy.number = number.trimmingSpaces
        copy.name = name.trimmingSpaces
        copy.zzp = zzp.trimmingSpaces
        copy.location = location.trimmingSpaces
        copy.department = department.trimmingSpaces
        return copy
    }
}

extension ClientChange {
    /// The change with spaces around its texts removed.
    var trimmed: ClientChange {
        var copy = self
        copy.name = name?.trimmingSpaces
        copy.zzp = zzp?.trimmingSpaces
        copy.location = location?.trimmingSpaces
        copy.department = department?.trimmingSpaces
        return copy
    }
}

extension String {
    /// Without leading and trailing whitespace (spaces, tabs, no-break spaces, newlines).
    var trimmingSpaces: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
