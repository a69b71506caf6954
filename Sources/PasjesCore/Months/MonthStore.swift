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

/// How much of a month `monthFacts` reads: the report needs sums, an export its rows.
enum MonthFactDetail: Sendable {
    /// Transfers and sale lines summed in SQL by everything the report groups by: a few
    /// thousand rows whatever the month's size, so the report stays small and fast.
    case report
    /// Every sale line of the month (the sales CSV); no transfers.
    case saleRows
    /// Every transfer of the month (hledger, memoriaal); no sale lines.
    case transferRows
    /// The accounts' opening and movements only (a year's hledger journal reads its transfers itself).
    case accounts
}

extension SQLiteStore: MonthStore {
    func monthFacts(_ month: Month, unit: AmountUnit) throws -> MonthFacts {
        try monthFacts(month, unit: unit, detail: .report)
    }

    func monthFacts(_ month: Month, unit: AmountUnit, detail: MonthFactDetail) throws -> MonthFacts {
        let m = month.description
        var facts = MonthFacts(month: month, unit: unit,
                               accounts: try accountFacts(m, arrivedBefore: Ledger.timestamp(month.next.start)),
                               transfers: [], saleLines: [],
                               reversedLines: [], counterNames: [:], pending: [])
        let counters = try Row.fetchAll(db.cachedStatement(sql: "SELECT id, name FROM counters"))
        facts.counterNames = Dictionary(try counters.map { (try $0.decode(forColumn: "id"), try $0.decode(forColumn: "name")) },
                                        uniquingKeysWith: { first, _ in first })
        facts.counterLocations = try Ledger.counterLocations(in: db)
        facts.pending = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT c.number, a.month FROM allocations a JOIN clients c ON c.id = a.client_id
            WHERE a.landed_transfer_id IS NULL AND a.month <= ? ORDER BY a.month, c.number
            """), arguments: [m]).map { row in
                "budget \(try row.decode(String.self, forColumn: "month")) van \(try row.decode(String.self, forColumn: "number")) "
                    + "is nog niet ingegaan"
            }
            + activityHoldsPending(month)
        let reversedSales = "s.id IN (SELECT sale_id FROM transfers WHERE month = ? AND kind = 'reversal' AND sale_id IS NOT NULL)"
        switch detail {
        case .report:
            facts.offlineRiskByClient = Dictionary(try Row.fetchAll(db.cachedStatement(sql: """
                SELECT c.number, SUM(s.from_risk) FROM sales s JOIN clients c ON c.id = s.client_id
                WHERE s.month = ? AND s.from_risk > 0 GROUP BY c.number
                """), arguments: [m]).map { (try $0.decode(atIndex: 0) as String, try $0.decode(atIndex: 1) as Int64) },
                uniquingKeysWith: { first, _ in first })
            facts.transfers = try summedTransfers(m)
            facts.saleLines = try summedSaleLines(where: "s.month = ?", [m])
            facts.reversedLines = try summedSaleLines(where: reversedSales, [m])
            facts.salesPerCounter = try saleCounts(groupedBy: "counter_id", month: m)
            facts.salesPerOperator = try saleCounts(groupedBy: "operator_name", month: m)
        case .saleRows:
            facts.saleLines = try saleLines(where: "s.month = ?", [m], withOwnMoney: true)
            facts.reversalRows = try reversalRows(where: reversedSales, [m])
        case .transferRows:
            facts.transfers = try monthTransfers(m)
        case .accounts:
            break
        }
        return facts
    }

    /// Every account with its movements before, in and after `month`.
    ///
    /// Only the month and later are read: the opening is the cached balance less those. The
    /// balances are kept in the same transaction as every transfer and `verify` recomputes them
    /// from the transfers, so a report of a month reads that month, not the whole history.
    /// A client created at or after `arrivedBefore` (the month's end) is marked as not arrived.
    private func accountFacts(_ month: String, arrivedBefore: String) throws -> [AccountFact] {
        var movements: [Int64: (during: Int64, after: Int64)] = [:]
        let sums = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT account_id, SUM(CASE WHEN month = ?1 THEN delta ELSE 0 END) AS during,
                   SUM(CASE WHEN month > ?1 THEN delta ELSE 0 END) AS after FROM (
                SELECT credit_account_id AS account_id, amount AS delta, month FROM transfers WHERE month >= ?1
                UNION ALL
                SELECT debit_account_id, -amount, month FROM transfers WHERE month >= ?1
            ) GROUP BY account_id
            """), arguments: [month])
        while let row = try sums.next() {
            movements[try row.decode(atIndex: 0)] = (try row.decode(atIndex: 1), try row.decode(atIndex: 2))
        }
        return try Row.fetchAll(db.cachedStatement(sql: """
            SELECT a.id, a.code, a.kind, c.number, c.name, a.balance, c.created_at < ? AS arrived FROM accounts a
            LEFT JOIN clients c ON c.id = a.client_id ORDER BY a.code
            """), arguments: [arrivedBefore]).map { row -> AccountFact in
                let moved = movements[try row.decode(forColumn: "id")] ?? (0, 0)
                let balance: Int64 = try row.decode(forColumn: "balance")
                return AccountFact(code: try row.decode(forColumn: "code"), kind: try row.decode(forColumn: "kind"),
                                   clientNumber: try row.decode(forColumn: "number"), clientName: try row.decode(forColumn: "name"),
                                   balanceNow: balance, before: try Sum.checked(balance, -moved.during, -moved.after),
                                   during: moved.during, after: moved.after, clientArrived: try row.decode(forColumn: "arrived") ?? true)
            }
    }

    /// The month's transfers summed per kind, accounts and reversed kind: what the report reads.
    private func summedTransfers(_ month: String) throws -> [TransferFact] {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT t.kind, d.code, c.code, o.kind, SUM(t.amount)
            FROM transfers t JOIN accounts d ON d.id = t.debit_account_id JOIN accounts c ON c.id = t.credit_account_id
            LEFT JOIN transfers o ON o.id = t.reverses_id
            WHERE t.month = ? GROUP BY t.kind, d.code, c.code, o.kind
            """), arguments: [month])
        var transfers: [TransferFact] = []
        while let row = try rows.next() {
            transfers.append(TransferFact(id: "", kind: try row.decode(atIndex: 0), debit: try row.decode(atIndex: 1),
                                          credit: try row.decode(atIndex: 2), amount: try row.decode(atIndex: 4), saleID: nil,
                                          reversesKind: try row.decode(atIndex: 3), counterID: nil, operatorName: "", memo: "", createdAt: ""))
        }
        return transfers
    }

    /// Sale lines summed per client, counter, operator, product and price: quantities add up,
    /// and quantity × price stays exact because the price is part of the group.
    private func summedSaleLines(where condition: String, _ arguments: StatementArguments) throws -> [SaleLineFact] {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT c.number, s.counter_id, s.operator_name, i.product_code, i.product_name, i.category,
                   SUM(i.quantity), i.unit_price
            FROM sales s JOIN sale_items i ON i.sale_id = s.id JOIN clients c ON c.id = s.client_id
            WHERE \(condition)
            GROUP BY c.number, s.counter_id, s.operator_name, i.product_code, i.product_name, i.category, i.unit_price
            """), arguments: arguments)
        var lines: [SaleLineFact] = []
        while let row = try rows.next() {
            lines.append(SaleLineFact(saleID: "", clientNumber: try row.decode(atIndex: 0),
                                      counterID: try row.decode(atIndex: 1), operatorName: try row.decode(atIndex: 2),
                                      productCode: try row.decode(atIndex: 3), productName: try row.decode(atIndex: 4),
                                      category: try row.decode(atIndex: 5), quantity: try row.decode(atIndex: 6),
                                      unitPrice: try row.decode(atIndex: 7), createdAt: ""))
        }
        return lines
    }

    /// How many sales of `month` each counter or operator made.
    private func saleCounts(groupedBy column: String, month: String) throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT \(column), COUNT(*) FROM sales WHERE month = ? GROUP BY 1"),
                                       arguments: [month])
        while let row = try rows.next() { counts[try row.decode(atIndex: 0)] = try row.decode(atIndex: 1) }
        return counts
    }

    /// The month's transfers; with `client`, only those of that client's wallet and own account.
    func monthTransfers(_ month: String, client: (wallet: Int64, own: Int64)? = nil) throws -> [TransferFact] {
        var transfers: [TransferFact] = []
        try eachTransfer(month, client: client) { transfers.append($0) }
        return transfers
    }

    /// Calls `body` with each transfer of the month in booking order, read through a cursor:
    /// an export writes them out one by one and never holds the month's transfers at once.
    func eachTransfer(_ month: String, client: (wallet: Int64, own: Int64)? = nil,
                      _ body: (TransferFact) throws -> Void) throws {
        var arguments: StatementArguments = [month]
        var only = ""
        if let client {
            // Two index lookups, not the month's every transfer filtered: a statement of one
            // client reads that client's rows (3,000 statements in one run).
            only = """
                AND t.seq IN (SELECT seq FROM transfers WHERE debit_account_id IN (?, ?) AND month = ?1
                              UNION ALL SELECT seq FROM transfers WHERE credit_account_id IN (?, ?) AND month = ?1)
                """
            arguments += [client.wallet, client.own, client.wallet, client.own]
        }
        // Columns by position and a cursor, not rows by name: a month has hundreds of thousands.
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT t.id, t.kind, d.code AS debit, c.code AS credit, t.amount, t.sale_id, o.kind AS reverses_kind,
                   t.counter_id, t.operator_name, t.memo, t.created_at
            FROM transfers t JOIN accounts d ON d.id = t.debit_account_id JOIN accounts c ON c.id = t.credit_account_id
            LEFT JOIN transfers o ON o.id = t.reverses_id
            WHERE t.month = ?1 \(only) ORDER BY t.seq
            """), arguments: arguments)
        while let row = try rows.next() {
            try body(TransferFact(id: row.decode(atIndex: 0), kind: row.decode(atIndex: 1), debit: row.decode(atIndex: 2),
                                  credit: row.decode(atIndex: 3), amount: row.decode(atIndex: 4), saleID: row.decode(atIndex: 5),
                                  reversesKind: row.decode(atIndex: 6), counterID: row.decode(atIndex: 7),
                                  operatorName: row.decode(atIndex: 8), memo: row.decode(atIndex: 9),
                                  createdAt: row.decode(atIndex: 10)))
        }
    }

    /// The sale lines of the sales matching `condition`; `withOwnMoney` puts each sale's own
    /// money on its first line.
    func saleLines(where condition: String, _ arguments: StatementArguments, withOwnMoney: Bool = false) throws
        -> [SaleLineFact] {
        try lines(sql: """
            SELECT s.id, c.number, s.counter_id, s.operator_name, i.product_code, i.product_name, i.category,
                   i.quantity, i.unit_price, s.created_at, \(withOwnMoney ? Self.ownOnFirstLine : "0"), NULL
            FROM sales s JOIN sale_items i ON i.sale_id = s.id JOIN clients c ON c.id = s.client_id
            WHERE \(condition) ORDER BY s.created_at, s.id, i.line
            """, arguments)
    }

    /// The lines of the sales matching `condition` as their reversal booked them: the reversal's
    /// first transfer id, time and operator, negative quantities and own money, and the sale reversed.
    private func reversalRows(where condition: String, _ arguments: StatementArguments) throws -> [SaleLineFact] {
        try lines(sql: """
            SELECT (SELECT id FROM transfers WHERE sale_id = s.id AND kind = 'reversal' ORDER BY seq LIMIT 1),
                   c.number, s.counter_id, r.operator_name, i.product_code, i.product_name, i.category,
                   -i.quantity, i.unit_price, r.created_at, -\(Self.ownOnFirstLine), s.id
            FROM sales s JOIN sale_reversals r ON r.sale_id = s.id JOIN sale_items i ON i.sale_id = s.id
            JOIN clients c ON c.id = s.client_id
            WHERE \(condition) ORDER BY r.created_at, s.id, i.line
            """, arguments)
    }

    /// A sale's own money on its first line, zero on the others.
    private static let ownOnFirstLine =
        "(CASE WHEN i.line = (SELECT MIN(line) FROM sale_items WHERE sale_id = s.id) THEN s.from_own ELSE 0 END)"

    private func lines(sql: String, _ arguments: StatementArguments) throws -> [SaleLineFact] {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        var lines: [SaleLineFact] = []
        while let row = try rows.next() {
            lines.append(SaleLineFact(saleID: try row.decode(atIndex: 0), clientNumber: try row.decode(atIndex: 1),
                                      counterID: try row.decode(atIndex: 2), operatorName: try row.decode(atIndex: 3),
                                      productCode: try row.decode(atIndex: 4), productName: try row.decode(atIndex: 5),
                                      category: try row.decode(atIndex: 6), quantity: try row.decode(atIndex: 7),
                                      unitPrice: try row.decode(atIndex: 8), createdAt: try row.decode(atIndex: 9),
                                      ownMoney: try row.decode(atIndex: 10), reversalOf: try row.decode(atIndex: 11)))
        }
        return lines
    }
}
