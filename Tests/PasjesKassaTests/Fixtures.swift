import Foundation
import PasjesKassa
import PasjesMoney
import PasjesProtocol

/// Shared test data: a restaurant counter with a few products, taps and sale results.
enum Fixture {
    static let counter = "rest"
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    static func product(_ code: String, _ name: String, _ cents: Int64) -> ProductInfo {
        ProductInfo(code: code, name: name, price: Amount(cents), category: .facilitair,
                    attributable: true, influenceable: true, active: true)
    }

    static let coffee = product("KOF", "Koffie", 120)
    static let tea = product("THE", "Thee", 100)
    static let pie = product("APT", "Appeltaart met slagroom", 275)
    static let products = [coffee, tea, pie]

    /// A connected kassa with the menu loaded and keys pinned to a sequence.
    static func connectedState() -> KassaState {
        var state = KassaState(counterID: counter, now: start, keys: .sequence(next: 1))
        _ = reduce(&state, .connection(.up))
        _ = reduce(&state, .reply(.products(.success(products))))
        _ = reduce(&state, .reply(.counters(.success([CounterInfo(id: counter, name: "Restaurant De Linde",
                                                                   categories: ["facilitair"])]))))
        _ = reduce(&state, .reply(.systemInfo(.success(systemInfo(readerPresent: true)))))
        return state
    }

    static func systemInfo(readerPresent: Bool, service: Bool = true) -> SystemInfo {
        SystemInfo(version: "0.1", unit: .cents, database: "/var/lib/pasjes/ledger.sqlite", uptimeSeconds: 5,
                   peerUid: 1000, peerUser: "kassa", role: "cashier", readerService: service,
                   readers: [ReaderInfo(name: "ACS ACR122U 00 00", state: readerPresent ? .present : .absent,
                                        counter: counter)])
    }

    static func tap(token: String? = "tok-1", state: String = "active", reason: String? = nil,
                    message: String? = nil, name: String = "Daniëlle Çelik", counter: String = counter) -> CardTappedEvent {
        CardTappedEvent(counter: counter, reader: "ACS ACR122U 00 00", uid: "04A1B2C3", cardState: state,
                        reason: reason, message: message, clientNumber: "1001", clientName: name, unit: .cents,
                        balance: Amount(4120), reserve: Amount(2000), light: .green,
                        tapToken: state == "active" ? token : nil, tokenExpiresAt: nil, at: "2026-11-24T09:00:00Z")
    }

    static func sale(id: String = "sale-1", total: Int64 = 360, own: Int64 = 0, replayed: Bool = false,
                     counter: String = counter) -> SaleResult {
        SaleResult(saleId: id, counter: counter, clientNumber: "1001", clientName: "Daniëlle Çelik",
                   cardUid: "04A1B2C3", unit: .cents, total: Amount(total), fromWallet: Amount(total - own),
                   fromOwn: Amount(own), balance: Amount(4120 - total), reserve: Amount(2000), light: .green,
                   operatorName: "kassa", at: "2026-11-24T09:00:00Z", replayed: replayed)
    }

    static func refusal(_ reason: String, _ message: String = "Geweigerd door pasjesd") -> RPCError {
        RPCError(code: RPCError.Code.refused, message: message, reason: reason)
    }

    static let key1 = IdempotencyKeySource.sequenceKey(1)
    static let key2 = IdempotencyKeySource.sequenceKey(2)
}

extension KassaState {
    /// Presses each character as a key.
    mutating func press(_ characters: String) {
        for character in characters { _ = reduce(&self, .key(.character(character))) }
    }

    /// Feeds one event and returns the commands.
    mutating func send(_ event: KassaEvent) -> [KassaCommand] { reduce(&self, event) }

    var chargeInFlight: PendingCharge? {
        if case .charging(let pending) = phase { return pending }
        return nil
    }
}
