import GRDB
import PasjesCore
import PasjesMoney
import Testing

/// Issue 9, charges and cards: who may pay, unblocking, listing, a second active card.
@Suite struct CardStateTests {
    func charge(_ t: TestLedger, _ payer: Payer, reason: String? = "pas vergeten", key: String = "k") throws -> ChargeResult {
        try t.ledger.charge(ChargeRequest(counterID: "restaurant", payer: payer, items: [ChargeItem(productCode: "KOF", quantity: 1)],
                                          reason: reason),
                            operator: TestLedger.admin, idempotencyKey: key)
    }

    @Test func aBlockedOrLostCardNamedWithItsClientNeverPays() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 5_000)
        _ = try t.ledger.blockCard(uid: "04A22B1C")
        #expect(throws: LedgerError.cardBlocked) { try charge(t, .clientCard(number: "1001", uid: "04a22b1c")) }
        _ = try t.ledger.blockCard(uid: "04A22B1C", state: .lost)
        #expect(throws: LedgerError.cardLost) { try charge(t, .clientCard(number: "1001", uid: "04A22B1C"), key: "k2") }
        #expect(try t.balance() == 5_000)
    }

    @Test func anotherClientsCardNamedWithAClientIsRefused() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client("1001", uid: "04A22B1C", amount: 5_000)
        try t.client("2001", uid: "04112240", amount: 5_000)
        #expect(throws: LedgerError.cardOtherClient) { try charge(t, .clientCard(number: "2001", uid: "04A22B1C")) }
        #expect(try t.balance("1001") == 5_000)
        #expect(try t.balance("2001") == 5_000)
        // The client's own active card pays, and the sale records it.
        let paid = try charge(t, .clientCard(number: "2001", uid: "04:11:22:40"), key: "k2")
        #expect(paid.clientNumber == "2001")
        #expect(paid.cardUID == "04112240")
        #expect(try t.balance("2001") == 5_000 - 120)
    }

    @Test func theAdminsReasonIsInTheHistoryAndSoIsTheReversals() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 5_000)
        let sale = try charge(t, .client(number: "1001"), reason: "pas vergeten")
        let tapped = try t.charge([("KOF", 1)])
        _ = try t.ledger.reverse(saleID: sale.saleID, operator: TestLedger.admin, reason: "dubbel geboekt", idempotencyKey: "r")
        let lines = try t.ledger.history(clientNumber: "1001")
        let charged = try #require(lines.first { $0.kind == "charge" && $0.saleID == sale.saleID })
        #expect(charged.reason == "pas vergeten")
        let reversal = try #require(lines.first { $0.kind == "reversal" })
        #expect(reversal.saleID == sale.saleID)
        #expect(reversal.reason == "dubbel geboekt")
        #expect(lines.first { $0.saleID == tapped.saleID }?.reason == nil)
        #expect(lines.first { $0.kind == "allocation" }?.reason == nil)
    }

    @Test func aLostCardThatTurnsUpIsUnblockedWithAReason() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 5_000)
        let lost = try t.ledger.blockCard(uid: "04A22B1C", state: .lost, reason: "kwijt in de tuin")
        #expect(lost.reason == "kwijt in de tuin")
        #expect(lost.blockedAt != nil)
        #expect(try t.ledger.card(uid: "04A22B1C").reason == "kwijt in de tuin")
        #expect(throws: LedgerError.reasonRequired) { _ = try t.ledger.unblockCard(uid: "04A22B1C", reason: "  ") }
        let found = try t.ledger.unblockCard(uid: "04A22B1C", reason: "teruggevonden in de huiskamer")
        #expect(found.state == .active)
        #expect(found.reason == "teruggevonden in de huiskamer")
        #expect(found.blockedAt == nil)
        #expect(try t.charge([("KOF", 1)]).balance == Amount(5_000 - 120))
        // Every change of state is kept.
        let changes = try DatabaseQueue(path: t.path).read { db in
            try String.fetchAll(db, sql: "SELECT state FROM card_state_changes WHERE uid = '04A22B1C' ORDER BY seq")
        }
        #expect(changes == ["lost", "active"])
    }

    @Test func aReplacedCardIsNeverUnblocked() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 5_000)
        _ = try t.ledger.blockCard(uid: "04A22B1C", state: .lost, reason: "kwijt")
        _ = try t.ledger.replaceCard(oldUID: "04A22B1C", newUID: "04FFEEDD", idempotencyKey: "r1")
        #expect(throws: LedgerError.cardReplaced) { _ = try t.ledger.unblockCard(uid: "04A22B1C", reason: "gevonden") }
        #expect(try t.ledger.card(uid: "04A22B1C").state == .lost)
        #expect(throws: LedgerError.cardLost) { try t.charge([("KOF", 1)]) }
    }

    @Test func unblockingNextToAnotherActiveCardIsRefused() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 5_000)
        _ = try t.ledger.blockCard(uid: "04A22B1C")
        _ = try t.ledger.linkCard(uid: "04FFEEDD", clientNumber: "1001", idempotencyKey: "l2")
        #expect(throws: LedgerError.activeCardExists("", client: "")) {
            _ = try t.ledger.unblockCard(uid: "04A22B1C", reason: "gevonden")
        }
    }

    @Test func aSecondActiveCardNeedsExtra() throws {
        let t = try TestLedger()
        try t.client(amount: 0)
        do {
            _ = try t.ledger.linkCard(uid: "04FFEEDD", clientNumber: "1001", idempotencyKey: "l2")
            Issue.record("a second active card was linked without extra")
        } catch let error as LedgerError {
            #expect(error.code == LedgerError.activeCardExistsCode)
            #expect(error.message.contains("04A22B1C"), "names the active card: \(error.message)")
        }
        #expect(throws: LedgerError.cardUnknown) { _ = try t.ledger.card(uid: "04FFEEDD") }
        let extra = try t.ledger.linkCard(uid: "04FFEEDD", clientNumber: "1001", extra: true, idempotencyKey: "l3")
        #expect(extra.state == .active)
        #expect(try t.ledger.cards(clientNumber: "1001", state: .active).count == 2)
        // A client whose only card is blocked gets a new one without extra.
        try t.client("1002", uid: "04000001", amount: 0)
        _ = try t.ledger.blockCard(uid: "04000001")
        #expect(try t.ledger.linkCard(uid: "04000002", clientNumber: "1002", idempotencyKey: "l4").state == .active)
    }

    @Test func cardsAreListedByClientAndState() throws {
        let t = try TestLedger()
        try t.client("1001", uid: "04A22B1C", amount: 0)
        try t.client("1002", uid: "04000001", amount: 0)
        try t.client("1003", uid: "04000003", amount: 0)
        _ = try t.ledger.blockCard(uid: "04000001", state: .lost)
        _ = try t.ledger.replaceCard(oldUID: "04000001", newUID: "04000002", idempotencyKey: "r")
        #expect(Set(try t.ledger.cards(clientNumber: nil, state: nil).map(\.uid)) ==
                ["04A22B1C", "04000001", "04000002", "04000003"])
        #expect(Set(try t.ledger.cards(clientNumber: "1002", state: nil).map(\.uid)) == ["04000001", "04000002"])
        #expect(try t.ledger.cards(clientNumber: nil, state: .lost).map(\.uid) == ["04000001"])
        #expect(try t.ledger.cards(clientNumber: "1002", state: .active).map(\.uid) == ["04000002"])
        #expect(try t.ledger.cards(clientNumber: "1001", state: .blocked).isEmpty)
        #expect(throws: LedgerError.clientUnknown) { _ = try t.ledger.cards(clientNumber: "9", state: nil) }
    }
}
