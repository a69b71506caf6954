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
}

extension Ledger {
    /// Credits a client's wallet for `month`: `amount`, or derived from the budget policy.
    ///
    /// Before the new money lands, the saving policy is applied to what is left: `none` sends
    /// it all back, `capped` keeps at most the cap, `year` keeps it until the first allocation
    /// of a new year. At most one allocation per client and month: asking again with the same
    /// amount answers the first result; with another amount, `already_allocated`.
    public func allocate(clientNumber: String, month: Month, amount explicit: Amount? = nil,
                         operator who: Operator, idempotencyKey: String) throws -> AllocationResult {
        struct Request: Encodable { var clientNumber: String; var month: Month; var amount: Amount? }
        let request = Request(clientNumber: clientNumber, month: month, amount: explicit)
        let (result, replayed) = try book { db in
            try once(key: idempotencyKey, operation: "budget.allocate", request: request, in: db) {
                try allocateInTransaction(clientNumber: clientNumber, month: month, explicit: explicit, who: who, db: db)
            }
        }
        var answer = result
        answer.replayed = answer.replayed || replayed
        return answer
    }

    private func allocateInTransaction(clientNumber: String, month: Month, explicit: Amount?,
                                       who: Operator, db: Database) throws -> AllocationResult {
        let client = try fetchClientRow(number: clientNumber, in: db)
        let amount = try explicit ?? policy.derivedAllocation(zzp: client.zzp, month: month)
        guard amount.minorUnits > 0 else { throw LedgerError.invalidAmount.with("allocation must be > 0") }
        let reserve = try policy.reserve(for: amount)
        if let existing = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT amount, reserve, transfer_id FROM allocations WHERE client_id = ? AND month = ?
            """), arguments: [client.id, month.description]) {
            guard existing["amount"] as Int64 == amount.minorUnits else {
                throw LedgerError.alreadyAllocated.with("\(clientNumber) \(month)")
            }
            let balance = try accountBalance(client.walletAccountID, in: db)
            return AllocationResult(
                clientNumber: clientNumber, month: month, amount: amount, reserve: Amount(existing["reserve"]),
                flowedBack: .zero, balance: balance, light: TrafficLight(balance: balance, reserve: reserve),
                transferID: existing["transfer_id"], replayed: true)
        }
        let latest = try String.fetchOne(db.cachedStatement(sql: "SELECT MAX(month) FROM allocations WHERE client_id = ?"),
                                         arguments: [client.id]).flatMap(Month.init)
        if let latest, latest > month {
            throw LedgerError.invalidMonth.with("\(month) is before the last allocation \(latest)")
        }
        let now = nowText()
        let fundingID = try accountID(code: "funding", in: db)
        let leftover = try accountBalance(client.walletAccountID, in: db)
        let flowBack = flowBackAmount(leftover: leftover, newMonth: month, lastAllocated: latest)
        let memo = "budget \(month)"
        if flowBack.minorUnits > 0 {
            try append(NewTransfer(
                debitAccountID: client.walletAccountID, creditAccountID: fundingID, amount: flowBack,
                kind: .flowBack, month: month, operatorUID: who.uid, operatorName: who.name,
                memo: "niet gespaard vóór \(month)"), in: db, at: now)
        }
        let transferID = try append(NewTransfer(
            debitAccountID: fundingID, creditAccountID: client.walletAccountID, amount: amount,
            kind: .allocation, month: month, operatorUID: who.uid, operatorName: who.name, memo: memo),
            in: db, at: now)
        try db.execute(sql: """
            INSERT INTO allocations (client_id, month, amount, reserve, transfer_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [client.id, month.description, amount.minorUnits, reserve.minorUnits, transferID, now.1])
        let balance = try accountBalance(client.walletAccountID, in: db)
        return AllocationResult(
            clientNumber: clientNumber, month: month, amount: amount, reserve: reserve, flowedBack: flowBack,
            balance: balance, light: TrafficLight(balance: balance, reserve: reserve),
            transferID: transferID, replayed: false)
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
