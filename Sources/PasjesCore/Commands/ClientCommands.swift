import GRDB
import PasjesMoney

/// `client.create`: a client with a wallet and an own-money account.
struct ClientCreate: LedgerCommand {
    static let kind = "client.create"
    /// As the administrator typed it (trimmed): what the idempotency key protects.
    var client: NewClient
    /// The own-money cap, the policy's default filled in.
    var ownContributionCap: Amount
    var key: String
    /// Whether a possible duplicate resident refuses it; absent in entries made before the check
    /// existed (and with `--toch`), so those replay as they were booked.
    var duplicateCheck: Bool?

    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> Client {
        try ledger.bookClientCreate(self, in: db)
    }
}

/// `client.update`: the given fields of a client; nil fields stay.
struct ClientUpdate: LedgerCommand {
    static let kind = "client.update"
    var number: String
    var change: ClientChange

    func apply(to ledger: Ledger, in db: Database) throws -> Client {
        try ledger.bookClientUpdate(self, in: db)
    }
}
