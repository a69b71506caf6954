import Foundation
import GRDB
import PasjesMoney

/// What a resident's monthly statement (*maandoverzicht*) shows: the month's line of the
/// report, the allocation and its reserve, the light at the month's end and every purchase.
public struct ClientStatement: Codable, Hashable, Sendable {
    public var month: Month
    public var unit: AmountUnit
    public var clientNumber: String
    public var clientName: String
    public var location: String
    public var department: String
    public var line: ClientMonthLine
    /// The allocation of the month (zero when none was made).
    public var allocation: Amount
    /// The part kept for unplanned care.
    public var reserve: Amount
    /// The light of the closing balance against the reserve.
    public var light: TrafficLight
    /// By location (codes in order, purchases at a counter without one last), in time order within each.
    public var purchases: [StatementPurchase]
    /// Money back into the wallet besides reversals: absence refunds and solidarity grants.
    public var credits: [StatementCredit]
    /// True when the month is closed: the figures are final.
    public var closed: Bool
    /// Who the statement goes to besides the resident.
    public var contacts: [ClientContact]
    /// The organisation's saving policy: `none`, `capped` or `year`.
    public var savingPolicy: String
    /// What may carry over under `capped`.
    public var savingCap: Amount?
}

/// One purchase line on the statement.
public struct StatementPurchase: Codable, Hashable, Sendable {
    /// The stored UTC time of the sale.
    public var at: String
    public var counterName: String
    /// Where the counter stands now; nil for a counter without a location.
    public var location: String?
    public var productName: String
    public var category: String
    public var quantity: Int64
    public var amount: Amount
    /// The sale was reversed (in this month or later).
    public var reversed: Bool
}

/// Money into the wallet on the statement that is not the allocation: an absence refund or a grant.
public struct StatementCredit: Codable, Hashable, Sendable {
    /// The stored UTC time of the booking.
    public var at: String
    /// `absence_refund` or `solidarity_grant`.
    public var kind: String
    /// In Dutch: what it was for.
    public var memo: String
    public var amount: Amount
}

extension Ledger {
    /// The statement of one client for `month`, from one read snapshot.
    public func statement(clientNumber: String, month: Month) throws -> ClientStatement {
        try read { db in
            let client = try fetchClientRow(number: clientNumber, in: db)
            let store = SQLiteStore(ledger: self, db: db)
            let facts = try store.clientFacts(client, month: month, unit: unit)
            guard let line = try MonthReport.compute(facts).clients.first else {
                throw LedgerError.databaseError.with("no wallet for \(clientNumber)")
            }
            let allocation = Amount(try Int64.fetchOne(db.cachedStatement(sql: """
                SELECT amount FROM allocations WHERE client_id = ? AND month = ?
                """), arguments: [client.id, month.description]) ?? 0)
            let reserve = try self.reserve(clientID: client.id, month: month, in: db)
            let reversed = try Set(String.fetchAll(db.cachedStatement(sql: """
                SELECT r.sale_id FROM sale_reversals r JOIN sales s ON s.id = r.sale_id WHERE s.client_id = ? AND s.month = ?
                """), arguments: [client.id, month.description]))
            let purchases = Self.byLocation(facts.saleLines.map { sale in
                StatementPurchase(at: sale.createdAt, counterName: facts.counterNames[sale.counterID] ?? sale.counterID,
                                  location: facts.counterLocations[sale.counterID],
                                  productName: sale.productName, category: sale.category, quantity: sale.quantity,
                                  amount: Amount(sale.lineTotal), reversed: reversed.contains(sale.saleID))
            })
            let credits = facts.transfers.filter {
                $0.credit.hasPrefix("wallet:") && ($0.kind == "absence_refund" || $0.kind == "solidarity_grant")
            }.map { StatementCredit(at: $0.createdAt, kind: $0.kind, memo: $0.memo, amount: Amount($0.amount)) }
            return ClientStatement(
                month: month, unit: unit, clientNumber: client.number, clientName: client.name, location: client.location,
                department: client.department, line: line, allocation: allocation, reserve: reserve,
                light: TrafficLight(balance: line.closing, reserve: reserve), purchases: purchases,
                credits: credits, closed: try store.closeRecord(month) != nil, contacts: try contacts(clientID: client.id, in: db),
                savingPolicy: self.policy.saving.name, savingCap: self.policy.saving.cap)
        }
    }
}

extension Ledger {
    /// `purchases` grouped by location, each group in its time order: a resident who eats at one
    /// location and paints at another sees each place's purchases together.
    static func byLocation(_ purchases: [StatementPurchase]) -> [StatementPurchase] {
        let places = Array(Set(purchases.compactMap(\.location))).sorted()
        return places.flatMap { place in purchases.filter { $0.location == place } } + purchases.filter { $0.location == nil }
    }
}

extension SQLiteStore {
    /// `monthFacts` narrowed to one client: their two accounts, their transfers and sales.
    func clientFacts(_ client: ClientRow, month: Month, unit: AmountUnit) throws -> MonthFacts {
        let m = month.description
        var accounts: [AccountFact] = []
        for (id, kind) in [(client.walletAccountID, "wallet"), (client.ownAccountID, "own")] {
            // Each sum one index range (account, month), and the opening from the cached balance
            // as the month report does: a statement reads the month and later, not the history.
            let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT code, balance,
                    (SELECT COALESCE(SUM(amount), 0) FROM transfers WHERE credit_account_id = ?1 AND month = ?2)
                    - (SELECT COALESCE(SUM(amount), 0) FROM transfers WHERE debit_account_id = ?1 AND month = ?2) AS during,
                    (SELECT COALESCE(SUM(amount), 0) FROM transfers WHERE credit_account_id = ?1 AND month > ?2)
                    - (SELECT COALESCE(SUM(amount), 0) FROM transfers WHERE debit_account_id = ?1 AND month > ?2) AS after
                FROM accounts WHERE id = ?1
                """), arguments: [id, m])
            guard let row else { throw LedgerError.databaseError.with("account \(id) missing") }
            let balance: Int64 = try row.decode(forColumn: "balance")
            let during: Int64 = try row.decode(forColumn: "during")
            let after: Int64 = try row.decode(forColumn: "after")
            accounts.append(AccountFact(code: try row.decode(forColumn: "code"), kind: kind, clientNumber: client.number, clientName: client.name,
                                        balanceNow: balance, before: try Sum.checked(balance, -during, -after), during: during,
                                        after: after))
        }
        let counters = try Row.fetchAll(db.cachedStatement(sql: "SELECT id, name FROM counters"))
        var facts = MonthFacts(
            month: month, unit: unit, accounts: accounts,
            transfers: try monthTransfers(m, client: (client.walletAccountID, client.ownAccountID)),
            saleLines: try saleLines(where: "s.month = ? AND s.client_id = ?", [m, client.id]),
            reversedLines: [],
            counterNames: Dictionary(try counters.map { (try $0.decode(forColumn: "id"), try $0.decode(forColumn: "name")) },
                                     uniquingKeysWith: { first, _ in first }),
            pending: [])
        facts.counterLocations = try Ledger.counterLocations(in: db)
        return facts
    }
}
