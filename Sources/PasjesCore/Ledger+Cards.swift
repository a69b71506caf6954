import Foundation
import GRDB

extension Ledger {
    /// Links a new card to a client; a second active card only when asked for as `extra`.
    ///
    /// Why: a client with two active cards can pay with either, so a forgotten old card in a
    /// drawer keeps paying. Linking one by mistake must be a deliberate act, not a slip.
    public func linkCard(uid: String, clientNumber: String, extra: Bool = false, idempotencyKey: String) throws -> Card {
        let uid = try CardUID.normalise(uid)
        return try execute(CardLink(uid: uid, clientNumber: clientNumber, extra: extra, key: idempotencyKey))
    }

    func bookCardLink(_ command: CardLink, in db: Database) throws -> Card {
        // `extra` is left out when false, so keys stored before it existed still match.
        struct Request: Encodable { var uid: String; var clientNumber: String; var extra: Bool? }
        let request = Request(uid: command.uid, clientNumber: command.clientNumber, extra: command.extra ? true : nil)
        return try once(key: command.key, operation: "card.link", request: request, in: db) {
            let client = try fetchClientRow(number: command.clientNumber, in: db)
            if !command.extra, let active = try activeCardUID(clientID: client.id, except: command.uid, in: db) {
                throw LedgerError.activeCardExists(active, client: client.number)
            }
            try insertCard(uid: command.uid, clientID: client.id, in: db)
            return try fetchCard(uid: command.uid, in: db)
        }.result
    }

    /// Blocks a card (`blocked` or `lost`); a blocked card never pays again until unblocked.
    public func blockCard(uid: String, state: CardState = .blocked, reason: String? = nil) throws -> Card {
        let uid = try CardUID.normalise(uid)
        guard state != .active else { throw LedgerError.invalidInput.with("blocking needs blocked or lost") }
        if let reason { try Ledger.validate(text: reason, field: "reason", maxLength: 200) }
        return try execute(CardBlock(uid: uid, state: state, reason: reason))
    }

    func bookCardBlock(_ command: CardBlock, in db: Database) throws -> Card {
        let (uid, state, reason) = (command.uid, command.state, command.reason)
        let card = try fetchCard(uid: uid, in: db)
        // Blocked again (say blocked, then lost): the first moment it stopped paying stays.
        let now = nowText().1
        try db.execute(sql: """
            UPDATE cards SET state = ?, state_reason = ?, blocked_at = COALESCE(blocked_at, ?) WHERE uid = ?
            """, arguments: [state.rawValue, reason, now, uid])
        if card.state != state || reason != nil { try recordStateChange(uid: uid, state: state, reason: reason, in: db) }
        return try fetchCard(uid: uid, in: db)
    }

    /// Makes a blocked or lost card active again (it turned up), with a reason on the record.
    ///
    /// A replaced card is refused (`card_replaced`): its successor pays from the same wallet.
    /// So is one whose client has another active card (`active_card_exists`): link that as an
    /// extra card, or block it first.
    public func unblockCard(uid: String, reason: String) throws -> Card {
        let uid = try CardUID.normalise(uid)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw LedgerError.reasonRequired.with("unblock \(uid)") }
        try Ledger.validate(text: reason, field: "reason", maxLength: 200)
        return try execute(CardUnblock(uid: uid, reason: reason))
    }

    func bookCardUnblock(_ command: CardUnblock, in db: Database) throws -> Card {
        let (uid, reason) = (command.uid, command.reason)
        let card = try fetchCard(uid: uid, in: db)
        if let successor = card.replacedBy { throw LedgerError.cardReplaced.with("\(uid) by \(successor)") }
        guard card.state != .active else { return card }
        let client = try fetchClientRow(number: card.clientNumber, in: db)
        if let active = try activeCardUID(clientID: client.id, except: uid, in: db) {
            throw LedgerError.activeCardExists(active, client: client.number)
        }
        try db.execute(sql: "UPDATE cards SET state = 'active', state_reason = ?, blocked_at = NULL WHERE uid = ?",
                       arguments: [reason, uid])
        try recordStateChange(uid: uid, state: .active, reason: reason, in: db)
        return try fetchCard(uid: uid, in: db)
    }

    /// Gives the client of `oldUID` a new card on the same wallet; the old card stays blocked.
    ///
    /// A card that was replaced already is refused (`card_replaced`): its replacement may be
    /// active, and a second one would leave two active cards from one. A lost or blocked card
    /// that was never replaced can be: that is what losing a card usually leads to.
    public func replaceCard(oldUID: String, newUID: String, idempotencyKey: String) throws -> Card {
        let oldUID = try CardUID.normalise(oldUID)
        let newUID = try CardUID.normalise(newUID)
        return try execute(CardReplace(oldUID: oldUID, newUID: newUID, key: idempotencyKey))
    }

    func bookCardReplace(_ command: CardReplace, in db: Database) throws -> Card {
        let (oldUID, newUID) = (command.oldUID, command.newUID)
        struct Request: Encodable { var oldUID: String; var newUID: String }
        return try once(key: command.key, operation: "card.replace",
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
                    replaced_by = ?, blocked_at = COALESCE(blocked_at, ?),
                    state_reason = COALESCE(state_reason, ?) WHERE uid = ?
                """, arguments: [newUID, nowText().1, "vervangen door \(newUID)", oldUID])
            if old.state == .active {
                try recordStateChange(uid: oldUID, state: .blocked, reason: "vervangen door \(newUID)", in: db)
            }
            return try fetchCard(uid: newUID, in: db)
        }.result
    }

    /// One card by UID.
    public func card(uid: String) throws -> Card {
        let uid = try CardUID.normalise(uid)
        return try read { db in try fetchCard(uid: uid, in: db) }
    }

    /// The cards of one client, newest first.
    public func cards(clientNumber: String) throws -> [Card] {
        try cards(clientNumber: clientNumber, state: nil)
    }

    /// Cards, newest first: of one client, in one state, or all.
    public func cards(clientNumber: String?, state: CardState?, limit: Int = 10_000) throws -> [Card] {
        try read { db in
            let clientID = try clientNumber.map { try fetchClientRow(number: $0, in: db).id }
            return try CardRow.fetchAll(db.cachedStatement(sql: """
                SELECT \(CardRow.columns) FROM cards
                WHERE (?1 IS NULL OR client_id = ?1) AND (?2 IS NULL OR state = ?2)
                ORDER BY created_at DESC, uid LIMIT ?3
                """), arguments: [clientID, state?.rawValue, max(0, min(limit, 10_000))]).map(\.card)
        }
    }

    /// The UID of an active card of the client other than `uid`, if there is one.
    func activeCardUID(clientID: Int64, except uid: String, in db: Database) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: """
            SELECT uid FROM cards WHERE client_id = ? AND state = 'active' AND uid <> ? ORDER BY created_at LIMIT 1
            """), arguments: [clientID, uid])
    }

    private func recordStateChange(uid: String, state: CardState, reason: String?, in db: Database) throws {
        try db.execute(sql: "INSERT INTO card_state_changes (uid, state, reason, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [uid, state.rawValue, reason, nowText().1])
    }

    func insertCard(uid: String, clientID: Int64, in db: Database) throws {
        if try String.fetchOne(db.cachedStatement(sql: "SELECT uid FROM cards WHERE uid = ?"), arguments: [uid]) != nil {
            throw LedgerError.cardExists.with(uid)
        }
        try db.execute(sql: "INSERT INTO cards (uid, client_id, state, created_at) VALUES (?, ?, 'active', ?)",
                       arguments: [uid, clientID, nowText().1])
    }

    // The three lookups below read by position (`ColumnValues`): a card tap, a wallet, a
    // reversal and a booking each start with one of them.
    func fetchCard(uid: String, in db: Database) throws -> Card {
        guard let row = try ColumnValues.fetchOne(db.cachedStatement(sql: "SELECT \(CardRow.columns) FROM cards WHERE uid = ?"), uid) else {
            throw LedgerError.cardUnknown.with(uid)
        }
        return try CardRow(row: row, at: 0).card
    }

    func fetchClientRow(number: String, in db: Database) throws -> ClientRow {
        guard let row = try ColumnValues.fetchOne(db.cachedStatement(sql: "SELECT \(ClientRow.columns) FROM clients WHERE number = ?"),
                                                  number) else {
            throw LedgerError.clientUnknown.with(number)
        }
        return try ClientRow(row: row, at: 0)
    }

    func fetchClientRow(id: Int64, in db: Database) throws -> ClientRow {
        guard let row = try ColumnValues.fetchOne(db.cachedStatement(sql: "SELECT \(ClientRow.columns) FROM clients WHERE id = ?"), id) else {
            throw LedgerError.clientUnknown.with("id \(id)")
        }
        return try ClientRow(row: row, at: 0)
    }
}

/// A `cards` row joined with its client's number.
struct CardRow: Decodable, FetchableRecord {
    var uid: String
    var clientID: Int64
    var clientNumber: String
    var state: CardState
    var replacedBy: String?
    var reason: String?
    var blockedAt: String?

    static let columns = """
        uid, client_id AS clientID, (SELECT number FROM clients WHERE id = cards.client_id) AS clientNumber,
        state, replaced_by AS replacedBy, state_reason AS reason, blocked_at AS blockedAt
        """
    /// How many columns `columns` selects (a join reads the client's after them).
    static let columnCount = 7

    /// Decoded by position from `row`, whose columns from `offset` on are `columns`.
    init(row: ColumnValues, at offset: Int) throws {
        uid = try row.decode(atIndex: offset)
        clientID = try row.decode(atIndex: offset + 1)
        clientNumber = try row.decode(atIndex: offset + 2)
        let stateText: String = try row.decode(atIndex: offset + 3)
        guard let state = CardState(rawValue: stateText) else {
            throw LedgerError.inconsistent("pas \(uid) heeft een onbekende status", table: "cards", key: "uid \(uid), state '\(stateText)'")
        }
        self.state = state
        replacedBy = try row.decode(atIndex: offset + 4)
        reason = try row.decode(atIndex: offset + 5)
        blockedAt = try row.decode(atIndex: offset + 6)
    }

    var card: Card {
        Card(uid: uid, clientNumber: clientNumber, state: state, replacedBy: replacedBy, reason: reason, blockedAt: blockedAt)
    }
}
