import Foundation
import GRDB
import PasjesMoney

/// An allocation whose month has started but whose money is still in the `announced` account.
struct DueLanding {
    var month: Month
    var amount: Amount
    var transferID: String
    /// What the saving policy sends back from the wallet just before this money lands.
    var flowBack: Amount
}

extension Ledger {
    /// The account that holds allocations for a month that has not started yet.
    static let announcedAccountCode = "announced"

    /// Moves every allocation whose month has started into its wallet (all clients).
    ///
    /// Bookings land a client's due allocations themselves before they look at the wallet;
    /// this runs at daemon start so the statement shows the landing from the first day.
    @discardableResult
    public func landDueAllocations() throws -> Int {
        try execute(AllocationsLand())
    }

    func bookDueLandings(in db: Database) throws -> Int {
        let now = nowText()
        let clientIDs = try Int64.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT client_id FROM allocations WHERE landed_transfer_id IS NULL AND month <= ?
            """), arguments: [Month(containing: now.0).description])
        var landed = 0
        for id in clientIDs {
            landed += try landDueAllocations(client: fetchClientRow(id: id, in: db), at: now, in: db)
        }
        return landed
    }

    /// Lands `client`'s allocations whose month has started: first what the saving policy sends
    /// back, then the month's money from `announced` into the wallet. Inside a booking.
    ///
    /// Every booking that reads a wallet calls this first, so a charge on the 1st sees the new
    /// month's money and reserve, and never last month's leftover that should have flowed back.
    @discardableResult
    func landDueAllocations(client: ClientRow, at now: (Date, String), in db: Database) throws -> Int {
        let plan = try dueLandings(client: client, current: Month(containing: now.0), in: db)
        guard !plan.landings.isEmpty else { return 0 }
        let fundingID = try accountID(code: "funding", in: db)
        let announcedID = try accountID(code: Ledger.announcedAccountCode, in: db)
        var lastAllocator: Operator?
        for landing in plan.landings {
            // The allocating administrator stays on the record, not whoever happened to book first.
            guard let original = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT operator_uid, operator_name FROM transfers WHERE id = ?
                """), arguments: [landing.transferID]) else {
                throw LedgerError.inconsistent("de boeking van een toekenning ontbreekt", table: "transfers",
                                               key: "id \(landing.transferID) (allocation \(landing.month) of client \(client.number))")
            }
            let who = Operator(uid: UInt32(truncatingIfNeeded: try original.decode(Int64.self, forColumn: "operator_uid")),
                               name: try original.decode(forColumn: "operator_name"))
            lastAllocator = who
            if landing.flowBack.minorUnits > 0 {
                try append(NewTransfer(
                    debitAccountID: client.walletAccountID, creditAccountID: fundingID, amount: landing.flowBack,
                    kind: .flowBack, month: landing.month, operatorUID: who.uid, operatorName: who.name,
                    memo: "niet gespaard vóór \(landing.month)"), in: db, at: now)
            }
            let landingID = try append(NewTransfer(
                debitAccountID: announcedID, creditAccountID: client.walletAccountID, amount: landing.amount,
                kind: .allocation, month: landing.month, operatorUID: who.uid, operatorName: who.name,
                memo: "budget \(landing.month) gaat in"), in: db, at: now)
            try db.execute(sql: """
                UPDATE allocations SET landed_transfer_id = ? WHERE client_id = ? AND month = ?
                """, arguments: [landingID, client.id, landing.month.description])
        }
        // The plan was computed from the same rows; only a file changed under us makes them differ.
        let after = try accountBalance(client.walletAccountID, in: db)
        guard after == plan.balanceAfter else {
            throw LedgerError.inconsistent("het saldo van cliënt \(client.number) klopt niet na het ingaan van het budget",
                                           table: "accounts", key: "code wallet:\(client.number), booked \(after.minorUnits), "
                                               + "planned \(plan.balanceAfter.map { "\($0.minorUnits)" } ?? "-")")
        }
        // This month's arrangement is booked from the money that just landed, by whoever allocated it.
        let current = Month(containing: now.0)
        if let landing = plan.landings.last, landing.month == current, let who = lastAllocator {
            try bookArrangements(client: client, month: current, who: who, in: db)
        }
        return plan.landings.count
    }

    /// The allocations of a client whose month has started (`current` or before) and whose money
    /// has not landed: the rows a landing books, and what a charge's card read asks about.
    /// `client`, `current`: SQL expressions of the client's id and the month (a parameter, or a
    /// joined column).
    static func dueSQLBody(client: String, current: String) -> String {
        "FROM allocations WHERE client_id = \(client) AND landed_transfer_id IS NULL AND month <= \(current)"
    }
    static let dueLandingsSQL = "SELECT month, amount, transfer_id \(dueSQLBody(client: "?1", current: "?2")) ORDER BY month"

    /// What landing the due allocations would do, and the wallet balance afterwards.
    ///
    /// Pure reading: `wallet.get` shows this before any booking has landed the money, and
    /// `landDueAllocations` books exactly this. `balanceAfter` is nil when nothing is due: the
    /// balance is then the wallet's own, which a booking reads with its other facts, so it is
    /// not read here for nothing.
    func dueLandings(client: ClientRow, current: Month, in db: Database) throws -> (landings: [DueLanding], balanceAfter: Amount?) {
        // By position, not GRDB's `Row` (a dictionary of column names a row): every `wallet.get`
        // asks, and almost always finds nothing due. At most one allocation a client and month,
        // and a ledger names months of 2000–2999 only.
        let rows = try ColumnValues.fetchAll(db.cachedStatement(sql: Ledger.dueLandingsSQL), maximumRows: 12_000,
                                             client.id, current.description)
        guard let first = rows.first else { return ([], nil) }
        var balance = try accountBalance(client.walletAccountID, in: db)
        var last = try String.fetchOne(db.cachedStatement(sql: """
            SELECT MAX(month) FROM allocations WHERE client_id = ? AND landed_transfer_id IS NOT NULL AND month < ?
            """), arguments: [client.id, try first.decode(String.self, atIndex: 0)]).flatMap(Month.init)
        var landings: [DueLanding] = []
        for row in rows {
            guard let month = Month(try row.decode(String.self, atIndex: 0)) else {
                throw LedgerError.inconsistent("een toekenning heeft een ongeldige maand", table: "allocations", key: "client \(client.number)")
            }
            let amount = Amount(try row.decode(Int64.self, atIndex: 1))
            let flowBack = flowBackAmount(leftover: balance, newMonth: month, lastAllocated: last)
            do {
                balance = try balance.subtracting(flowBack).adding(amount)
            } catch {
                throw LedgerError.amountOverflow.with(error.operation)
            }
            landings.append(DueLanding(month: month, amount: amount, transferID: try row.decode(atIndex: 2),
                                       flowBack: flowBack))
            last = month
        }
        return (landings, balance)
    }

    /// The `announced` account, created the first time an allocation is announced.
    func announcedAccountID(in db: Database) throws -> Int64 {
        try Ledger.insertAccount(code: Ledger.announcedAccountCode, kind: "funding", ifMissing: true, in: db)
        return try accountID(code: Ledger.announcedAccountCode, in: db)
    }
}
