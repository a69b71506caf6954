import Foundation
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Issue 9 over the protocol: charges naming a client and a card, unblocking, card.list, extra cards.
@Suite struct CardMethodTests {
    func reason(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as RPCError {
            return error.data?.reason
        } catch {
            return "\(error)"
        }
    }

    func charge(_ number: String, card: String, key: String = UUID().uuidString) -> SaleChargeParams {
        SaleChargeParams(idempotencyKey: key, counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)],
                         clientNumber: number, cardUid: card, reason: "pas vergeten")
    }

    @Test func aChargeNamingClientAndCardBooksOnlyOnThatClientsActiveCard() throws {
        let daemon = try InProcessDaemon(demo: true)
        defer { daemon.stop() }
        let c = try daemon.client()
        #expect(reason { _ = try c.call("sale.charge", charge("1004", card: "04D5E6F7"), as: SaleResult.self) } == "card_lost")
        #expect(reason { _ = try c.call("sale.charge", charge("1001", card: "04C3D4E5"), as: SaleResult.self) } == "card_other_client")
        let paid = try c.call("sale.charge", charge("1001", card: "04a22b1c"), as: SaleResult.self)
        #expect(paid.clientNumber == "1001")
        #expect(paid.cardUid == "04A22B1C")
    }

    @Test func cardBlockWithStateActiveUnblocksWithAReason() throws {
        let daemon = try InProcessDaemon(demo: true)
        defer { daemon.stop() }
        let c = try daemon.client()
        #expect(reason { _ = try c.call("card.block", CardBlockParams(uid: "04D5E6F7", state: .active), as: CardInfo.self) }
                == "reason_required")
        #expect(reason { _ = try c.call("card.block", WordParams(uid: "04D5E6F7", state: "kapot"), as: CardInfo.self) }
                == "invalid_params")
        let found = try c.call("card.block", CardBlockParams(uid: "04D5E6F7", state: .active, reason: "gevonden"), as: CardInfo.self)
        #expect(found.state == .active)
        #expect(found.reason == "gevonden")
        #expect(found.blockedAt == nil)
        let blocked = try c.call("card.block", CardBlockParams(uid: "04D5E6F7", reason: "kapot"), as: CardInfo.self)
        #expect(blocked.state == .blocked)
        #expect(blocked.reason == "kapot")
        #expect(blocked.blockedAt != nil)
        #expect(try c.call("card.get", CardRef(uid: "04D5E6F7"), as: CardDetail.self).card.reason == "kapot")
    }

    @Test func cardListFiltersAndLinkNeedsExtra() throws {
        let daemon = try InProcessDaemon(demo: true)
        defer { daemon.stop() }
        let c = try daemon.client()
        #expect(try c.call("card.list", CardListParams(), as: CardListResult.self).cards.count == 4)
        #expect(try c.call("card.list", CardListParams(state: .lost), as: CardListResult.self).cards.map(\.uid) == ["04D5E6F7"])
        #expect(try c.call("card.list", CardListParams(clientNumber: "1002"), as: CardListResult.self).cards.map(\.uid)
                == ["04B7C2D9E1F380"])
        #expect(reason { _ = try c.call("card.list", WordParams(state: "verloren"), as: CardListResult.self) } == "invalid_params")
        #expect(reason { _ = try c.call("card.list", CardListParams(clientNumber: "9999"), as: CardListResult.self) } == "client_unknown")

        #expect(reason {
            _ = try c.call("card.link", CardLinkParams(idempotencyKey: "l1", uid: "04AABBCC", clientNumber: "1001"), as: CardInfo.self)
        } == "active_card_exists")
        let extra = try c.call("card.link", CardLinkParams(idempotencyKey: "l2", uid: "04AABBCC", clientNumber: "1001", extra: true),
                               as: CardInfo.self)
        #expect(extra.state == .active)
        #expect(try c.call("card.list", CardListParams(clientNumber: "1001", state: .active), as: CardListResult.self).cards.count == 2)
    }
}

/// Params with a word outside the vocabulary, which the typed params cannot carry.
private struct WordParams: Encodable {
    var uid: String?
    var state: String
}
