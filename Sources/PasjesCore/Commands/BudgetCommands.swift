import GRDB
import PasjesMoney

/// `budget.allocate`: a month's money for a client's wallet (explicit, or from the tariffs).
struct BudgetAllocate: LedgerCommand {
    static let kind = "budget.allocate"
    var clientNumber: String
    var month: Month
    var amount: Amount?
    var `operator`: Operator
    var key: String

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> AllocationResult {
        try ledger.bookAllocation(self, in: db)
    }
}

/// `budget.reverse`: takes a client's latest allocation back, with a reason.
struct BudgetReverse: LedgerCommand {
    static let kind = "budget.reverse"
    var clientNumber: String
    var month: Month
    var reason: String
    var `operator`: Operator
    var key: String
    /// True: the allocation's solidarity contribution goes back out of the buffer too. Absent in
    /// entries journaled before reversals did that, so replaying them books what they booked then.
    var returnsSolidarity: Bool?

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> AllocationReversalResult {
        try ledger.bookAllocationReversal(self, in: db)
    }
}

/// `allocations.land`: every allocation whose month has started moves into its wallet.
struct AllocationsLand: LedgerCommand {
    static let kind = "allocations.land"

    func apply(to ledger: Ledger, in db: Database) throws -> Int {
        try ledger.bookDueLandings(in: db)
    }
}
