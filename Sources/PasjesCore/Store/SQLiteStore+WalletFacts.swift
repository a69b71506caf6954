import GRDB
import PasjesMoney

/// A payer's wallet as a charge decides on it.
struct WalletFacts {
    var balance: Amount
    var reserve: Amount
    var heldWallet: Amount
    var heldOwn: Amount
    /// Own money spent in the month; nil when the client may not pay with own money.
    var ownSpent: Amount?
}

extension SQLiteStore {
    /// The wallet's balance, reserve, holds, own money spent and whether `month` is closed,
    /// in one statement: each part is the query its own function asks (`Ledger.reserveSQL`, …),
    /// as a subquery, so there is one text of each and a charge pays one round trip for all.
    func walletFacts(_ client: ClientRow, month: Month) throws -> WalletFacts {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT
                (SELECT COUNT(*) FROM accounts WHERE id = :wallet) AS walletRows,
                (SELECT balance FROM accounts WHERE id = :wallet) AS balance,
                EXISTS (\(Ledger.reserveSQL)) AS hasAllocation,
                (\(Ledger.reserveSQL)) AS reserve,
                (\(SQLiteStore.heldSQL(column: "hold_wallet"))) AS heldWallet,
                (\(SQLiteStore.heldSQL(column: "hold_own"))) AS heldOwn,
                CASE WHEN :own THEN (\(Ledger.ownSpentSQL)) END AS ownSpent,
                EXISTS (SELECT 1 FROM month_closes WHERE month = :month) AS monthClosed
            """), arguments: ["wallet": client.walletAccountID, "client": client.id, "month": month.description, "own": client.allowOwnContribution]) else {
            throw LedgerError.databaseError.with("the wallet's facts read no row")
        }
        // A missing row or a NULL balance (both only possible behind pasjesd's back) is
        // `ledger_inconsistent`, never a balance of zero: the same answer `accountBalance` gives.
        guard try row.decode(Int64.self, forColumn: "walletRows") == 1,
              let balance = try row.decode(Int64?.self, forColumn: "balance") else {
            return try WalletFacts(balance: ledger.accountBalance(client.walletAccountID, in: db), reserve: .zero,
                                   heldWallet: .zero, heldOwn: .zero, ownSpent: nil)
        }
        // The sale's transfers are booked in `month`: their closed-month check need not ask again.
        ledger.noteMonth(month, closed: try row.decode(Bool.self, forColumn: "monthClosed"))
        // No allocation yet: no reserve. An allocation whose reserve is NULL is not "no reserve":
        // decoded with throws, it is `ledger_inconsistent`.
        let reserve = try row.decode(Bool.self, forColumn: "hasAllocation") ? try row.decode(Int64.self, forColumn: "reserve") : 0
        let ownSpent: Int64? = client.allowOwnContribution ? try row.decode(Int64.self, forColumn: "ownSpent") : nil
        return WalletFacts(balance: Amount(balance), reserve: Amount(reserve),
                           heldWallet: Amount(try row.decode(Int64.self, forColumn: "heldWallet")),
                           heldOwn: Amount(try row.decode(Int64.self, forColumn: "heldOwn")),
                           ownSpent: ownSpent.map(Amount.init))
    }

    /// A card, its client and (with `current`) whether the client has allocations due by then,
    /// in one statement (a join: the charge needs all three).
    func cardAndClient(uid: String, current: Month?) throws -> (Card?, ClientRow?, Bool?) {
        let adapter = ScopeAdapter([
            "card": RangeRowAdapter(0..<CardRow.columnCount),
            "client": RangeRowAdapter(CardRow.columnCount..<(CardRow.columnCount + ClientRow.columnCount)),
        ])
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT \(CardRow.columns), \(ClientRow.columns),
                CASE WHEN :current IS NULL THEN NULL ELSE EXISTS (SELECT 1 \(Ledger.dueSQLBody(client: "clients.id"))) END AS allocationsDue
            FROM cards LEFT JOIN clients ON clients.id = cards.client_id WHERE cards.uid = :uid
            """), arguments: ["uid": uid, "current": current?.description], adapter: adapter),
              let cardRow = row.scopes["card"], let clientRow = row.scopes["client"] else { return (nil, nil, nil) }
        let card = try CardRow(row: cardRow).card
        // A card whose client row is gone: the lookup by number says so, as it always did.
        guard try clientRow.decode(Int64?.self, forColumn: "id") != nil else {
            return (card, try ledger.fetchClientRow(number: card.clientNumber, in: db), nil)
        }
        let due: Bool? = try row.decode(forColumn: "allocationsDue")
        return (card, try ClientRow(row: clientRow), due)
    }
}
