import Foundation
@testable import PasjesDaemon
import PasjesProtocol
import Testing

/// `ParamsDecoder` reads params from the parsed tree instead of encoding and parsing them again:
/// it must accept, refuse and name the field exactly as `JSONDecoder` did, for every route.
@Suite struct ParamsDecoderTests {
    /// What a decode came to: "ok", or the kind of error and the path it names.
    private static func outcome<P: Decodable>(_ type: P.Type, _ decode: () throws -> P) -> String {
        do {
            _ = try decode()
            return "ok"
        } catch let error as DecodingError {
            func path(_ context: DecodingError.Context) -> String {
                context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            }
            switch error {
            case .keyNotFound(let key, let context): return "keyNotFound \(key.stringValue) at \(path(context))"
            case .typeMismatch(_, let context): return "typeMismatch at \(path(context))"
            case .valueNotFound(_, let context): return "valueNotFound at \(path(context))"
            case .dataCorrupted(let context): return "dataCorrupted at \(path(context))"
            @unknown default: return "unknown"
            }
        } catch {
            return "other \(error)"
        }
    }

    private static func both<P: Decodable>(_ type: P.Type, _ json: JSONValue) throws -> (tree: String, parsed: String) {
        let data = try JSONEncoder().encode(json)
        return (outcome(P.self) { try ParamsDecoder.decode(P.self, from: json) },
                outcome(P.self) { try JSONDecoder().decode(P.self, from: data) })
    }

    private static let samples: [String] = [
        #"{}"#, #"[]"#, #"{"idempotencyKey":5}"#, #"{"idempotencyKey":null}"#, #"{"number":" 1001 "}"#,
        #"{"number":true}"#, #"{"counter":"restaurant","items":[{"product":"KOF","quantity":1}],"idempotencyKey":"k"}"#,
        #"{"counter":"restaurant","items":[{"product":"KOF","quantity":"1"}],"idempotencyKey":"k"}"#,
        #"{"counter":"restaurant","items":[{"product":"KOF"}],"idempotencyKey":"k"}"#,
        #"{"counter":"restaurant","items":{},"idempotencyKey":"k"}"#,
        #"{"clientNumber":"1001","month":"2026-13","amount":100,"idempotencyKey":"k"}"#,
        #"{"clientNumber":"1001","month":"2026-12","amount":-1,"idempotencyKey":"k"}"#,
        #"{"topics":["sale.completed"],"counter":"restaurant"}"#, #"{"topics":["nope"]}"#,
        #"{"limit":5,"offset":0}"#, #"{"limit":99999999999}"#, #"{"role":"admin"}"#,
    ]

    @Test func everyRouteDecodesAsJSONDecoderDid() throws {
        for sample in Self.samples {
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(sample.utf8))
            for route in Dispatcher.routes.values {
                let (tree, parsed) = try Self.both(route.params, json)
                #expect(tree == parsed, "\(route.method.rawValue) \(sample)")
            }
        }
    }

    @Test func decodedValuesAreTheSame() throws {
        let sample = #"{"idempotencyKey":"k","counter":"restaurant","items":[{"product":"KOF","quantity":2},{"product":"THE","quantity":1}],"clientNumber":"1001","reason":"x"}"#
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(sample.utf8))
        let tree = try ParamsDecoder.decode(SaleChargeParams.self, from: json)
        let parsed = try JSONDecoder().decode(SaleChargeParams.self, from: Data(sample.utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(tree) == encoder.encode(parsed))
        #expect(tree.tapToken == nil && tree.items.count == 2)
    }
}
