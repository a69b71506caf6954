import PasjesCore
import PasjesMoney
import Testing

@Suite struct ChargeRuleTests {
    @Test func chargeDebitsWalletAndReportsSplitAndLight() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 10_000)
        let result = try t.charge([("KOF", 2), ("MAALT", 1)])
        #expect(result.total == Amount(990))
        #expect(result.fromWallet == Amount(990))
        #expect(result.fromOwn == .zero)
        #expect(result.balance == Amount(9_010))
        #expect(result.reserve == Amount(1_000))
        #expect(result.light == .green)
        #expect(result.clientName == "Cliënt 1001")
        #expect(try t.ledger.verify().isClean)
    }

    @Test func otherItemsMayNotTouchTheReserve() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 1_000)  // reserve 100, usable for coffee 900
        #expect(throws: LedgerError.insufficientFunds) { try t.charge([("KOF", 8)]) }  // 960 > 900
        #expect(try t.balance() == 1_000, "a refusal books nothing")
        let result = try t.charge([("MAALT", 1), ("KOF", 1)])  // 870
        #expect(result.balance == Amount(130))
    }

    @Test func balanceExactlyAtReserveIsOrangeAndBuysNothingExtra() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 1_000)
        _ = try t.ledger.createProduct(Product(code: "P900", name: "Negen euro", price: Amount(900), category: .facilitair,
                                               attributable: true, influenceable: true))
        let result = try t.charge([("P900", 1)])
        #expect(result.balance == Amount(100))
        #expect(result.light == .orange, "balance == reserve is orange")
        #expect(throws: LedgerError.insufficientFunds) { try t.charge([("KOF", 1)]) }
    }

    @Test func careMayUseTheWholeWalletReserveIncluded() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 1_000)
        let result = try t.charge([("DOUCHE", 1)], counter: "zorgpost")
        #expect(result.balance == .zero)
        #expect(result.light == .red)
        #expect(throws: LedgerError.insufficientFunds) { try t.charge([("DOUCHE", 1)], counter: "zorgpost") }
    }

    @Test func careIsNeverPaidWithOwnMoney() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 500, own: true, cap: 100_000)
        #expect(throws: LedgerError.insufficientFunds) { try t.charge([("DOUCHE", 1)], counter: "zorgpost") }
        #expect(try t.balance() == 500)
    }

    @Test func ownContributionPaysTheRestUpToTheCapExactly() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 1_000, own: true, cap: 600)  // 900 above reserve
        let first = try t.charge([("MAALT", 2)])  // 1500: 900 wallet + 600 own = cap exactly
        #expect(first.fromWallet == Amount(900))
        #expect(first.fromOwn == Amount(600))
        #expect(first.balance == Amount(100))
        #expect(first.light == .orange)
        #expect(throws: LedgerError.insufficientFunds) { try t.charge([("KOF", 1)]) }  // cap reached
        let wallet = try t.ledger.wallet(clientNumber: "1001")
        #expect(wallet.ownSpentThisMonth == Amount(600))
        #expect(wallet.spentThisMonth == Amount(900))
    }

    @Test func ownContributionRefusedWhenClientDoesNotAllowIt() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 1_000, own: false, cap: 10_000)
        #expect(throws: LedgerError.insufficientFunds) { try t.charge([("MAALT", 2)]) }
    }

    @Test func mixedBasketCareTakesTheReserveFirst() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        _ = try t.ledger.createCounter(Counter(id: "alles", name: "Alles", categories: ProductCategory.allCases))
        try t.client(amount: 2_000)  // reserve 200, above 1800
        // care 1000 takes the 200 reserve + 800 above; 1000 above left for the meal (750).
        let result = try t.charge([("DOUCHE", 1), ("MAALT", 1)], counter: "alles")
        #expect(result.fromWallet == Amount(1_750))
        #expect(result.balance == Amount(250))
    }

    @Test func fundingFunnelRefusesWhatIsNotPersonalBudget() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client()
        #expect(throws: LedgerError.notPersonalBudget) { try t.charge([("INCO", 1)], counter: "zorgpost") }
        #expect(throws: LedgerError.notPersonalBudget) { try t.charge([("HUISK", 1)]) }
        #expect(throws: LedgerError.categoryNotAllowed) { try t.charge([("SCHILD", 1)]) }
        #expect(throws: LedgerError.counterUnknown) { try t.charge([("KOF", 1)], counter: "nergens") }
        #expect(throws: LedgerError.productUnknown) { try t.charge([("XYZ", 1)]) }
        #expect(throws: LedgerError.emptyBasket) { try t.charge([]) }
        #expect(throws: LedgerError.invalidQuantity) { try t.charge([("KOF", 0)]) }
        #expect(throws: LedgerError.invalidQuantity) { try t.charge([("KOF", -1)]) }
        _ = try t.ledger.updateProduct(code: "KOF", active: false)
        #expect(throws: LedgerError.productInactive) { try t.charge([("KOF", 1)]) }
        #expect(try t.ledger.verify().transferCount == 1, "only the allocation was booked")
    }

    @Test func blockedLostAndUnknownCardsNeverPay() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client()
        #expect(throws: LedgerError.cardUnknown) { try t.charge([("KOF", 1)], uid: "0102030405060708090A") }
        _ = try t.ledger.blockCard(uid: "04a22b1c")
        #expect(throws: LedgerError.cardBlocked) { try t.charge([("KOF", 1)]) }
        _ = try t.ledger.blockCard(uid: "04A22B1C", state: .lost)
        #expect(throws: LedgerError.cardLost) { try t.charge([("KOF", 1)]) }
    }

    @Test func inactiveClientCannotPay() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client()
        _ = try t.ledger.updateClient(number: "1001", ClientChange(status: .absent))
        #expect(throws: LedgerError.clientNotActive) { try t.charge([("KOF", 1)]) }
    }

    @Test func overflowAtInt64MaxIsRefusedNotWrapped() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client()
        _ = try t.ledger.createProduct(Product(code: "MAX", name: "Maximaal", price: Amount(Int64.max), category: .facilitair,
                                               attributable: true, influenceable: true))
        #expect(throws: LedgerError.amountOverflow) { try t.charge([("MAX", 2)]) }
        #expect(throws: LedgerError.amountOverflow) { try t.charge([("MAX", 1), ("KOF", 1)]) }
        #expect(throws: LedgerError.insufficientFunds) { try t.charge([("MAX", 1)]) }
        // The funding account near Int64.min: one more allocation would overflow its balance.
        _ = try t.ledger.createClient(NewClient(number: "2000", name: "Rijk", zzp: "VV5"), idempotencyKey: "c-2000")
        _ = try t.ledger.createClient(NewClient(number: "2001", name: "Rijker", zzp: "VV5"), idempotencyKey: "c-2001")
        _ = try t.ledger.allocate(clientNumber: "2000", month: Month(year: 2026, month: 11), amount: Amount(Int64.max - 10_000),
                                  operator: TestLedger.admin, idempotencyKey: "max-1")
        // Funding now stands at -Int64.max: one more unit fits exactly (Int64.min), two do not.
        #expect(throws: LedgerError.amountOverflow) {
            _ = try t.ledger.allocate(clientNumber: "2001", month: Month(year: 2026, month: 11), amount: Amount(2),
                                      operator: TestLedger.admin, idempotencyKey: "max-2")
        }
        #expect(try t.ledger.verify().isClean)
    }
}
