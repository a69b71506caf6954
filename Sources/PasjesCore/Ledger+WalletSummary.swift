import GRDB
import PasjesMoney

extension Ledger {
    /// The wallet as the budget card shows it in `month`: allocations whose month has started
    /// count as landed (a booking lands them first), later ones only as announced.
    ///
    /// Two statements: the allocations due (what would land), then every other fact in one
    /// (`walletSummarySQL`); `wallet.get` and every answer that shows a wallet pay for these.
    func walletSummary(client: ClientRow, month: Month, in db: Database) throws -> WalletSummary {
        let due = try dueLandings(client: client, current: month, in: db).balanceAfter
        guard let row = try ColumnValues.fetchOne(db.cachedStatement(sql: Ledger.walletSummarySQL), named:
            (":wallet", client.walletAccountID), (":client", client.id), (":month", month.description)) else {
            throw LedgerError.databaseError.with("the wallet's summary read no row")
        }
        // By position, in the order of `walletSummarySQL`. A missing wallet row or a NULL balance
        // (only possible behind pasjesd's back) is `ledger_inconsistent`, as `accountBalance` says;
        // so is a NULL amount or reserve of an allocation (decoded with throws).
        let balance: Amount
        if let due {
            balance = due
        } else if try row.decode(Int64.self, atIndex: 0) == 1, let stored = try row.decode(Int64?.self, atIndex: 1) {
            balance = Amount(stored)
        } else {
            balance = try accountBalance(client.walletAccountID, in: db)
        }
        let allocated = try row.decode(Bool.self, atIndex: 4) ? try row.decode(Int64.self, atIndex: 5) : 0
        // No allocation yet: no reserve.
        let reserve = Amount(try row.decode(Bool.self, atIndex: 6) ? try row.decode(Int64.self, atIndex: 7) : 0)
        let heldWallet = Amount(try row.decode(Int64.self, atIndex: 8))
        let announcedMonth: String? = try row.decode(atIndex: 3)
        return WalletSummary(
            clientNumber: client.number, clientName: client.name, month: month, balance: balance,
            reserve: reserve, light: TrafficLight(balance: Amount(balance.minorUnits - heldWallet.minorUnits), reserve: reserve),
            allocatedThisMonth: Amount(allocated),
            spentThisMonth: Amount(try row.decode(Int64.self, atIndex: 10)),
            ownSpentThisMonth: Amount(try row.decode(Int64.self, atIndex: 11)), ownContributionCap: Amount(client.ownContributionCap),
            announced: Amount(try row.decode(Int64.self, atIndex: 2)), announcedMonth: announcedMonth.flatMap(Month.init),
            held: heldWallet, heldOwn: Amount(try row.decode(Int64.self, atIndex: 9)))
    }

    /// The summary's facts of `:client` (wallet account `:wallet`) in `:month`, as subqueries:
    /// the balance, what is announced for later months and the first such month, this month's
    /// allocation, the reserve (`reserveSQL`), the holds (`heldSQL`), and what was spent this
    /// month from the wallet and from own money on sales that were not reversed.
    static let walletSummarySQL = """
        SELECT
            (SELECT COUNT(*) FROM accounts WHERE id = :wallet) AS walletRows,
            (SELECT balance FROM accounts WHERE id = :wallet) AS balance,
            (SELECT COALESCE(SUM(amount), 0) \(announcedSQLBody)) AS announced,
            (SELECT MIN(month) \(announcedSQLBody)) AS announcedMonth,
            EXISTS (SELECT 1 \(allocatedSQLBody)) AS hasAllocated,
            (SELECT amount \(allocatedSQLBody)) AS allocated,
            EXISTS (\(reserveSQL)) AS hasAllocation,
            (\(reserveSQL)) AS reserve,
            (\(SQLiteStore.heldSQL(column: "hold_wallet"))) AS heldWallet,
            (\(SQLiteStore.heldSQL(column: "hold_own"))) AS heldOwn,
            (SELECT COALESCE(SUM(from_wallet), 0) \(spentSQLBody)) AS spentWallet,
            (SELECT COALESCE(SUM(from_own), 0) \(spentSQLBody)) AS spentOwn
        """

    /// The allocation of `:client` for `:month` itself.
    static let allocatedSQLBody = "FROM allocations WHERE client_id = :client AND month = :month"
    /// Allocations of `:client` for months after `:month` that have not landed.
    static let announcedSQLBody = "FROM allocations WHERE client_id = :client AND landed_transfer_id IS NULL AND month > :month"
    /// Sales of `:client` in `:month` that were not reversed.
    static let spentSQLBody = """
        FROM sales WHERE client_id = :client AND month = :month AND id NOT IN (SELECT sale_id FROM sale_reversals)
        """
}
