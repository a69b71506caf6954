import Foundation
import GRDB
import PasjesMoney

/// The immutable record of a closed month: who closed it when, the journal's head at that
/// moment, what the saving policy sent back and the report's totals.
public struct MonthCloseRecord: Codable, Hashable, Sendable {
    public var month: Month
    public var closedAt: String
    public var operatorUID: UInt32
    public var operatorName: String
    /// The journal's head just before the close entry: keep it, `verify --seal` checks it later.
    public var seal: JournalSeal
    /// What the saving policy sent back to funding at the close.
    public var flowedBack: Amount
    public var totals: MonthTotals
    /// True when this answer repeats the first result of the same idempotency key.
    public var replayed: Bool
}

/// `month.close`: applies the saving policy and seals a month that has ended. No reopen.
struct MonthClose: LedgerCommand {
    static let kind = "month.close"
    var month: Month
    var `operator`: Operator
    var key: String
    /// True: months close in order from the ledger's first booked month. Absent in entries
    /// journaled before that rule, so replaying them closes what they closed then.
    var inOrder: Bool?

    var journalOperator: Operator? { self.operator }
    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> MonthCloseRecord {
        try ledger.bookMonthClose(self, in: db)
    }
}

extension Ledger {
    /// Closes `month`: only after it has ended in Europe/Amsterdam, once, in order (the ledger's
    /// first booked month first, then each next one), with nothing of it pending. Lands every allocation whose month has started, applies the saving policy to
    /// the month's leftover (booked as flow-back in the closed month), checks that the report
    /// ties out and stores the close record. From then on nothing is booked into the month.
    public func closeMonth(_ month: Month, operator who: Operator, idempotencyKey: String) throws -> MonthCloseRecord {
        try execute(MonthClose(month: month, operator: who, key: idempotencyKey, inOrder: true))
    }

    /// The report of `month` as the ledger stands now (a closed month's report no longer changes).
    public func monthReport(_ month: Month) throws -> MonthReport {
        try read { db in try MonthReport.compute(SQLiteStore(ledger: self, db: db).monthFacts(month, unit: unit)) }
    }

    /// The close record of `month`, or nil while it is open.
    public func monthCloseRecord(_ month: Month) throws -> MonthCloseRecord? {
        try read { db in try SQLiteStore(ledger: self, db: db).closeRecord(month) }
    }

    func bookMonthClose(_ command: MonthClose, in db: Database) throws -> MonthCloseRecord {
        struct Request: Encodable { var month: Month }
        let (result, replayed) = try once(key: command.key, operation: "month.close", request: Request(month: command.month),
                                          in: db) {
            try closeInTransaction(command.month, who: command.operator, inOrder: command.inOrder == true, in: db)
        }
        var answer = result
        answer.replayed = replayed
        return answer
    }

    private func closeInTransaction(_ month: Month, who: Operator, inOrder: Bool, in db: Database) throws -> MonthCloseRecord {
        let store = SQLiteStore(ledger: self, db: db)
        let now = nowText()
        // The seal is the journal as the administrator saw it: before anything this close books.
        guard let head = try JournalEntry.head(in: db) else { throw LedgerError.databaseError.with("empty journal") }
        if try store.closeRecord(month) != nil { throw LedgerError.monthAlreadyClosed(month) }
        // Allocations of started months land now, so none of them is booked into the month later.
        _ = try bookDueLandings(in: db)
        let facts = try store.monthFacts(month, unit: unit)
        var closeFacts = try store.closeFacts(month, now: now.0, facts: facts)
        closeFacts.inOrder = inOrder
        let flowBacks = try MonthCloseDecision.decide(closeFacts, flowBack: flowBackAmount)
        try store.apply(flowBacks, month: month, operator: who)
        let report = try MonthReport.compute(store.monthFacts(month, unit: unit))
        guard report.tieOut.balanced else {
            throw LedgerError.monthNotTiedOut(month, report.tieOut.checks.filter { $0.difference.minorUnits != 0 }.map {
                "\($0.name): \($0.difference.minorUnits)"
            })
        }
        var flowedBack: Int64 = 0
        for effect in flowBacks { try Sum.add(&flowedBack, effect.amount.minorUnits) }
        let record = MonthCloseRecord(
            month: month, closedAt: now.1, operatorUID: who.uid, operatorName: who.name,
            seal: JournalSeal(seq: head.seq, hash: head.hash), flowedBack: Amount(flowedBack), totals: report.totals,
            replayed: false)
        try store.insert(record)
        return record
    }

    /// `month_closed` when `month` is closed: called for every transfer before it is stored.
    func refuseIfClosed(_ month: Month, in db: Database) throws {
        // A charge's wallet read asked about its month (`noteMonth`); a close is written by
        // `month.close` alone, which forgets that answer (`forgetStartMonth`) before it writes one.
        let text = month.description
        let known = execution.withLock { context -> Bool? in
            guard let started = context?.start.month, started.text == text else { return nil }
            return started.closed
        }
        if let known {
            if known { throw LedgerError.monthClosed(month) }
            return
        }
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM month_closes WHERE month = ?"),
                             arguments: [month.description]) == true {
            throw LedgerError.monthClosed(month)
        }
    }

    /// Keeps what a read of the running command found about `month`, for `refuseIfClosed`.
    func noteMonth(_ month: Month, closed: Bool) {
        execution.withLock { $0?.start.month = (month.description, closed) }
    }

    /// Makes `refuseIfClosed` ask the file again: a month is about to be closed.
    func forgetStartMonth() {
        execution.withLock { $0?.start.month = nil }
    }
}
