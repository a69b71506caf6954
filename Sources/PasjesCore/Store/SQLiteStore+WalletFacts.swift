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
        guard let row = try ColumnValues.fetchOne(db.hotStatement(SQLiteStore.walletFactsStatement), named:
            (":wallet", client.walletAccountID), (":client", client.id), (":month", month.description),
            (":own", client.allowOwnContribution)) else {
            throw LedgerError.databaseError.with("the wallet's facts read no row")
        }
        // By position, in the order of `walletFactsSQL`. A missing row or a NULL balance (both
        // only possible behind pasjesd's back) is `ledger_inconsistent`, never a balance of zero:
        // the same answer `accountBalance` gives.
        guard try row.decode(Int64.self, atIndex: 0) == 1, let balance = try row.decode(Int64?.self, atIndex: 1) else {
            return try WalletFacts(balance: ledger.accountBalance(client.walletAccountID, in: db), reserve: .zero,
                                   heldWallet: .zero, heldOwn: .zero, ownSpent: nil)
        }
        // The sale's transfers are booked in `month`: their closed-month check need not ask again.
        ledger.noteMonth(month, closed: try row.decode(Bool.self, atIndex: 7))
        // No allocation yet: no reserve. An allocation whose reserve is NULL is not "no reserve":
        // decoded with throws, it is `ledger_inconsistent`.
        let reserve: Int64 = try row.decode(Bool.self, atIndex: 2) ? try row.decode(atIndex: 3) : 0
        let ownSpent: Int64? = client.allowOwnContribution ? try row.decode(Int64.self, atIndex: 6) : nil
        return WalletFacts(balance: Amount(balance), reserve: Amount(reserve),
                           heldWallet: Amount(try row.decode(Int64.self, atIndex: 4)),
                           heldOwn: Amount(try row.decode(Int64.self, atIndex: 5)),
                           ownSpent: ownSpent.map(Amount.init))
    }

    /// Built once: the statement cache finds a statement by its text, and a text built per
    /// call was an allocation and a copy each time.
    static let walletFactsSQL = """
        SELECT
            (SELECT COUNT(*) FROM accounts WHERE id = :wallet) AS walletRows,
            (SELECT balance FROM accounts WHERE id = :wallet) AS balance,
            EXISTS (\(Ledger.reserveSQL)) AS hasAllocation,
            (\(Ledger.reserveSQL)) AS reserve,
            (\(SQLiteStore.heldSQL(column: "hold_wallet"))) AS heldWallet,
            (\(SQLiteStore.heldSQL(column: "hold_own"))) AS heldOwn,
            CASE WHEN :own THEN (\(Ledger.ownSpentSQL)) END AS ownSpent,
            EXISTS (SELECT 1 FROM month_closes WHERE month = :month) AS monthClosed
        """

    /// A card, its client and (with `current`) whether the client has allocations due by then,
    /// in one statement (a join: the charge needs all three). Decoded by position: the columns
    /// are `CardRow.columns` then `ClientRow.columns`, and a name lookup per field cost more
    /// than the statement itself.
    func cardAndClient(uid: String, current: Month?) throws -> (Card?, ClientRow?, Bool?) {
        guard let row = try ColumnValues.fetchOne(db.hotStatement(SQLiteStore.cardAndClient), uid, current?.description) else {
            return (nil, nil, nil)
        }
        let card = try CardRow(row: row, at: 0).card
        // A card whose client row is gone: the lookup by number says so, as it always did.
        guard row.hasNull(atIndex: CardRow.columnCount) == false else {
            return (card, try ledger.fetchClientRow(number: card.clientNumber, in: db), nil)
        }
        let due: Bool? = try row.decode(atIndex: CardRow.columnCount + ClientRow.columnCount)
        return (card, try ClientRow(row: row, at: CardRow.columnCount), due)
    }

    static let cardAndClientSQL = """
        SELECT \(CardRow.columns), \(ClientRow.columns),
            CASE WHEN ?2 IS NULL THEN NULL
                ELSE EXISTS (SELECT 1 \(Ledger.dueSQLBody(client: "clients.id", current: "?2")))
            END AS allocationsDue
        FROM cards LEFT JOIN clients ON clients.id = cards.client_id WHERE cards.uid = ?1
        """
}

extension SQLiteStore {
    static let walletFactsStatement = HotSQL(walletFactsSQL)
    static let cardAndClient = HotSQL(cardAndClientSQL)
}
