import Foundation
import GRDB
import PasjesMoney

/// A client's wallet at one moment: what the budget card shows.
public struct WalletSummary: Codable, Hashable, Sendable {
    public var clientNumber: String
    public var clientName: String
    public var month: Month
    public var balance: Amount
    public var reserve: Amount
    public var light: TrafficLight
    public var allocatedThisMonth: Amount
    /// Wallet money spent on sales this month that were not reversed.
    public var spentThisMonth: Amount
    /// Own money (eigen bijdrage) spent on sales this month that were not reversed.
    public var ownSpentThisMonth: Amount
    public var ownContributionCap: Amount
    /// Allocated for a month that has not started yet: not spendable, not in balance or light.
    public var announced: Amount = .zero
    /// The first month of the announced money.
    public var announcedMonth: Month? = nil
    /// Held for booked day activities (wallet part): reserved, not spent. The light and every
    /// rule see `balance − held`.
    public var held: Amount = .zero
    /// Held on own money for booked day activities.
    public var heldOwn: Amount = .zero
}

/// One line of a wallet's statement (maandoverzicht).
public struct HistoryEntry: Codable, Hashable, Sendable {
    public var transferID: String
    public var at: String
    public var kind: String
    /// `wallet` or `own`.
    public var account: String
    /// Positive: money in; negative: money out.
    public var amount: Amount
    public var saleID: String?
    public var counterID: String?
    public var operatorName: String
    public var memo: String
    /// Why: an admin's reason for a sale without a presented card, or a reversal's reason.
    public var reason: String? = nil
}

extension Ledger {
    /// The wallet of a client, with reserve and light for the current month.
    public func wallet(clientNumber: String) throws -> WalletSummary {
        try read { db in
            let client = try fetchClientRow(number: clientNumber, in: db)
            return try walletSummary(client: client, month: Month(containing: clock()), in: db)
        }
    }

    /// The wallet of the client who holds card `uid` (any card state).
    public func wallet(cardUID uid: String) throws -> WalletSummary {
        let uid = try CardUID.normalise(uid)
        return try read { db in
            let card = try fetchCard(uid: uid, in: db)
            let client = try fetchClientRow(number: card.clientNumber, in: db)
            return try walletSummary(client: client, month: Month(containing: clock()), in: db)
        }
    }

    /// A card, its holder and the holder's wallet, read in one snapshot: what a tap needs.
    public func cardHolder(uid: String) throws -> (card: Card, client: Client, wallet: WalletSummary) {
        let uid = try CardUID.normalise(uid)
        return try read { db in
            let card = try fetchCard(uid: uid, in: db)
            let client = try fetchClientRow(number: card.clientNumber, in: db)
            return (card, client.client, try walletSummary(client: client, month: Month(containing: clock()), in: db))
        }
    }

    /// The wallet's statement lines, newest first; all, or those booked in `month`.
    ///
    /// The month is that of the booking date in Europe/Amsterdam (a coffee at 00:30 on
    /// 1 December is December's), not the month a transfer is for: an allocation for December
    /// booked on 30 November is on November's statement.
    public func history(clientNumber: String, month: Month? = nil, limit: Int = 500) throws -> [HistoryEntry] {
        try read { db in
            let client = try fetchClientRow(number: clientNumber, in: db)
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, created_at, kind, amount, sale_id, counter_id, operator_name, memo,
                       debit_account_id, credit_account_id
                FROM transfers
                WHERE (debit_account_id IN (?1, ?2) OR credit_account_id IN (?1, ?2))
                  AND (?3 IS NULL OR (created_at >= ?3 AND created_at < ?5))
                ORDER BY seq DESC LIMIT ?4
                """), arguments: [client.walletAccountID, client.ownAccountID, month.map { Ledger.timestamp($0.start) },
                                 max(0, min(limit, 10_000)), month.map { Ledger.timestamp($0.next.start) }])
            return try withSaleReasons(rows.map { row in
                let credit: Int64 = try row.decode(forColumn: "credit_account_id")
                let isCredit = credit == client.walletAccountID || credit == client.ownAccountID
                let accountID = isCredit ? credit : try row.decode(forColumn: "debit_account_id")
                let amount: Int64 = try row.decode(forColumn: "amount")
                return HistoryEntry(
                    transferID: try row.decode(forColumn: "id"), at: try row.decode(forColumn: "created_at"), kind: try row.decode(forColumn: "kind"),
                    account: accountID == client.walletAccountID ? "wallet" : "own",
                    amount: Amount(isCredit ? amount : -amount), saleID: try row.decode(forColumn: "sale_id"),
                    counterID: try row.decode(forColumn: "counter_id"), operatorName: try row.decode(forColumn: "operator_name"),
                    memo: try row.decode(forColumn: "memo"))
            }, in: db)
        }
    }

    /// The reserve for unplanned care in `month`: set by the latest allocation up to `month`.
    ///
    /// Until the new month is allocated the last reserve still holds: a reserve of zero on the
    /// 1st would let anything spend the money kept for care. An announced allocation for a later
    /// month does not count: the reserve stays that of the current month until the next starts.
    func reserve(clientID: Int64, month: Month, in db: Database) throws -> Amount {
        // No allocation yet: no reserve. An allocation whose reserve is NULL is not "no reserve":
        // decoded with throws, it is `ledger_inconsistent`.
        guard let row = try Row.fetchOne(db.cachedStatement(sql: Ledger.reserveSQLByPosition),
                                         arguments: [clientID, month.description]) else { return .zero }
        return Amount(try row.decode(Int64.self, forColumn: "reserve"))
    }

    // Each query once as text, with named parameters for the charge's combined read and with
    // positional ones (`?1` client, `?2` month) for a read of its own: GRDB binds positional
    // arguments without a name lookup per parameter.
    static let reserveSQLByPosition = reserveSQL.replacingOccurrences(of: ":client", with: "?1")
        .replacingOccurrences(of: ":month", with: "?2")

    /// The reserve of `:client` in `:month`: that of its latest allocation up to the month.
    static let reserveSQL = "SELECT reserve FROM allocations WHERE client_id = :client AND month <= :month ORDER BY month DESC LIMIT 1"
    /// Own money `:client` spent on sales of `:month` that were not reversed.
    static let ownSpentSQL = """
        SELECT COALESCE(SUM(from_own), 0) FROM sales
        WHERE client_id = :client AND month = :month AND from_own > 0 AND id NOT IN (SELECT sale_id FROM sale_reversals)
        """

    /// The cached balance of an account. A missing row or a NULL balance (both only possible
    /// behind pasjesd's back) is `ledger_inconsistent`, never a balance of zero.
    func accountBalance(_ accountID: Int64, in db: Database) throws -> Amount {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT code, balance FROM accounts WHERE id = ?"),
                                         arguments: [accountID]) else {
            throw LedgerError.inconsistent("een rekening ontbreekt", table: "accounts", key: "id \(accountID)")
        }
        guard let balance = try row.decode(Int64?.self, forColumn: "balance") else {
            let code = (try? row.decode(String?.self, forColumn: "code")) ?? nil
            throw LedgerError.inconsistent("het saldo van rekening \(code ?? "\(accountID)") ontbreekt", table: "accounts",
                                           key: "id \(accountID), code \(code ?? "NULL"), balance NULL")
        }
        return Amount(balance)
    }

    func accountID(code: String, in db: Database) throws -> Int64 {
        // An account is never deleted nor renumbered: once found, its id is kept for the
        // ledger's life. Only an id made from its code (`StableRowID`) is kept: an account
        // created in a transaction that is then rolled back gets that same id when it is made
        // again, whereas SQLite's row counter (ledgers from before 2026-12, and their replay) may
        // give the id to another account meanwhile.
        if let id = accountIDs.withLock({ $0[code] }) { return id }
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM accounts WHERE code = ?"), arguments: [code]) else {
            throw LedgerError.inconsistent("rekening \(code) ontbreekt", table: "accounts", key: "code \(code)")
        }
        guard id == StableRowID.account(code: code) else { return id }
        accountIDs.withLock { cache in
            // Bounded: accounts are per client and counter; past the bound the cache starts over.
            if cache.count >= Ledger.maxCachedAccountIDs { cache.removeAll(keepingCapacity: true) }
            cache[code] = id
        }
        return id
    }
}
