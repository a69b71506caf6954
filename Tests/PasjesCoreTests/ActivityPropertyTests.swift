import Foundation
import PasjesCore
import PasjesMoney
import Testing

@Suite struct ActivityPropertyTests {
    /// Random bookings, cancellations (both policies), check-ins, coffees and session closes:
    /// after every step no wallet has less than its holds, own money never passes its cap, no
    /// session has more people than places, and in the end `verify` rebuilds it all.
    @Test(arguments: [UInt64(11), 12, 13])
    func randomBookingsNeverBreakABudgetRuleOrACapacity(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        let t = try TestLedger()
        try t.seedCatalogue()
        // Sessions start within the hour: booking (before the start) and check-in (from two hours
        // before) are both possible at the same clock.
        let today = "2026-11-15"
        var sessions: [String] = []
        for (index, price) in [Int64(0), 700, 1_300, 2_900].enumerated() {
            try t.activity("ACT\(index)", price: price, capacity: 1 + index % 3)
            sessions.append(try t.session("ACT\(index)", day: today, time: "12:4\(index)"))
        }
        var numbers: [String] = []
        for index in 0..<6 {
            numbers.append(try t.resident(index, amount: [Int64(1_000), 2_500, 4_000][index % 3], own: index % 2 == 0,
                                          cap: 1_500))
        }
        var refusals = 0
        for _ in 0..<300 {
            let session = sessions[Int(random.next() % UInt64(sessions.count))]
            let who = Int(random.next() % UInt64(numbers.count))
            do {
                switch random.next() % 10 {
                case 0...3: try t.book(session, numbers[who], wait: random.next() % 2 == 0)
                case 4, 5: try t.cancel(session, numbers[who], policy: random.next() % 2 == 0 ? .release : .charge)
                case 6, 7: try t.checkIn(session, uid: TestLedger.uid(who))
                case 8: try t.charge([("KOF", Int64(1 + random.next() % 5))], uid: TestLedger.uid(who))
                default:
                    if random.next() % 8 == 0 {
                        let settled = try t.ledger.closeSession(SessionRequest(sessionID: session), operator: TestLedger.admin,
                                                                idempotencyKey: UUID().uuidString)
                        #expect(settled.state == .closed)
                    }
                }
            } catch is LedgerError {
                refusals += 1
            }
            for number in numbers {
                let wallet = try t.ledger.wallet(clientNumber: number)
                #expect(wallet.balance.minorUnits - wallet.held.minorUnits >= 0, "\(number): balance below its holds")
                #expect(wallet.ownSpentThisMonth.minorUnits + wallet.heldOwn.minorUnits <= wallet.ownContributionCap.minorUnits
                        || wallet.ownContributionCap == .zero && wallet.heldOwn == .zero)
                if wallet.held.minorUnits > 0 {
                    #expect(wallet.balance.minorUnits - wallet.held.minorUnits >= 0)
                }
            }
            for id in sessions {
                let state = try t.ledger.session(id: id)
                #expect(state.booked + state.attended <= state.capacity, "\(id) over capacity")
            }
        }
        #expect(refusals < 300, "some steps must have booked something")
        let report = try t.ledger.verify()
        #expect(report.isClean, "\(report.problems)")
    }
}
