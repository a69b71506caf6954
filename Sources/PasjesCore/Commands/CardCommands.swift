import GRDB

/// `card.link`: a new card for a client (a second active one only as `extra`).
struct CardLink: LedgerCommand {
    static let kind = "card.link"
    var uid: String
    var clientNumber: String
    var extra: Bool
    var key: String

    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> Card {
        try ledger.bookCardLink(self, in: db)
    }
}

/// `card.block`: a card stops paying (`blocked` or `lost`).
struct CardBlock: LedgerCommand {
    static let kind = "card.block"
    var uid: String
    var state: CardState
    var reason: String?

    func apply(to ledger: Ledger, in db: Database) throws -> Card {
        try ledger.bookCardBlock(self, in: db)
    }
}

/// `card.unblock`: a blocked or lost card pays again, with a reason.
struct CardUnblock: LedgerCommand {
    static let kind = "card.unblock"
    var uid: String
    var reason: String

    func apply(to ledger: Ledger, in db: Database) throws -> Card {
        try ledger.bookCardUnblock(self, in: db)
    }
}

/// `card.replace`: a new card on the same wallet; the old one stays blocked.
struct CardReplace: LedgerCommand {
    static let kind = "card.replace"
    var oldUID: String
    var newUID: String
    var key: String

    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> Card {
        try ledger.bookCardReplace(self, in: db)
    }
}
