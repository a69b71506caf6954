import Foundation
import PasjesCore
import PasjesMoney
import Testing

/// Undoing solidarity money: an allocation's reversal takes its contribution back out of the
/// buffer, and a grant can be taken back into it; both tie out and replay.
@Suite struct SolidarityReversalTests {
    private let november = Month(year: 2026, month: 11)

    /// 1001 with 100,00 for November and a 2 % contribution (2,00) in the buffer.
    private func ledgerWithContribution() throws -> TestLedger {
        let t = try TestLedger()
        try t.ledger.setSolidarity(SolidarityPolicy(basisPoints: 200))
        try t.client(amount: 10_000)
        try #require(try t.ledger.solidarityBalance() == Amount(200))
        return t
    }

    @Test func anAllocationReversalTakesItsContributionOutOfTheBuffer() throws {
        let t = try ledgerWithContribution()
        let reversal = try t.ledger.reverseAllocation(clientNumber: "1001", month: november, reason: "verkeerde cliënt",
                                                      operator: TestLedger.admin, idempotencyKey: "r1")
        #expect(reversal.amount == Amount(10_000))
        #expect(try t.ledger.solidarityBalance() == .zero, "the contribution left with its allocation")
        let report = try t.ledger.monthReport(november)
        #expect(report.solidarity.contributions == .zero && report.solidarity.closing == .zero)
        #expect(report.tieOut.balanced, "\(report.tieOut.checks)")
        // Allocated again: one contribution again, not two.
        _ = try t.ledger.allocate(clientNumber: "1001", month: november, amount: Amount(5_000),
                                  operator: TestLedger.admin, idempotencyKey: "again")
        #expect(try t.ledger.solidarityBalance() == Amount(100))
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "\(verified.problems)")
    }

    @Test func refusedWhenTheBufferGaveTheContributionAway() throws {
        let t = try ledgerWithContribution()
        try t.client("1002", uid: "04B7C2D9E1F380", amount: 0)
        let grant = try t.ledger.grant(clientNumber: "1002", amount: Amount(150), reason: "bril kapot",
                                       operator: TestLedger.admin, idempotencyKey: "g1")
        let error = #expect(throws: LedgerError(code: "solidarity_insufficient", message: "")) {
            try t.ledger.reverseAllocation(clientNumber: "1001", month: november, reason: "fout",
                                           operator: TestLedger.admin, idempotencyKey: "r1")
        }
        #expect(error?.message.contains("€ 2,00") == true && error?.message.contains("€ 0,50") == true,
                "\(error?.message ?? "")")
        #expect(try t.balance() == 10_000, "nothing booked")
        // The grant goes back into the buffer; then the allocation can go.
        let back = try t.ledger.reverseGrant(transferID: grant.transferID, reason: "verkeerde cliënt",
                                             operator: TestLedger.admin, idempotencyKey: "gr1")
        #expect(back.amount == Amount(150) && back.balance == .zero && back.solidarityBalance == Amount(200))
        #expect(try t.ledger.reverseGrant(transferID: grant.transferID, reason: "verkeerde cliënt",
                                          operator: TestLedger.admin, idempotencyKey: "gr1").replayed)
        #expect(throws: LedgerError(code: "already_reversed", message: "")) {
            try t.ledger.reverseGrant(transferID: grant.transferID, reason: "nog eens", operator: TestLedger.admin,
                                      idempotencyKey: "gr2")
        }
        let reversal = try t.ledger.reverseAllocation(clientNumber: "1001", month: november, reason: "fout",
                                                      operator: TestLedger.admin, idempotencyKey: "r1")
        #expect(reversal.solidarityReturned == Amount(200))
        let report = try t.ledger.monthReport(november)
        #expect(report.solidarity.grants == .zero && report.solidarity.closing == .zero)
        #expect(report.clients.first { $0.number == "1002" }?.solidarity == .zero)
        #expect(report.tieOut.balanced, "\(report.tieOut.checks)")
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "\(verified.problems)")
    }

    @Test func aGrantThatWasSpentOrIsNoGrantCannotGoBack() throws {
        let t = try ledgerWithContribution()
        try t.seedCatalogue()
        try t.client("1002", uid: "04B7C2D9E1F380", amount: 0)
        let grant = try t.ledger.grant(clientNumber: "1002", amount: Amount(150), reason: "bril",
                                       operator: TestLedger.admin, idempotencyKey: "g1")
        _ = try t.charge([("KOF", 1)], uid: "04B7C2D9E1F380")
        let error = #expect(throws: LedgerError(code: "insufficient_funds", message: "")) {
            try t.ledger.reverseGrant(transferID: grant.transferID, reason: "fout", operator: TestLedger.admin,
                                      idempotencyKey: "gr1")
        }
        #expect(error?.message.contains("al van betaald") == true)
        #expect(throws: LedgerError(code: "grant_unknown", message: "")) {
            try t.ledger.reverseGrant(transferID: "nope", reason: "fout", operator: TestLedger.admin, idempotencyKey: "gr2")
        }
        #expect(throws: LedgerError(code: "reason_required", message: "")) {
            try t.ledger.reverseGrant(transferID: grant.transferID, reason: " ", operator: TestLedger.admin,
                                      idempotencyKey: "gr3")
        }
    }
}
