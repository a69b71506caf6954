import Foundation
import PasjesKassa
import PasjesMoney
import PasjesProtocol
import Testing

@Suite("Wire")
struct KassaWireTests {
    func json(_ bytes: [UInt8]) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }

    @Test func chargeIsEncodedWithKeyTokenAndItems() throws {
        let request = ChargeRequest(idempotencyKey: Fixture.key1, counter: "rest",
                                    items: [SaleItem(product: "KOF", quantity: 2)], tapToken: "tok-1")
        let encoded = try #require(KassaWire.encode(.charge(request), id: 7))
        #expect(encoded.kind == .charge(key: Fixture.key1))
        let object = json(encoded.line)
        #expect(object["method"] as? String == "sale.charge")
        #expect(object["id"] as? Int == 7)
        let params = try #require(object["params"] as? [String: Any])
        #expect(params["idempotencyKey"] as? String == Fixture.key1)
        #expect(params["tapToken"] as? String == "tok-1")
        #expect(params["counter"] as? String == "rest")
        #expect(!encoded.line.contains(UInt8(ascii: "\n")))
    }

    @Test func subscribeAndProductListParams() throws {
        let subscribe = try #require(KassaWire.encode(.subscribe(topics: KassaCommand.kassaTopics, counter: "rest"), id: 1))
        let params = try #require(json(subscribe.line)["params"] as? [String: Any])
        #expect(params["topics"] as? [String] == ["card.tapped", "reader.changed", "sale.completed", "sale.reversed", "sync.changed"])
        #expect(params["counter"] as? String == "rest")
        let products = try #require(KassaWire.encode(.loadProducts(counter: "rest"), id: 2))
        #expect(json(products.line)["method"] as? String == "product.list")
        #expect(KassaWire.encode(.quit, id: 3) == nil)
        #expect(KassaWire.encode(.resetConnection, id: 3) == nil)
    }

    @Test func cardTappedNotificationBecomesATap() {
        let line = #"{"jsonrpc":"2.0","method":"card.tapped","params":{"counter":"rest","reader":"R","uid":"04A1","cardState":"active","clientNumber":"1001","clientName":"Daniëlle","unit":"cents","balance":4120,"reserve":2000,"light":"green","tapToken":"tok","at":"2026-11-24T09:00:00Z"}}"#
        guard case .tap(let tap)? = KassaWire.decode(Array(line.utf8), kindFor: { _ in nil }) else {
            Issue.record("not a tap"); return
        }
        #expect(tap.tapToken == "tok")
        #expect(tap.balance == Amount(4120))
        #expect(tap.light == .green)
    }

    @Test func chargeReplyIsMatchedByID() {
        let line = #"{"jsonrpc":"2.0","id":5,"result":{"saleId":"s1","counter":"rest","clientNumber":"1001","clientName":"Çelik","unit":"cents","total":240,"fromWallet":200,"fromOwn":40,"balance":3880,"reserve":2000,"light":"green","operatorName":"kassa","at":"2026-11-24T09:00:00Z","replayed":false}}"#
        let event = KassaWire.decode(Array(line.utf8)) { $0 == .number(5) ? .charge(key: "k") : nil }
        guard case .reply(.charge(let key, .success(let sale)))? = event else { Issue.record("no charge reply"); return }
        #expect(key == "k")
        #expect(sale.fromOwn == Amount(40))
    }

    @Test func refusalCarriesReason() {
        let line = #"{"jsonrpc":"2.0","id":6,"error":{"code":-32000,"message":"Onvoldoende saldo","data":{"reason":"insufficient_funds"}}}"#
        let event = KassaWire.decode(Array(line.utf8)) { _ in .charge(key: "k") }
        guard case .reply(.charge(_, .failure(let error)))? = event else { Issue.record("no refusal"); return }
        #expect(error.reason == "insufficient_funds")
    }

    @Test func listsAndUnknownLines() {
        let products = #"{"jsonrpc":"2.0","id":1,"result":{"products":[{"code":"KOF","name":"Koffie","price":120,"category":"facilitair","attributable":true,"influenceable":true,"active":true}]}}"#
        guard case .reply(.products(.success(let list)))? = KassaWire.decode(Array(products.utf8), kindFor: { _ in .products }) else {
            Issue.record("no products"); return
        }
        #expect(list.map(\.code) == ["KOF"])
        #expect(KassaWire.decode(Array("not json".utf8), kindFor: { _ in nil }) == nil)
        #expect(KassaWire.decode(Array(#"{"jsonrpc":"2.0","id":99,"result":{}}"#.utf8), kindFor: { _ in nil }) == nil)
    }
}
