import Foundation
import GRDB
import PasjesMoney

/// What month close and the month report read and write; the only SQL of this feature.
protocol MonthStore {
    /// Everything `MonthReport.compute` needs about `month`.
    func monthFacts(_ month: Month, unit: AmountUnit) throws -> MonthFacts
    /// Everything `MonthCloseDecision.decide` needs; `facts` are the month's facts read just before.
    func closeFacts(_ month: Month, now: Date, facts: MonthFacts) throws -> CloseFacts
    /// Books the decided flow-backs, dated in the closed month.
    func apply(_ flowBacks: [FlowBackEffect], month: Month, operator who: Operator) throws
    /// Stores the close record.
    func insert(_ record: MonthCloseRecord) throws
    /// The close record of `month`, if it was closed.
    func closeRecord(_ month: Month) throws -> MonthCloseRecord?
}

extension SQLiteStore: MonthStore {
    func monthFacts(_ month: Month, unit: AmountUnit) throws -> MonthFacts {
        let m = month.description
        var movements: [Int64: [Int64]] = [:]
        // One pass over the transfers: each account's credits − debits before, in and after the month.
        let sums = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT account_id, period, SUM(delta) AS total FROM (
                SELECT credit_account_id AS account_id, amount AS delta,
                       CASE WHEN month < ?1 THEN 0 WHEN month = ?1 THEN 1 ELSE 2 END AS period FROM transfers
                UNION ALL
                SELECT debit_account_id, -amount,
                       CASE WHEN month < ?1 THEN 0 WHEN month = ?1 THEN 1 ELSE 2 END FROM transfers
            ) GROUP BY account_id, period
            """), arguments: [m])
        while let row = try sums.next() {
            movements[row["account_id"], default: [0, 0, 0]][row["period"] as Int] = row["total"]
        }
        let accounts = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT a.id, a.code, a.kind, c.number, c.name, a.balance FROM accounts a
            LEFT JOIN clients c ON c.id = a.client_id ORDER BY a.code
            """)).map { row -> AccountFact in
                let moved = movements[row["id"]] ?? [0, 0, 0]
                return AccountFact(code: row["code"], kind: row["kind"], clientNumber: row["number"], clientName: row["name"],
                                   balanceNow: row["balance"], before: moved[0], during: moved[1], after: moved[2])
            }
        let counters = try Row.fetchAll(db.cachedStatement(sql: "SELECT id, name FROM counters"))
        let pending = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT c.number, a.month FROM allocations a JOIN clients c ON c.id = a.client_id
            WHERE a.landed_transfer_id IS NULL AND a.month <= ? ORDER BY a.month, c.number
            """), arguments: [m]).map { "budget \($0["month"] as String) van \($0["number"] as String) is nog niet ingegaan" }
            + activityHoldsPending(month)
        return MonthFacts(
            month: month, unit: unit, accounts: accounts, transfers: try monthTransfers(m),
            saleLines: try saleLines(where: "s.month = ?", [m]),
            reversedLines: try saleLines(where: """
                s.id IN (SELECT sale_id FROM transfers WHERE month = ? AND kind = 'reversal' AND sale_id IS NOT NULL)
                """, [m]),
            counterNames: Dictionary(counters.map { ($0["id"], $0["name"]) }, uniquingKeysWith: { first, _ in first }),
            pending: pending)
    }

    /// The month's transfers; with `client`, only those of that client's wallet and own account.
    func monthTransfers(_ month: String, client: (wallet: Int64, own: Int64)? = nil) throws -> [TransferFact] {
        var arguments: StatementArguments = [month]
        var only = ""
        if let client {
            only = "AND (t.debit_account_id IN (?, ?) OR t.credit_account_id IN (?, ?))"
            arguments += [client.wallet, client.own, client.wallet, client.own]
        }
        // Columns by position and a cursor, not rows by name: a month has hundreds of thousands.
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT t.id, t.kind, d.code AS debit, c.code AS credit, t.amount, t.sale_id, o.kind AS reverses_kind,
                   t.counter_id, t.operator_name, t.memo, t.created_at
            FROM transfers t JOIN accounts d ON d.id = t.debit_account_id JOIN accounts c ON c.id = t.credit_account_id
            LEFT JOIN transfers o ON o.id = t.reverses_id
            WHERE t.month = ? \(only) ORDER BY t.seq
            """), arguments: arguments)
        var transfers: [TransferFact] = []
        while let row = try rows.next() {
            transfers.append(TransferFact(id: row[0], kind: row[1], debit: row[2], credit: row[3], amount: row[4],
                                          saleID: row[5], reversesKind: row[6], counterID: row[7], operatorName: row[8],
                                          memo: row[9], createdAt: row[10]))
        }
        return transfers
    }

    func saleLines(where condition: String, _ arguments: StatementArguments) throws -> [SaleLineFact] {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT s.id, c.number, s.counter_id, s.operator_name, i.product_code, i.product_name, i.category,
                   i.quantity, i.unit_price, s.created_at
            FROM sales s JOIN sale_items i ON i.sale_id = s.id JOIN clients c ON c.id = s.client_id
            WHERE \(condition) ORDER BY s.created_at, s.id, i.line
            """), arguments: arguments)
        var lines: [SaleLineFact] = []
        while let row = try rows.next() {
            lines.append(SaleLineFact(saleID: row[0], clientNumber: row[1], counterID: row[2], operatorName: row[3],
                                      productCode: row[4], productName: row[5], category: row[6], quantity: row[7],
                                      unitPrice: row[8], createdAt: row[9]))
        }
        return lines
    }
}
