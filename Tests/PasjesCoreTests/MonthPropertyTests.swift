import Foundation
import PasjesCore
import PasjesMoney
import Testing

/// Random months of activity (allocations on time, early or skipped; charges with own money;
/// reversals of this and earlier months' sales; arrangements, absences with refunds, solidarity
/// grants) always close and tie out, and a closed month's report never moves afterwards.
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
        try t.ledger.setSolidarity(SolidarityPolicy(basisPoints: 300))
        for (index, uid) in uids.enumerated() {
            try t.client("\(index + 1)", uid: uid, amount: 0, own: index % 2 == 0, cap: 2_000)
            // Some standing services, weekly or monthly, some of them too dear for the wallet.
            _ = try t.ledger.addArrangement(
                clientNumber: "\(index + 1)", productCode: ["DOUCHE", "SCHILD", "MAALT"][index % 3],
                quantity: Int64.random(in: 1...3, using: &random), per: index % 2 == 0 ? .week : .month,
                from: CalendarDay("2026-10-\(10 + index)")!, through: nil, operator: TestLedger.admin, idempotencyKey: "arr\(index)")
        }
        var month = Month(year: 2026, month: 10)
        var sales: [String] = []
        var closed: [Month: MonthCloseRecord] = [:]
        var exercised = (arrangement: Int64(0), refunds: Int64(0), solidarity: Int64(0))
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
                if step == 20 || step == 21 {
                    // A few days away, sometimes over the month's end: booked arrangement days come back.
                    let from = CalendarDay(containing: t.clock.now)
                    let days = Int.random(in: 0...9, using: &random)
                    let through = CalendarDay("\(from)") .flatMap { start in
                        (0..<days).reduce(start) { day, _ in
                            CalendarDay(year: day.year, month: day.month, day: day.day + 1)
                                ?? CalendarDay(year: day.month == 12 ? day.year + 1 : day.year, month: day.month % 12 + 1, day: 1)!
                        }
                    }!
                    _ = try? t.ledger.recordAbsence(clientNumber: "\(Int.random(in: 1...4, using: &random))", from: from,
                                                    through: through, reason: .hospital, note: nil, operator: TestLedger.admin,
                                                    idempotencyKey: "abs\(month)-\(step)")
                }
                if step == 25, let balance = try? t.ledger.solidarityBalance(), balance.minorUnits > 0 {
                    _ = try? t.ledger.grant(clientNumber: "\(Int.random(in: 1...4, using: &random))",
                                            amount: Amount(Int64.random(in: 1...balance.minorUnits, using: &random)),
                                            reason: "steun", operator: TestLedger.admin, idempotencyKey: "g\(month)")
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
            exercised.arrangement += record.totals.arrangement.minorUnits
            exercised.refunds += record.totals.refunds.minorUnits
            exercised.solidarity += record.totals.solidarity.minorUnits
            for (old, oldRecord) in closed {
                let report = try t.ledger.monthReport(old)
                #expect(report.tieOut.balanced, "seed \(seed) \(old): \(report.tieOut.checks)")
                #expect(report.totals == oldRecord.totals, "seed \(seed): \(old)'s figures moved after its close")
            }
            month = month.next
        }
        // The features under test were used, not only the plain sales.
        #expect(exercised.arrangement > 0, "seed \(seed): \(exercised)")
        #expect(exercised.refunds > 0, "seed \(seed): \(exercised)")
        #expect(exercised.solidarity > 0, "seed \(seed): \(exercised)")
        let open = try t.ledger.monthReport(month)
        #expect(open.tieOut.balanced)
        let verified = try t.ledger.verify()
        #expect(verified.isClean, "seed \(seed): \(verified.problems.prefix(3))")
    }
}
