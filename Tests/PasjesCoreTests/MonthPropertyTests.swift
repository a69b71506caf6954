import Foundation
import PasjesCore
import PasjesMoney
import Testing

/// Random months of activity (allocations on time, early or skipped; charges with own money;
/// reversals of this and earlier months' sales) always close and tie out, and a closed
/// month's report never moves afterwards.
@Suite struct MonthPropertyTests {
    @Test(arguments: [UInt64(11), 12, 13])
    func randomMonthsAlwaysTieOut(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        var policy = TestLedger.policy
        policy.saving = [.none, .capped(maximum: Amount(1_500)), .year][Int(seed % 3)]
        let t = try TestLedger(policy: policy, at: TestLedger.utc("2026-10-03T10:00:00Z"))
        try t.seedCatalogue()
        _ = try t.ledger.createCounter(Counter(id: "alles", name: "Alles", categories: ProductCategory.allCases))
        let uids = ["0A000001", "0A000002", "0A000003", "0A000004"]
        for (index, uid) in uids.enumerated() {
            try t.client("\(index + 1)", uid: uid, amount: 0, own: index % 2 == 0, cap: 2_000)
        }
        var month = Month(year: 2026, month: 10)
        var sales: [String] = []
        var closed: [Month: MonthCloseRecord] = [:]
        for _ in 0..<5 {
            for number in 1...4 where Int.random(in: 0..<5, using: &random) > 0 {
                _ = try? t.ledger.allocate(clientNumber: "\(number)", month: month, amount: Amount(Int64.random(in: 1_000...6_000, using: &random)),
                                           operator: TestLedger.admin, idempotencyKey: "a\(number)-\(month)")
            }
            for step in 0..<40 {
                let day = Int.random(in: 1...month.dayCount, using: &random)
                t.clock.set(month.start.addingTimeInterval(Double(day - 1) * 86_400 + 36_000 + Double(step)))
                if Int.random(in: 0..<10, using: &random) < 8 {
                    let items = [ChargeItem(productCode: ["KOF", "MAALT", "DOUCHE", "SCHILD"].randomElement(using: &random)!,
                                            quantity: Int64.random(in: 1...3, using: &random))]
                    if let sale = try? t.ledger.charge(ChargeRequest(counterID: "alles", payer: .card(uid: uids.randomElement(using: &random)!),
                                                                     items: items), operator: TestLedger.cashier,
                                                       idempotencyKey: "s\(month)-\(step)") {
                        sales.append(sale.saleID)
                    }
                } else if let sale = sales.randomElement(using: &random) {
                    _ = try? t.ledger.reverse(saleID: sale, operator: TestLedger.admin, reason: "r", idempotencyKey: "r\(month)-\(step)")
                }
                if step == 30, Bool.random(using: &random) {
                    // Next month announced early, for one client.
                    _ = try? t.ledger.allocate(clientNumber: "\(Int.random(in: 1...4, using: &random))", month: month.next,
                                               amount: Amount(2_500), operator: TestLedger.admin,
                                               idempotencyKey: "early-\(month.next)")
                }
            }
            t.clock.set(month.next.start.addingTimeInterval(Double(Int.random(in: 0...5, using: &random)) * 86_400 + 3_600))
            let record = try t.ledger.closeMonth(month, operator: TestLedger.admin, idempotencyKey: "close-\(month)")
            closed[month] = record
            for (old, oldRecord) in closed {
                let report = try t.ledger.monthReport(old)
                #expect(report.tieOut.balanced, "seed \(seed) \(old): \(report.tieOut.checks)")
                #expect(report.totals == oldRecord.totals, "seed \(seed): \(old)'s figures moved after its close")
            }
            month = month.next
        }
        let open = try t.ledger.monthReport(month)
        #expect(open.tieOut.balanced)
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "seed \(seed): \(verified.problems.prefix(3))")
    }
}
