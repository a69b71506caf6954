import Foundation
import GRDB
import PasjesMoney

extension SQLiteStore {
    func closeFacts(_ month: Month, now: Date, facts: MonthFacts) throws -> CloseFacts {
        let m = month.description
        var atEnd: [String: Int64] = [:]
        for account in facts.accounts where account.kind == "wallet" { atEnd[account.code] = account.before + account.during }
        let wallets = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT c.number, a.code, a.balance,
                (SELECT MAX(month) FROM allocations l
                 WHERE l.client_id = c.id AND l.landed_transfer_id IS NOT NULL AND l.month <= ?1) AS last_allocated,
                EXISTS (SELECT 1 FROM allocations l
                        WHERE l.client_id = c.id AND l.landed_transfer_id IS NOT NULL AND l.month > ?1) AS later_landed
            FROM clients c JOIN accounts a ON a.client_id = c.id AND a.kind = 'wallet' ORDER BY c.number
            """), arguments: [m]).map { row in
                WalletAtClose(clientNumber: try row.decode(forColumn: "number"), walletCode: try row.decode(forColumn: "code"),
                              closing: atEnd[try row.decode(forColumn: "code")] ?? 0,
                              current: try row.decode(forColumn: "balance"), lastAllocated: (row["last_allocated"] as String?).flatMap(Month.init),
                              laterLanded: try row.decode(forColumn: "later_landed"))
            }
        let laterClosed = try String.fetchOne(db.cachedStatement(sql: "SELECT MAX(month) FROM month_closes WHERE month > ?"),
                                              arguments: [m]).flatMap(Month.init)
        let earlierClosed = try String.fetchOne(db.cachedStatement(sql: "SELECT MAX(month) FROM month_closes WHERE month < ?"),
                                                arguments: [m]).flatMap(Month.init)
        let firstBooked = try String.fetchOne(db.cachedStatement(sql: "SELECT MIN(month) FROM transfers"))
            .flatMap(Month.init)
        return CloseFacts(month: month, now: now, alreadyClosed: try closeRecord(month) != nil, laterClosed: laterClosed,
                          firstBooked: firstBooked, earlierClosed: earlierClosed, pending: facts.pending,
                          wallets: wallets)
    }

    func apply(_ flowBacks: [FlowBackEffect], month: Month, operator who: Operator) throws {
        guard !flowBacks.isEmpty else { return }
        let fundingID = try ledger.accountID(code: "funding", in: db)
        let now = ledger.nowText()
        for effect in flowBacks {
            try ledger.append(NewTransfer(
                debitAccountID: try ledger.accountID(code: effect.walletCode, in: db), creditAccountID: fundingID,
                amount: effect.amount, kind: .flowBack, month: month, operatorUID: who.uid, operatorName: who.name,
                memo: "niet gespaard bij afsluiten \(month)"), in: db, at: now)
        }
    }

    func insert(_ record: MonthCloseRecord) throws {
        ledger.forgetStartMonth()
        try db.execute(sql: """
            INSERT INTO month_closes (month, closed_at, operator_uid, operator_name, journal_seq, journal_hash,
                flowed_back, totals)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [record.month.description, record.closedAt, Int64(record.operatorUID), record.operatorName,
                             record.seal.seq, record.seal.hash, record.flowedBack.minorUnits,
                             try CanonicalJSON.encode(record.totals)])
    }

    func closeRecord(_ month: Month) throws -> MonthCloseRecord? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT closed_at, operator_uid, operator_name, journal_seq, journal_hash, flowed_back, totals
            FROM month_closes WHERE month = ?
            """), arguments: [month.description]) else { return nil }
        let totals = try JSONDecoder().decode(MonthTotals.self, from: Data((row.decode(String.self, forColumn: "totals")).utf8))
        return MonthCloseRecord(
            month: month, closedAt: try row.decode(forColumn: "closed_at"),
            operatorUID: UInt32(truncatingIfNeeded: try row.decode(Int64.self, forColumn: "operator_uid")),
            operatorName: try row.decode(forColumn: "operator_name"),
            seal: JournalSeal(seq: try row.decode(forColumn: "journal_seq"), hash: try row.decode(forColumn: "journal_hash")),
            flowedBack: Amount(try row.decode(Int64.self, forColumn: "flowed_back")), totals: totals, replayed: false)
    }
}
