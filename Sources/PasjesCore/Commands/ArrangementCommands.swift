import GRDB
import PasjesModel
import PasjesMoney

/// `arrangement.add`: a standing service for a client (product, quantity per week or month, from/through).
struct ArrangementAdd: LedgerCommand {
    static let kind = "arrangement.add"
    var clientNumber: String
    var productCode: String
    var quantity: Int64
    var per: ArrangementPeriod
    var from: CalendarDay
    var through: CalendarDay?
    var `operator`: Operator
    var key: String

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> ArrangementResult {
        try ledger.bookArrangementAdd(self, in: db)
    }
}

/// `arrangement.end`: the last day an arrangement line runs.
struct ArrangementEnd: LedgerCommand {
    static let kind = "arrangement.end"
    var arrangementID: String
    var through: CalendarDay
    var `operator`: Operator
    var key: String

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> ArrangementResult {
        try ledger.bookArrangementEnd(self, in: db)
    }
}

/// `client.absence`: a client is away (hospital, rehabilitation); arrangement days are refunded.
struct ClientAbsenceRecord: LedgerCommand {
    static let kind = "client.absence"
    var clientNumber: String
    var from: CalendarDay
    var through: CalendarDay
    var reason: AbsenceReason
    var note: String?
    var `operator`: Operator
    var key: String

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> AbsenceResult {
        try ledger.bookAbsence(self, in: db)
    }
}

/// `budget.grant`: money from the solidarity buffer into a client's wallet, with a reason.
struct BudgetGrant: LedgerCommand {
    static let kind = "budget.grant"
    var clientNumber: String
    var amount: Amount
    var reason: String
    var `operator`: Operator
    var key: String

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> GrantResult {
        try ledger.bookGrant(self, in: db)
    }
}

/// `solidarity.set`: the contribution every allocation pays into the solidarity buffer.
struct SolidaritySet: LedgerCommand {
    static let kind = "solidarity.set"
    var policy: SolidarityPolicy

    func apply(to ledger: Ledger, in db: Database) throws -> SolidarityPolicy {
        try ledger.bookSolidaritySet(policy, in: db)
    }
}
