import GRDB
import PasjesModel
import PasjesMoney

/// The clients one reason kept out of a month's allocation for everyone.
public struct AllocationSkip: Codable, Hashable, Sendable {
    /// The reason code, e.g. `already_allocated`.
    public var reason: String
    /// Why, in Dutch.
    public var message: String
    public var count: Int
    /// The first client numbers (at most `AllocateAllResult.examplesPerReason`), so the reply stays small.
    public var examples: [String]
}

/// What allocating a month for every active client did (or would do, for a dry run).
public struct AllocateAllResult: Codable, Hashable, Sendable {
    /// The numbers a skip lists; the count says how many there were.
    public static let examplesPerReason = 20
    public var month: Month
    public var allocated: Int
    public var total: Amount
    public var skipped: [AllocationSkip]
    public var dryRun: Bool
}

/// `budget.allocateAll`: the month's budget for every client who has not left, from the tariffs.
struct BudgetAllocateAll: LedgerCommand {
    static let kind = "budget.allocateAll"
    var month: Month
    var `operator`: Operator
    var key: String

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> AllocateAllResult {
        try ledger.bookAllocateAll(self, in: db)
    }
}

extension Ledger {
    /// Allocates `month` from the tariffs to every client who has not left, in one transaction.
    ///
    /// A client who already has that month's allocation, whose ZZP has no tariff, or who has a
    /// later month already is skipped with the reason: so a second run allocates nothing twice.
    /// With `dryRun` nothing is booked and the answer says what would be.
    public func allocateAll(month: Month, operator who: Operator, dryRun: Bool, idempotencyKey: String) throws -> AllocateAllResult {
        if dryRun {
            // No command runs, so the month is the clock's: the same one a booking now would read.
            let current = Month(containing: clock())
            return try read { db in try allocateAllPlan(month: month, current: current, in: db).result(month: month, dryRun: true) }
        }
        return try execute(BudgetAllocateAll(month: month, operator: who, key: idempotencyKey))
    }

    func bookAllocateAll(_ command: BudgetAllocateAll, in db: Database) throws -> AllocateAllResult {
        struct Request: Encodable { var month: Month }
        return try once(key: command.key, operation: "budget.allocateAll", request: Request(month: command.month), in: db) {
            let plan = try allocateAllPlan(month: command.month, current: Month(containing: nowText().0), in: db)
            for (number, amount) in plan.allocations {
                _ = try allocateInTransaction(clientNumber: number, month: command.month, explicit: amount,
                                              who: command.operator, db: db)
            }
            return try plan.result(month: command.month, dryRun: false)
        }.result
    }

    private func allocateAllPlan(month: Month, current: Month, in db: Database) throws -> AllocateAllPlan {
        guard month == current || month == current.next else { throw LedgerError.monthOutOfRange(month, current: current) }
        var plan = AllocateAllPlan()
        let rows = try Row.fetchAll(db, sql: """
            SELECT c.number, c.zzp,
                EXISTS (SELECT 1 FROM allocations a WHERE a.client_id = c.id AND a.month = ?1) AS done,
                (SELECT MAX(a.month) FROM allocations a WHERE a.client_id = c.id) AS latest
            FROM clients c WHERE c.status <> 'ended' ORDER BY c.number
            """, arguments: [month.description])
        for row in rows {
            let number: String = try row.decode(forColumn: "number")
            if try row.decode(Bool.self, forColumn: "done") {
                plan.skip(number, Reason.alreadyAllocated.code, "al toegekend voor \(month)")
                continue
            }
            if let latest = (row["latest"] as String?).flatMap(Month.init), latest > month {
                plan.skip(number, Reason.allocationNotLatest.code, "heeft al een toekenning voor een latere maand")
                continue
            }
            do {
                let amount = try derivedAllocation(zzp: row.decode(forColumn: "zzp"), month: month, in: db)
                guard amount.minorUnits > 0 else {
                    plan.skip(number, Reason.invalidAmount.code, "het tarief geeft geen positief bedrag")
                    continue
                }
                plan.allocations.append((number, amount))
            } catch let error as LedgerError {
                plan.skip(number, error.code, error.code == Reason.noTariff.code || error.code == Reason.zzpUnknown.code
                          ? "geen tarief voor het ZZP" : error.message)
            }
        }
        return plan
    }
}

/// Who gets what and who is skipped why, before anything is booked.
private struct AllocateAllPlan {
    var allocations: [(number: String, amount: Amount)] = []
    var skipped: [AllocationSkip] = []

    mutating func skip(_ number: String, _ reason: String, _ message: String) {
        if let index = skipped.firstIndex(where: { $0.reason == reason && $0.message == message }) {
            skipped[index].count += 1
            if skipped[index].examples.count < AllocateAllResult.examplesPerReason { skipped[index].examples.append(number) }
        } else {
            skipped.append(AllocationSkip(reason: reason, message: message, count: 1, examples: [number]))
        }
    }

    func result(month: Month, dryRun: Bool) throws -> AllocateAllResult {
        var total = Amount.zero
        do {
            for allocation in allocations { total = try total.adding(allocation.amount) }
        } catch {
            throw LedgerError.amountOverflow.with("total of \(month)")
        }
        return AllocateAllResult(month: month, allocated: allocations.count, total: total, skipped: skipped, dryRun: dryRun)
    }
}
