import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Every method of the protocol against a real pasjesd on a fresh database.
@Suite struct MethodTests {
    @Test func everyMethodWorksForAnAdmin() throws {
        let daemon = try InProcessDaemon(demo: false)
        let c = try daemon.client()
        let info = try c.call("system.info", NoParams(), as: SystemInfo.self)
        #expect(info.role == "admin")
        #expect(info.peerUid == 0)
        #expect(info.unit == .cents)

        let counter = try c.call("counter.create", CounterCreateParams(id: "rest", name: "Restaurant",
                                                                       categories: ["facilitair"]), as: CounterInfo.self)
        #expect(counter.categories == ["facilitair"])
        #expect(try c.call("counter.list", NoParams(), as: CounterListResult.self).counters.map(\.id) == ["rest"])
        _ = try c.call("product.create", ProductCreateParams(code: "KOF", name: "Koffie", price: Amount(120), category: .facilitair,
                                                             attributable: true, influenceable: true), as: ProductInfo.self)
        let updated = try c.call("product.update", ProductUpdateParams(code: "KOF", price: Amount(130)), as: ProductInfo.self)
        #expect(updated.price == Amount(130))
        #expect(try c.call("product.list", ProductListParams(counter: "rest"), as: ProductListResult.self).products.count == 1)

        let client = try c.call("client.create", ClientCreateParams(
            idempotencyKey: "c1", number: "1001", name: "Daniëlle de Vries", zzp: "VV5", location: "De Linde",
            department: "Noord"), as: ClientInfo.self)
        #expect(client.name == "Daniëlle de Vries")
        #expect(try c.call("client.get", ClientRef(number: "1001"), as: ClientInfo.self).zzp == "VV5")
        #expect(try c.call("client.list", ClientListParams(), as: ClientListResult.self).clients.count == 1)
        #expect(try c.call("client.update", ClientUpdateParams(number: "1001", department: "Zuid"), as: ClientInfo.self)
            .department == "Zuid")

        _ = try c.call("card.link", CardLinkParams(idempotencyKey: "k1", uid: "04:a2:2b:1c", clientNumber: "1001"), as: CardInfo.self)
        #expect(try c.call("card.get", CardRef(uid: "04A22B1C"), as: CardDetail.self).client.number == "1001")

        let allocation = try c.call("budget.allocate", BudgetAllocateParams(idempotencyKey: "a1", clientNumber: "1001",
                                                                            month: currentMonth(), amount: Amount(5_000)),
                                    as: AllocationInfo.self)
        #expect(allocation.balance == Amount(5_000))
        #expect(allocation.reserve == Amount(500))

        let sale = try c.call("sale.charge", SaleChargeParams(
            idempotencyKey: "s1", counter: "rest", items: [SaleItem(product: "KOF", quantity: 2)],
            clientNumber: "1001", reason: "pas vergeten"), as: SaleResult.self)
        #expect(sale.total == Amount(260))
        #expect(sale.balance == Amount(4_740))
        #expect(sale.operatorName == "root")
        let wallet = try c.call("wallet.get", ClientRef(cardUid: "04A22B1C"), as: WalletInfo.self)
        #expect(wallet.balance == Amount(4_740))
        #expect(wallet.spentThisMonth == Amount(260))
        #expect(wallet.light == .green)

        let reversal = try c.call("sale.reverse", SaleReverseParams(idempotencyKey: "r1", saleId: sale.saleId),
                                  as: PasjesProtocol.ReversalResult.self)
        #expect(reversal.balance == Amount(5_000))
        let history = try c.call("wallet.history", WalletHistoryParams(clientNumber: "1001"), as: HistoryResult.self)
        #expect(history.lines.map(\.kind) == ["reversal", "charge", "allocation"])

        let replaced = try c.call("card.replace", CardReplaceParams(idempotencyKey: "rp", oldUid: "04A22B1C", newUid: "04FFEEDD"),
                                  as: CardInfo.self)
        #expect(replaced.state == .active)
        let blocked = try c.call("card.block", CardBlockParams(uid: "04FFEEDD", state: .lost, reason: "kwijt"), as: CardInfo.self)
        #expect(blocked.state == .lost)

        let verify = try c.call("ledger.verify", NoParams(), as: VerifyResult.self)
        #expect(verify.ok)
        #expect(verify.transfers == 3)
        let subscribed = try c.call("subscribe", SubscribeParams(topics: [.saleCompleted]), as: SubscribeResult.self)
        #expect(subscribed.subscribed == [.saleCompleted])
    }

    @Test func refusalsCarryStableReasonsAndDutchMessages() throws {
        let daemon = try InProcessDaemon()
        let c = try daemon.client()
        let error = #expect(throws: RPCError.self) {
            _ = try c.call("sale.charge", SaleChargeParams(idempotencyKey: "x", counter: "restaurant",
                                                           items: [SaleItem(product: "HUISK", quantity: 1)],
                                                           clientNumber: "1001", reason: "test"), as: SaleResult.self)
        }
        #expect(error?.reason == "not_personal_budget")
        #expect(error?.code == RPCError.Code.refused)
        #expect(error?.message.contains("persoonlijk budget") == true)
        let noReason = #expect(throws: RPCError.self) {
            _ = try c.call("sale.charge", SaleChargeParams(idempotencyKey: "y", counter: "restaurant",
                                                           items: [SaleItem(product: "KOF", quantity: 1)],
                                                           clientNumber: "1001"), as: SaleResult.self)
        }
        #expect(noReason?.reason == "reason_required")
    }

    @Test func salesAreDeliveredToSubscribersOfTheirCounter() throws {
        let daemon = try InProcessDaemon()
        let listener = try daemon.client()
        let other = try daemon.client()
        let heard = EventBox()
        let heardOther = EventBox()
        listener.onNotification = { heard.add($0.method) }
        other.onNotification = { heardOther.add($0.method) }
        _ = try listener.callRaw("subscribe", SubscribeParams(topics: [.saleCompleted, .saleReversed], counter: "restaurant"))
        _ = try other.callRaw("subscribe", SubscribeParams(topics: [.saleCompleted], counter: "dagbesteding"))
        let c = try daemon.client()
        let sale = try c.call("sale.charge", SaleChargeParams(idempotencyKey: "s", counter: "restaurant",
                                                              items: [SaleItem(product: "KOF", quantity: 1)],
                                                              clientNumber: "1001", reason: "test"), as: SaleResult.self)
        _ = try c.callRaw("sale.reverse", SaleReverseParams(idempotencyKey: "r", saleId: sale.saleId))
        // A request on the listener's own connection reads the notifications queued before its answer.
        _ = try listener.callRaw("system.info", NoParams())
        _ = try other.callRaw("system.info", NoParams())
        #expect(heard.all == ["sale.completed", "sale.reversed"])
        #expect(heardOther.all.isEmpty)
    }
}

final class EventBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}

func currentMonth() -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
    let parts = calendar.dateComponents([.year, .month], from: Date())
    return String(format: "%04d-%02d", parts.year!, parts.month!)
}
