import Foundation
@testable import PasjesCore
import PasjesMoney
import Testing

/// The charge's rules as a plain function: facts in, effects out, no database.
@Suite struct ChargeDecisionTests {
    private let time = (date: TestLedger.midNovember, text: "2026-11-15T11:00:00.000Z")
    private let restaurant = Counter(id: "restaurant", name: "Restaurant", categories: [.facilitair])
    private let coffee = Product(code: "KOF", name: "Koffie", price: Amount(120), category: .facilitair,
                                 attributable: true, influenceable: true)
    private let shower = Product(code: "DOUCHE", name: "Douche", price: Amount(1_000), category: .zorg,
                                 attributable: true, influenceable: true)

    private func facts(balance: Int64, reserve: Int64 = 0, own: Bool = false, cap: Int64 = 0, spent: Int64? = nil,
                       card: CardState = .active, products: [Product]? = nil) -> ChargeFacts {
        let client = Client(number: "1001", name: "Daniëlle", zzp: "VV5", location: "", department: "", status: .active,
                            allowOwnContribution: own, ownContributionCap: Amount(cap))
        let card = Card(uid: "04A22B1C", clientNumber: "1001", state: card, replacedBy: nil, reason: nil, blockedAt: nil)
        let all = products ?? [coffee, shower]
        return ChargeFacts(client: client, card: card, counter: restaurant,
                           products: Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) }),
                           walletBalance: Amount(balance), reserve: Amount(reserve), ownSpent: spent.map(Amount.init))
    }

    private func command(_ items: [(String, Int64)], counter: String = "restaurant") -> SaleCharge {
        SaleCharge(request: ChargeRequest(counterID: counter, payer: .card(uid: "04A22B1C"),
                                          items: items.map { ChargeItem(productCode: $0.0, quantity: $0.1) }),
                   operator: TestLedger.cashier, key: "k")
    }

    @Test func aChargeBooksTransfersBetweenAccountCodes() throws {
        let effects = try ChargeDecision.decide(command([("KOF", 3)]), facts: facts(balance: 1_000), saleID: "s1", at: time)
        #expect(effects.transfers == [TransferRecord(debit: "wallet:1001", credit: "revenue:restaurant", amount: Amount(360),
                                                     kind: .charge, memo: "3× Koffie")])
        #expect(effects.sale.total == Amount(360))
        #expect(effects.sale.month == Month(year: 2026, month: 11))
        #expect(effects.items.map(\.line) == [1])
        #expect(effects.result.balance == Amount(640))
        #expect(effects.result.light == .green)
    }

    @Test func ownMoneyPaysWhatTheWalletAboveTheReserveCannot() throws {
        let effects = try ChargeDecision.decide(command([("KOF", 5)]), facts: facts(balance: 500, reserve: 300, own: true,
                                                                                  cap: 1_000, spent: 500),
                                                saleID: "s1", at: time)
        #expect(effects.transfers.map(\.amount) == [Amount(200), Amount(400)])
        #expect(effects.transfers.map(\.debit) == ["wallet:1001", "own:1001"])
        #expect(throws: LedgerError.insufficientFunds) {
            _ = try ChargeDecision.decide(command([("KOF", 6)]), facts: facts(balance: 500, reserve: 300, own: true,
                                                                            cap: 1_000, spent: 500),
                                          saleID: "s1", at: time)
        }
    }

    /// A blocked card is refused before anything about the basket: the cashier must hear that first.
    @Test func theCardIsRefusedBeforeTheBasket() {
        #expect(throws: LedgerError.cardBlocked) {
            _ = try ChargeDecision.decide(command([("ONBEKEND", 1)]), facts: facts(balance: 1_000, card: .blocked),
                                          saleID: "s1", at: time)
        }
        #expect(throws: LedgerError.productUnknown) {
            _ = try ChargeDecision.decide(command([("ONBEKEND", 1)]), facts: facts(balance: 1_000), saleID: "s1", at: time)
        }
        #expect(throws: LedgerError.categoryNotAllowed) {
            _ = try ChargeDecision.decide(command([("DOUCHE", 1)]), facts: facts(balance: 5_000), saleID: "s1", at: time)
        }
    }

    @Test func theSameFactsAlwaysGiveTheSameEffects() throws {
        let first = try ChargeDecision.decide(command([("KOF", 2)]), facts: facts(balance: 900), saleID: "s9", at: time)
        let second = try ChargeDecision.decide(command([("KOF", 2)]), facts: facts(balance: 900), saleID: "s9", at: time)
        #expect(first.result == second.result)
        #expect(first.transfers == second.transfers)
        #expect(first.sale == second.sale)
    }
}

/// Every refusal the ledger can give is in the vocabulary, so every program has its sentence.
@Suite struct LedgerReasonTests {
    @Test func everyLedgerRefusalHasAVocabularyReason() {
        let month = Month(year: 2026, month: 11)
        let errors: [LedgerError] = [
            .cardBlocked, .cardLost, .cardUnknown, .cardExists, .invalidCardUID, .clientUnknown, .clientExists,
            .clientNotActive, .insufficientFunds, .notPersonalBudget, .categoryNotAllowed, .productUnknown,
            .productExists, .productInactive, .counterUnknown, .counterExists, .emptyBasket, .invalidQuantity,
            .invalidAmount, .invalidInput, .invalidMonth, .alreadyReversed, .saleUnknown, .alreadyAllocated,
            .idempotencyConflict, .amountOverflow, .noTariff, .unitMismatch, .databaseError, .internalError, .storageFull,
            .cardReplaced, .cardOtherClient, .reasonRequired, .allocationUnknown, .allocationSpent,
            .allocationReasonRequired, .invalidClientNumber, .invalidClientName, .cardNotGenuine, .cardNotAuthenticated,
            .cardNotIssuable, .activeCardExists("04A22B1C", client: "1001"),
            .monthOutOfRange(month, current: month), .zzpUnknown("X", known: []), .allocationNotLatest(month, latest: month),
            .monthNotEnded(month), .monthAlreadyClosed(month), .monthClosed(month), .monthPending(month, []),
            .monthNotTiedOut(month, []),
        ]
        for error in errors {
            #expect(Reason.byCode[error.code] != nil, "\(error.code) has no sentence in the vocabulary")
        }
        // Where the code's own sentence is the whole message, it is the vocabulary's word for word.
        #expect(LedgerError.categoryNotAllowed.message == Reason.categoryNotAllowed.message)
    }
}

/// The reversal's rules as a plain function.
@Suite struct ReversalDecisionTests {
    private let time = (date: TestLedger.midNovember, text: "2026-11-15T11:00:00.000Z")

    private func sale(reversed: Bool = false) -> Sale {
        Sale(id: "s1", counterID: "restaurant", clientNumber: "1001", clientName: "Daniëlle", cardUID: "04A22B1C",
             operatorUID: 1001, operatorName: "kassa1", total: Amount(500), fromWallet: Amount(200), fromOwn: Amount(300),
             createdAt: "2026-11-15T10:00:00.000Z", reversed: reversed)
    }

    private let transfers = [
        SaleTransferFact(id: "t1", debit: "wallet:1001", credit: "revenue:restaurant", amount: Amount(200),
                         counterID: "restaurant", cardUID: "04A22B1C", memo: "2× Koffie"),
        SaleTransferFact(id: "t2", debit: "own:1001", credit: "revenue:restaurant", amount: Amount(300),
                         counterID: "restaurant", cardUID: "04A22B1C", memo: "2× Koffie"),
    ]

    private let command = SaleReverse(saleID: "s1", operator: TestLedger.admin, reason: "verkeerd", key: "r")

    @Test func everyTransferIsMirroredAndTheWalletGetsItsPartBack() throws {
        let facts = ReversalFacts(sale: sale(), transfers: transfers, walletBalance: Amount(100), reserve: Amount(150))
        let effects = try ReversalDecision.decide(command, facts: facts, ids: ["r1", "r2"], at: time)
        #expect(effects.transfers.map(\.reverses.id) == ["t1", "t2"])
        #expect(effects.transfers.map(\.id) == ["r1", "r2"])
        #expect(effects.result.reversalID == "r1")
        #expect(effects.result.refundedToWallet == Amount(200))
        #expect(effects.result.refundedToOwn == Amount(300))
        #expect(effects.result.balance == Amount(300))
        #expect(effects.result.light == .green)
        #expect(effects.month == Month(year: 2026, month: 11))
    }

    @Test func aSaleIsReversedAtMostOnceAndOnlyIfItExists() {
        #expect(throws: LedgerError.alreadyReversed) {
            _ = try ReversalDecision.decide(command, facts: ReversalFacts(sale: sale(reversed: true), transfers: transfers,
                                                                          walletBalance: .zero, reserve: .zero),
                                            ids: ["r1", "r2"], at: time)
        }
        #expect(throws: LedgerError.saleUnknown) {
            _ = try ReversalDecision.decide(command, facts: ReversalFacts(sale: nil, transfers: [], walletBalance: .zero,
                                                                          reserve: .zero),
                                            ids: [], at: time)
        }
    }
}
