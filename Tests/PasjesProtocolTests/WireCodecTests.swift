import Foundation
import PasjesMoney
import PasjesProtocol
import Testing

/// The wire types as JSON: what a client sends and reads back, byte for byte where it matters.
@Suite struct WireCodecTests {
    private func roundTrip<T: Codable & Equatable>(_ value: T) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
    }

    @Test func idsAreNumbersOrStringsAndNullIsKept() throws {
        #expect(try JSONDecoder().decode(RPCID.self, from: Data("7".utf8)) == .number(7))
        #expect(try JSONDecoder().decode(RPCID.self, from: Data(#""a-1""#.utf8)) == .string("a-1"))
        let unknown = String(decoding: try JSONEncoder().encode(RPCResponseEnvelope(id: nil, error: .parseError("x"))), as: UTF8.self)
        #expect(unknown.contains(#""id":null"#), "an unknown id is sent as null, not left out")
    }

    /// Amounts never pass through Double: the largest Int64 survives a JSONValue round trip.
    @Test func amountsStayExactThroughJSONValue() throws {
        let big = #"{"price":9223372036854775807,"ratio":0.5}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(big.utf8))
        guard case .object(let fields) = value else { throw CodecError("not an object") }
        #expect(fields["price"] == .integer(Int64.max))
        #expect(fields["ratio"] == .number(0.5))
        #expect(try roundTrip(value) == value)
    }

    @Test func systemInfoWithoutARoleCarriesOnlyWhoYouAre() throws {
        let info = SystemInfo(version: "0.1.0", unit: nil, database: nil, uptimeSeconds: nil, peerUid: 1000,
                              peerUser: "bezoeker", role: "none", readerService: nil, readers: nil)
        let text = String(decoding: try JSONEncoder().encode(info), as: UTF8.self)
        for hidden in ["database", "readers", "unit", "uptime"] { #expect(!text.contains(hidden)) }
        #expect(try roundTrip(info) == info)
    }

    @Test func paramsRoundTrip() throws {
        let charge = SaleChargeParams(idempotencyKey: "k", counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 2)],
                                      tapToken: "t")
        let decoded = try JSONDecoder().decode(SaleChargeParams.self, from: JSONEncoder().encode(charge))
        #expect(decoded.items.first?.quantity == 2 && decoded.tapToken == "t" && decoded.clientNumber == nil)
        let wallet = try JSONDecoder().decode(ClientRef.self, from: Data(#"{"tapToken":"abc"}"#.utf8))
        #expect(wallet.tapToken == "abc" && wallet.number == nil)
    }

    @Test func eventsRoundTripAndCarryNoCarePackage() throws {
        let tap = CardTappedEvent(counter: "restaurant", reader: "r", uid: "04A22B1C", cardState: "active",
                                  clientNumber: "1001", clientName: "Daniëlle", unit: .cents, balance: Amount(21_752),
                                  reserve: Amount(2_175), light: .green, tapToken: "t", at: "2026-11-30T09:00:00Z")
        #expect(try roundTrip(tap) == tap)
        let text = String(decoding: try JSONEncoder().encode(tap), as: UTF8.self)
        for secret in ["zzp", "department", "ownContributionCap"] { #expect(!text.contains(secret)) }
        let dropped = SubscriptionDroppedEvent(reason: "too_slow", message: "Gesloten.", at: "2026-11-30T09:00:00Z")
        #expect(try roundTrip(dropped) == dropped)
    }

    /// Every error the protocol layer makes has a Dutch message and a stable reason and code.
    @Test func protocolErrorsHaveDutchMessagesAndStableReasons() {
        let errors: [(RPCError, String, Int)] = [
            (.parseError("x"), "parse_error", -32700), (.invalidRequest("x"), "invalid_request", -32600),
            (.methodNotFound("x"), "method_not_found", -32601), (.invalidParams("x"), "invalid_params", -32602),
            (.internalError("x"), "internal_error", -32603), (.forbidden("x"), "forbidden", -32001),
            (.unavailable("x"), "unavailable", -32002),
        ]
        for (error, reason, code) in errors {
            #expect(error.reason == reason && error.code == code)
            #expect(!error.message.isEmpty && !error.message.contains("Error"), "\(error.message)")
        }
    }
}

struct CodecError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
