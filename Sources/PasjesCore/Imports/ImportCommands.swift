import GRDB

/// `client.import`: every client of a file in one transaction, or none.
struct ClientImport: LedgerCommand {
    static let kind = "client.import"
    /// Trimmed, with the policy's own-money cap filled in where the file had none.
    var rows: [ClientImportRow]
    /// Whether possible duplicate residents were confirmed (`--toch`).
    var toch: Bool
    var key: String

    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> ImportResult {
        try ledger.bookClientImport(self, in: db)
    }
}

/// `card.import`: every card of a file linked in one transaction, or none.
struct CardImport: LedgerCommand {
    static let kind = "card.import"
    /// Normalised UIDs and trimmed client numbers.
    var rows: [CardImportRow]
    var key: String

    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> ImportResult {
        try ledger.bookCardImport(self, in: db)
    }
}
