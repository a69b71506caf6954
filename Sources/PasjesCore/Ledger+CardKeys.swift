import Foundation
import GRDB

/// A card given its AES key at the admin's desk (`card.issue`), as the ledger recorded it.
public struct IssuedCard: Codable, Hashable, Sendable {
    /// The card, linked to its client.
    public var card: Card
    /// The master-key version its key was diversified from.
    public var keyVersion: Int
    /// The version it had before (a re-key), nil when it had none.
    public var previousKeyVersion: Int?
    /// True when the card was linked by this issue; false when it was linked already (an upgrade or re-key).
    public var linked: Bool
}

extension LedgerError {
    /// A card with a key on record did not prove it holds that key: a clone (same UID, no key),
    /// a card of another site, or a retired key version. It never pays.
    public static let cardNotGenuine = LedgerError(.cardNotGenuine)
    /// `[cards] require_auth = true` and the card has no key (known by its UID alone).
    public static let cardNotAuthenticated = LedgerError(.cardNotAuthenticated)
    /// An issue for a card that is blocked or lost: unblock it first, or issue a new card.
    public static let cardNotIssuable = LedgerError(.cardNotIssuable)
}

extension Ledger {
    /// The key version of card `uid`; nil for a card known by UID alone, or not known at all.
    public func cardKeyVersion(uid: String) throws -> Int? {
        let uid = try CardUID.normalise(uid)
        return try read { db in
            try Int.fetchOne(db.cachedStatement(sql: "SELECT key_version FROM cards WHERE uid = ?"), arguments: [uid])
        }
    }

    /// Every card with a key, and its key version (for listings: which cards are authenticated).
    public func cardKeyVersions() throws -> [String: Int] {
        try read { db in
            var versions: [String: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT uid, key_version FROM cards WHERE key_version IS NOT NULL")
            while let row = try rows.next() { versions[try row.decode(forColumn: "uid")] = try row.decode(forColumn: "key_version") }
            return versions
        }
    }

    /// Refuses, before a card's key is changed, an issue the ledger would refuse afterwards:
    /// an unknown or ended client, a card of someone else, a blocked card, a second active card.
    public func checkIssuable(uid: String, clientNumber: String, extra: Bool) throws {
        let uid = try CardUID.normalise(uid)
        try read { db in try Self.issueRefusal(uid: uid, clientNumber: clientNumber, extra: extra, in: db, ledger: self) }
    }

    /// Links card `uid` to the client with its key version, or records the new version of a card
    /// of that client already linked; one transaction, so a card is never linked without its key.
    public func issueCard(uid: String, clientNumber: String, keyVersion: Int, extra: Bool = false,
                          idempotencyKey: String) throws -> IssuedCard {
        let uid = try CardUID.normalise(uid)
        guard (1...255).contains(keyVersion) else { throw LedgerError.invalidInput.with("key version 1–255") }
        return try execute(CardIssue(uid: uid, clientNumber: clientNumber, keyVersion: keyVersion, extra: extra,
                                     key: idempotencyKey))
    }

    func bookCardIssue(_ command: CardIssue, in db: Database) throws -> IssuedCard {
        try once(key: command.key, operation: CardIssue.kind, request: command, in: db) {
            try Self.issueRefusal(uid: command.uid, clientNumber: command.clientNumber, extra: command.extra, in: db, ledger: self)
            let client = try fetchClientRow(number: command.clientNumber, in: db)
            let previous = try Row.fetchOne(db.cachedStatement(sql: "SELECT key_version FROM cards WHERE uid = ?"),
                                            arguments: [command.uid])
            let now = nowText().1
            if previous == nil {
                try db.execute(sql: """
                    INSERT INTO cards (uid, client_id, state, created_at, key_version, key_issued_at)
                    VALUES (?, ?, 'active', ?, ?, ?)
                    """, arguments: [command.uid, client.id, now, command.keyVersion, now])
            } else {
                try db.execute(sql: "UPDATE cards SET key_version = ?, key_issued_at = ? WHERE uid = ?",
                               arguments: [command.keyVersion, now, command.uid])
            }
            return IssuedCard(card: try fetchCard(uid: command.uid, in: db), keyVersion: command.keyVersion,
                              previousKeyVersion: previous?["key_version"], linked: previous == nil)
        }.result
    }

    private static func issueRefusal(uid: String, clientNumber: String, extra: Bool, in db: Database, ledger: Ledger) throws {
        let client = try ledger.fetchClientRow(number: clientNumber, in: db)
        guard client.status != .ended else { throw LedgerError.clientNotActive.with(client.number) }
        // Only "no such card" means a new card; a storage error or an unreadable row goes up as itself.
        let known: Card?
        do {
            known = try ledger.fetchCard(uid: uid, in: db)
        } catch let error as LedgerError where error == .cardUnknown {
            known = nil
        }
        if let existing = known {
            guard existing.clientNumber == client.number else { throw LedgerError.cardExists.with("\(uid) of \(existing.clientNumber)") }
            guard existing.state == .active else { throw LedgerError.cardNotIssuable.with(uid) }
            return
        }
        if !extra, let active = try ledger.activeCardUID(clientID: client.id, except: uid, in: db) {
            throw LedgerError.activeCardExists(active, client: client.number)
        }
    }
}

/// `card.issue`: a card that now holds its diversified AES key is linked (or its key version
/// recorded). The key itself is never part of the command: only its version.
struct CardIssue: LedgerCommand {
    static let kind = "card.issue"
    var uid: String
    var clientNumber: String
    var keyVersion: Int
    var extra: Bool
    var key: String

    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> IssuedCard {
        try ledger.bookCardIssue(self, in: db)
    }
}
