import Foundation
import PasjesCore
import PasjesMoney
import Testing

/// A small deterministic generator (SplitMix64): a failing seed can be replayed exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct PropertyTests {
    /// Thousands of random bookings, reversals, allocations and retries; after every step the
    /// checker must find zero-sum, no negative wallet, and cached balances equal to recomputed ones,
    /// and each wallet must equal a model kept from the results alone.
    @Test(arguments: [UInt64(1), 2, 3])
    func randomHistoryKeepsTheInvariants(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        var policy = TestLedger.policy
        policy.saving = [.none, .capped(maximum: Amount(1_500)), .year][Int(seed % 3)]
        let t = try TestLedger(policy: policy)
        try t.seedCatalogue()
        _ = try t.ledger.createCounter(Counter(id: "alles", name: "Alles", categories: ProductCategory.allCases))
        let numbers = ["1", "2", "3", "4"]
        let uids = ["0A000001", "0A000002", "0A000003", "0A000004"]
        var model: [String: Int64] = [:]
        for (index, number) in numbers.enumerated() {
            try t.client(number, uid: uids[index], amount: 3_000, own: index % 2 == 0, cap: 2_000)
            model[number] = 3_000
        }
        let products = ["KOF", "MAALT", "DOUCHE", "SCHILD", "INCO"]
        var sales: [(id: String, client: String, fromWallet: Int64, key: String)] = []
        var reversedKeys: Set<String> = []
        var keys: [(key: String, items: [ChargeItem], uid: String)] = []
        var month = Month(year: 2026, month: 11)
        var outcomes: [String: Int] = [:]

        for step in 0..<700 {
            let roll = Int.random(in: 0..<100, using: &random)
            do {
                if roll < 60 {
                    let client = Int.random(in: 0..<numbers.count, using: &random)
                    let items = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                        ChargeItem(productCode: products.randomElement(using: &random)!, quantity: Int64.random(in: 1...3, using: &random))
                    }
                    let key = "s\(seed)-\(step)"
                    keys.append((key, items, uids[client]))
                    let result = try t.ledger.charge(ChargeRequest(counterID: "alles", payer: .card(uid: uids[client]), items: items),
                                                     operator: TestLedger.cashier, idempotencyKey: key)
                    model[numbers[client], default: 0] -= result.fromWallet.minorUnits
                    sales.append((result.saleID, numbers[client], result.fromWallet.minorUnits, key))
                    outcomes["charge", default: 0] += 1
                } else if roll < 75, let retry = keys.randomElement(using: &random) {
                    // A retry of an earlier request: if that one was booked, this books nothing new;
                    // if it was refused, the key is still free and this is a new attempt.
                    let before = sales.contains { $0.key == retry.key }
                    if let result = try? t.ledger.charge(ChargeRequest(counterID: "alles", payer: .card(uid: retry.uid), items: retry.items),
                                                         operator: TestLedger.cashier, idempotencyKey: retry.key) {
                        #expect(result.replayed == (before || reversedKeys.contains(retry.key)))
                        if !result.replayed {
                            let client = uids.firstIndex(of: retry.uid)!
                            model[numbers[client], default: 0] -= result.fromWallet.minorUnits
                            sales.append((result.saleID, numbers[client], result.fromWallet.minorUnits, retry.key))
                        }
                    }
                    outcomes["retry", default: 0] += 1
                } else if roll < 90, !sales.isEmpty {
                    let index = Int.random(in: 0..<sales.count, using: &random)
                    let sale = sales[index]
                    let result = try t.ledger.reverse(saleID: sale.id, operator: TestLedger.admin, idempotencyKey: "r\(seed)-\(step)")
                    model[sale.client, default: 0] += result.refundedToWallet.minorUnits
                    sales.remove(at: index)
                    reversedKeys.insert(sale.key)
                    outcomes["reverse", default: 0] += 1
                } else if roll < 95 {
                    month = month.month == 12 ? Month(year: month.year + 1, month: 1) : Month(year: month.year, month: month.month + 1)
                    // Only the current month and the next can be allocated: the clock moves into it.
                    t.clock.set(month.start.addingTimeInterval(86_400))
                    for number in numbers {
                        let amount = Int64.random(in: 500...5_000, using: &random)
                        let result = try t.ledger.allocate(clientNumber: number, month: month, amount: Amount(amount),
                                                           operator: TestLedger.admin, idempotencyKey: "a\(seed)-\(step)-\(number)")
                        model[number, default: 0] += amount - result.flowedBack.minorUnits
                    }
                    outcomes["allocate", default: 0] += 1
                } else {
                    // Same key, different content: always a conflict, never a booking.
                    if let earlier = keys.first {
                        #expect(throws: LedgerError.idempotencyConflict) {
                            _ = try t.ledger.charge(ChargeRequest(counterID: "alles", payer: .card(uid: earlier.uid),
                                                                  items: [ChargeItem(productCode: "KOF", quantity: 999)]),
                                                    operator: TestLedger.cashier, idempotencyKey: earlier.key)
                        }
                    }
                }
            } catch let error as LedgerError {
                outcomes[error.code, default: 0] += 1
                #expect(["insufficient_funds", "not_personal_budget"].contains(error.code), "step \(step): \(error)")
            }
            // Every 50 steps and at the end, every table is rebuilt from the journal as well.
            let report = try t.ledger.verify(rebuild: step % 50 == 49)
            #expect(report.isClean, "seed \(seed) step \(step): \(report.problems)")
            if !report.isClean { return }
            for number in numbers {
                let balance = try t.balance(number)
                #expect(balance >= 0)
                #expect(balance == model[number], "seed \(seed) step \(step) client \(number)")
                if balance != model[number] { return }
            }
        }
        // The run must have exercised every path, or it proves little.
        for path in ["charge", "retry", "reverse", "allocate", "insufficient_funds", "not_personal_budget"] {
            #expect(outcomes[path, default: 0] > 0, "\(path) never happened: \(outcomes)")
        }
    }
}
