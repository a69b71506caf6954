import GRDB

extension Ledger {
    /// Links a new card to a client.
    public func linkCard(uid: String, clientNumber: String, idempotencyKey: String) throws -> Card {
        let uid = try CardUID.normalise(uid)
        struct Request: Encodable { var uid: String; var clientNumber: String }
        return try book { db in
            try once(key: idempotencyKey, operation: "card.link",
                     request: Request(uid: uid, clientNumber: clientNumber), in: db) {
                let client = try fetchClientRow(number: clientNumber, in: db)
                try insertCard(uid: uid, clientID: client.id, in: db)
                return try fetchCard(uid: uid, in: db)
            }.result
        }
    }

    /// Blocks a card (`blocked` or `lost`); a blocked card never pays again.
    public func blockCard(uid: String, state: CardState = .blocked) throws -> Card {
        let uid = try CardUID.normalise(uid)
        guard state != .active else { throw LedgerError.invalidInput.with("blocking needs blocked or lost") }
        return try book { db in
            _ = try fetchCard(uid: uid, in: db)
            try db.execute(sql: "UPDATE cards SET state = ? WHERE uid = ?", arguments: [state.rawValue, uid])
            return try fetchCard(uid: uid, in: db)
        }
    }

    /// Gives the client of `oldUID` a new card on the same wallet; the old card stays blocked.
    ///
    /// A card that was replaced already is refused (`card_replaced`): its replacement may be
    /// active, and a second one would leave two active cards from one. A lost or blocked card
    /// that was never replaced can be: that is what losing a card usually leads to.
    public func replaceCard(oldUID: String, newUID: String, idempotencyKey: String) throws -> Card {
        let oldUID = try CardUID.normalise(oldUID)
        let newUID = try CardUID.normalise(newUID)
        struct Request: Encodable { var oldUID: String; var newUID: String }
        return try book { db in
            try once(key: idempotencyKey, operation: "card.replace",
                     request: Request(oldUID: oldUID, newUID: newUID), in: db) {
                guard let old = try CardRow.fetchOne(db.cachedStatement(sql: "SELECT \(CardRow.columns) FROM cards WHERE uid = ?"),
                                                     arguments: [oldUID]) else {
                    throw LedgerError.cardUnknown.with(oldUID)
                }
                if let successor = old.replacedBy { throw LedgerError.cardReplaced.with("\(oldUID) by \(successor)") }
                try insertCard(uid: newUID, clientID: old.clientID, in: db)
                // A lost card stays "lost": the reason it was replaced is worth keeping.
                try db.execute(sql: """
                    UPDATE cards SET state = CASE state WHEN 'active' THEN 'blocked' ELSE state END,
                        replaced_by = ? WHERE uid = ?
                    """, arguments: [newUID, oldUID])
                return try fetchCard(uid: newUID, in: db)
            }.result
        }
    }

    /// One card by UID.
    public func card(uid: String) throws -> Card {
        let uid = try CardUID.normalise(uid)
        return try read { db in try fetchCard(uid: uid, in: db) }
    }

    /// The cards of one client, newest first.
    public func cards(clientNumber: String) throws -> [Card] {
        try read { db in
            let client = try fetchClientRow(number: clientNumber, in: db)
            return try CardRow.fetchAll(db.cachedStatement(sql: """
                SELECT \(CardRow.columns) FROM cards WHERE client_id = ? ORDER BY created_at DESC
                """), arguments: [client.id]).map(\.card)
        }
    }

    private func insertCard(uid: String, clientID: Int64, in db: Database) throws {
        if try String.fetchOne(db.cachedStatement(sql: "SELECT uid FROM cards WHERE uid = ?"), arguments: [uid]) != nil {
            throw LedgerError.cardExists.with(uid)
        }
        try db.execute(sql: "INSERT INTO cards (uid, client_id, state, created_at) VALUES (?, ?, 'active', ?)",
                       arguments: [uid, clientID, nowText().1])
    }

    func fetchCard(uid: String, in db: Database) throws -> Card {
        guard let row = try CardRow.fetchOne(db.cachedStatement(sql: "SELECT \(CardRow.columns) FROM cards WHERE uid = ?"), arguments: [uid]) else {
            throw LedgerError.cardUnknown.with(uid)
        }
        return row.card
    }

    func fetchClientRow(number: String, in db: Database) throws -> ClientRow {
        guard let row = try ClientRow.fetchOne(db.cachedStatement(sql: "SELECT \(ClientRow.columns) FROM clients WHERE number = ?"), arguments: [number]) else {
            throw LedgerError.clientUnknown.with(number)
        }
        return row
    }

    func fetchClientRow(id: Int64, in db: Database) throws -> ClientRow {
        guard let row = try ClientRow.fetchOne(db.cachedStatement(sql: "SELECT \(ClientRow.columns) FROM clients WHERE id = ?"), arguments: [id]) else {
            throw LedgerError.clientUnknown.with("id \(id)")
        }
        return row
    }
}

/// A `cards` row joined with its client's number.
struct CardRow: Decodable, FetchableRecord {
    var uid: String
    var clientID: Int64
    var clientNumber: String
    var state: CardState
    var replacedBy: String?

    static let columns = """
        uid, client_id AS clientID, (SELECT number FROM clients WHERE id = cards.client_id) AS clientNumber,
        state, replaced_by AS replacedBy
        """

    var card: Card { Card(uid: uid, clientNumber: clientNumber, state: state, replacedBy: replacedBy) }
}
