import GRDB
import PasjesMoney

/// The outcome of a monthly allocation.
public struct AllocationResult: Codable, Hashable, Sendable {
    public var clientNumber: String
    public var month: Month
    public var amount: Amount
    public var reserve: Amount
    /// What flowed back from last month's leftover under the saving policy.
    public var flowedBack: Amount
    public var balance: Amount
    public var light: TrafficLight
    public var transferID: String
    public var replayed: Bool
    /// True for next month's allocation: announced now, in the wallet when its month starts.
    /// Optional so results stored before it existed still decode on a replay.
    public var announced: Bool?
}

extension Ledger {
    /// Credits a client's wallet for `month`: `amount`, or derived from the tariffs.
    ///
    /// Only the current month (Europe/Amsterdam) and the next can be allocated. The current
    /// month's money lands at once; the next month's is announced and lands when that month
    /// starts, so it is never spendable before. Before new money lands, the saving policy is
    /// applied to what is left: `none` sends it all back, `capped` keeps at most the cap, `year`
    /// keeps it until the first allocation of a new year. At most one allocation per client and
    /// month: asking again with the same amount answers the first result; with another amount,
    /// `already_allocated`. A client who has left (`ended`) gets nothing: `client_not_active`.
    public func allocate(clientNumber: String, month: Month, amount explicit: Amount? = nil,
                         operator who: Operator, idempotencyKey: String) throws -> AllocationResult {
        try execute(BudgetAllocate(clientNumber: clientNumber, month: month, amount: explicit, operator: who,
                                   key: idempotencyKey))
    }

    func bookAllocation(_ command: BudgetAllocate, in db: Database) throws -> AllocationResult {
        struct Request: Encodable { var clientNumber: String; var month: Month; var amount: Amount? }
        let request = Request(clientNumber: command.clientNumber, month: command.month, amount: command.amount)
        let (result, replayed) = try once(key: command.key, operation: "budget.allocate", request: request, in: db) {
            try allocateInTransaction(clientNumber: command.clientNumber, month: command.month,
                                      explicit: command.amount, who: command.operator, db: db)
        }
        var answer = result
        answer.replayed = answer.replayed || replayed
        return answer
    }

    func allocateInTransaction(clientNumber: String, month: Month, explicit: Amount?,
                                       who: Operator, db: Database) throws -> AllocationResult {
        let now = nowText()
        let current = Month(containing: now.0)
        guard month == current || month == current.next else { throw LedgerError.monthOutOfRange(month, current: current) }
        let client = try fetchClientRow(number: clientNumber, in: db)
        guard client.status != .ended else { throw LedgerError.clientNotActive.with("\(clientNumber) has left") }
        try landDueAllocations(client: client, at: now, in: db)
        let amount = try explicit ?? derivedAllocation(zzp: client.zzp, month: month, in: db)
        guard amount.minorUnits > 0 else { throw LedgerError.invalidAmount.with("allocation must be > 0") }
        let reserve = try policy.reserve(for: amount)
        if let existing = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT amount, reserve, transfer_id, landed_transfer_id FROM allocations WHERE client_id = ? AND month = ?
            """), arguments: [client.id, month.description]) {
            guard try existing.decode(Int64.self, forColumn: "amount") == amount.minorUnits else {
                throw LedgerError.alreadyAllocated.with("\(clientNumber) \(month)")
            }
            let wallet = try walletSummary(client: client, month: current, in: db)
            return AllocationResult(
                clientNumber: clientNumber, month: month, amount: amount, reserve: Amount(try existing.decode(Int64.self, forColumn: "reserve")),
                flowedBack: .zero, balance: wallet.balance, light: wallet.light,
                transferID: try existing.decode(forColumn: "transfer_id"), replayed: true,
                announced: (existing["landed_transfer_id"] as String?) == nil ? true : nil)
        }
        let latest = try String.fetchOne(db.cachedStatement(sql: "SELECT MAX(month) FROM allocations WHERE client_id = ?"),
                                         arguments: [client.id]).flatMap(Month.init)
        if let latest, latest > month {
            throw LedgerError.invalidMonth.with("\(month) is before the last allocation \(latest)")
        }
        let fundingID = try accountID(code: "funding", in: db)
        if month > current {
            // Announced: booked now, so the ledger shows the commitment, but into `announced`,
            // not the wallet: nothing of it is spendable, and the saving policy waits for the month.
            let transferID = try append(NewTransfer(
                debitAccountID: fundingID, creditAccountID: announcedAccountID(in: db), amount: amount,
                kind: .allocation, month: month, operatorUID: who.uid, operatorName: who.name,
                memo: "budget \(month) (aangekondigd)"), in: db, at: now)
            try insertAllocation(clientID: client.id, month: month, amount: amount, reserve: reserve,
                                 transferID: transferID, landedTransferID: nil, at: now.1, in: db)
            try paySolidarityContribution(allocation: amount, clientNumber: clientNumber, month: month, who: who,
                                          at: now, in: db)
            let wallet = try walletSummary(client: client, month: current, in: db)
            return AllocationResult(
                clientNumber: clientNumber, month: month, amount: amount, reserve: reserve, flowedBack: .zero,
                balance: wallet.balance, light: wallet.light, transferID: transferID, replayed: false, announced: true)
        }
        let leftover = try accountBalance(client.walletAccountID, in: db)
        let flowBack = flowBackAmount(leftover: leftover, newMonth: month, lastAllocated: latest)
        if flowBack.minorUnits > 0 {
            try append(NewTransfer(
                debitAccountID: client.walletAccountID, creditAccountID: fundingID, amount: flowBack,
                kind: .flowBack, month: month, operatorUID: who.uid, operatorName: who.name,
                memo: "niet gespaard vóór \(month)"), in: db, at: now)
        }
        let transferID = try append(NewTransfer(
            debitAccountID: fundingID, creditAccountID: client.walletAccountID, amount: amount,
            kind: .allocation, month: month, operatorUID: who.uid, operatorName: who.name, memo: "budget \(month)"),
            in: db, at: now)
        try insertAllocation(clientID: client.id, month: month, amount: amount, reserve: reserve,
                             transferID: transferID, landedTransferID: transferID, at: now.1, in: db)
        try paySolidarityContribution(allocation: amount, clientNumber: clientNumber, month: month, who: who,
                                      at: now, in: db)
        // The month's money is in: its arrangement is booked from it before anything else can be.
        try bookArrangements(client: client, month: month, who: who, in: db)
        let balance = try accountBalance(client.walletAccountID, in: db)
        return AllocationResult(
            clientNumber: clientNumber, month: month, amount: amount, reserve: reserve, flowedBack: flowBack,
            balance: balance, light: TrafficLight(balance: balance, reserve: reserve),
            transferID: transferID, replayed: false, announced: nil)
    }

    private func insertAllocation(clientID: Int64, month: Month, amount: Amount, reserve: Amount, transferID: String,
                                  landedTransferID: String?, at createdAt: String, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO allocations (client_id, month, amount, reserve, transfer_id, landed_transfer_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [clientID, month.description, amount.minorUnits, reserve.minorUnits, transferID,
                             landedTransferID, createdAt])
    }

    /// How much of `leftover` the saving policy sends back when `newMonth` starts.
    ///
    /// `year` compares with the last allocated month rather than asking "is it January?":
    /// a home that skips January's allocation still starts a new year at its next one.
    func flowBackAmount(leftover: Amount, newMonth: Month, lastAllocated: Month?) -> Amount {
        guard leftover.minorUnits > 0 else { return .zero }
        switch policy.saving {
        case .none:
            return leftover
        case .capped(let maximum):
            return Amount(max(0, leftover.minorUnits - maximum.minorUnits))
        case .year:
            guard let lastAllocated else { return .zero }
            return lastAllocated.year < newMonth.year ? leftover : .zero
        }
    }
}
