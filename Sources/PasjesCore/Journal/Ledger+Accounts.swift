import GRDB

extension Ledger {
    /// Adds an account; under the code-derived ruleset its id comes from its code, so every node
    /// gives it the same id whenever it is created (also the accounts made on first use).
    ///
    /// With `ifMissing`, an account that exists already is left alone.
    static func insertAccount(code: String, kind: String, clientID: Int64? = nil, ifMissing: Bool = false,
                              in db: Database) throws {
        let verb = ifMissing ? "INSERT OR IGNORE" : "INSERT"
        if try Ruleset.stored(in: db) >= .codeDerived {
            try db.execute(sql: "\(verb) INTO accounts (id, code, kind, client_id) VALUES (?, ?, ?, ?)",
                           arguments: [StableRowID.account(code: code), code, kind, clientID])
        } else {
            try db.execute(sql: "\(verb) INTO accounts (code, kind, client_id) VALUES (?, ?, ?)",
                           arguments: [code, kind, clientID])
        }
    }

    /// The id a new client row gets: from its number under the code-derived ruleset, else
    /// SQLite's next row id (nil).
    static func newClientID(number: String, in db: Database) throws -> Int64? {
        try Ruleset.stored(in: db) >= .codeDerived ? StableRowID.client(number: number) : nil
    }
}
