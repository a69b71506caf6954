import GRDB
import PasjesMoney

extension SQLiteStore {
    func reversalFacts(saleID: String, month: Month) throws -> ReversalFacts {
        let sale: Sale
        do {
            sale = try ledger.fetchSale(id: saleID, in: db)
        } catch let error as LedgerError where error == .saleUnknown {
            return ReversalFacts(sale: nil, transfers: [], walletBalance: .zero, reserve: .zero)
        }
        let transfers = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT t.id, d.code AS debit, c.code AS credit, t.amount, t.counter_id, t.card_uid, t.memo
            FROM transfers t JOIN accounts d ON d.id = t.debit_account_id JOIN accounts c ON c.id = t.credit_account_id
            WHERE t.sale_id = ? AND t.kind IN ('charge', 'charge_own') ORDER BY t.seq
            """), arguments: [saleID]).map { row in
                SaleTransferFact(id: try row.decode(forColumn: "id"), debit: try row.decode(forColumn: "debit"),
                                 credit: try row.decode(forColumn: "credit"), amount: Amount(try row.decode(Int64.self, forColumn: "amount")),
                                 counterID: try row.decode(forColumn: "counter_id"),
                                 cardUID: try row.decode(forColumn: "card_uid"), memo: try row.decode(forColumn: "memo"))
            }
        let client = try ledger.fetchClientRow(number: sale.clientNumber, in: db)
        let wallet = try ledger.walletSummary(client: client, month: month, in: db)
        return ReversalFacts(sale: sale, transfers: transfers, walletBalance: wallet.balance, reserve: wallet.reserve)
    }

    func apply(_ effects: ReversalEffects, operator who: Operator) throws {
        let now = ledger.nowText()
        try db.execute(sql: """
            INSERT INTO sale_reversals (sale_id, operator_uid, operator_name, reason, created_at) VALUES (?, ?, ?, ?, ?)
            """, arguments: [effects.saleID, Int64(who.uid), who.name, effects.reason, now.1])
        for reversing in effects.transfers {
            let original = reversing.reverses
            try ledger.append(NewTransfer(
                debitAccountID: try ledger.accountID(code: original.credit, in: db),
                creditAccountID: try ledger.accountID(code: original.debit, in: db), amount: original.amount,
                kind: .reversal, saleID: effects.saleID, reversesID: original.id, month: effects.month,
                operatorUID: who.uid, operatorName: who.name, counterID: original.counterID, cardUID: original.cardUID,
                memo: "terugdraaien: \(effects.reason ?? original.memo)".prefix(500).description),
                id: reversing.id, in: db, at: now)
        }
    }
}
