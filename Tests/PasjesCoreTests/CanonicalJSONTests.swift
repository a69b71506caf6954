import Foundation
import PasjesCore
import PasjesMoney
import Testing

/// The bytes the journal holds: every entry's hash is over them, so a faster way to write or
/// read a value must produce and accept exactly the same JSON.
@Suite struct CanonicalJSONTests {
    /// A charge's result as the journal stores it (keys sorted, slashes as they are), with
    /// every optional field present.
    static let chargeResult = #"{"balance":8740,"cardUID":"04A22B1C","clientName":"Mevr. de Vries / Noord","#
        + #""clientNumber":"1001","counterID":"restaurant","createdAt":"2026-12-03T10:15:00.123Z","fromOwn":-5,"#
        + #""fromRisk":0,"fromWallet":1260,"light":"orange","offline":true,"operatorName":"kassa","operatorUID":1001,"#
        + #""replayed":false,"reserve":9223372036854775807,"riskReason":"limit","#
        + #""saleID":"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","total":1255}"#

    private func canonical(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func aChargeResultReadsAndWritesTheJournalsBytes() throws {
        let result = try JSONDecoder().decode(ChargeResult.self, from: Data(Self.chargeResult.utf8))
        #expect(result.total == Amount(1255))
        #expect(result.fromOwn == Amount(-5))
        #expect(result.reserve == Amount(Int64.max))
        #expect(result.fromRisk == Amount.zero)
        #expect(result.light == .orange)
        #expect(try canonical(result) == Self.chargeResult)
    }

    @Test func absentOptionalAmountsStayAbsent() throws {
        var result = try JSONDecoder().decode(ChargeResult.self, from: Data(Self.chargeResult.utf8))
        result.fromRisk = nil
        result.riskReason = nil
        result.offline = nil
        result.cardUID = nil
        let text = try canonical(result)
        #expect(!text.contains("fromRisk") && !text.contains("riskReason") && !text.contains("offline"))
        #expect(!text.contains("cardUID") && !text.contains("null"))
        #expect(try JSONDecoder().decode(ChargeResult.self, from: Data(text.utf8)) == result)
    }

    @Test func aWrongAmountOrLightIsADecodingErrorNamingTheField() throws {
        let textAmount = Self.chargeResult.replacingOccurrences(of: #""total":1255"#, with: #""total":"1255""#)
        #expect {
            try JSONDecoder().decode(ChargeResult.self, from: Data(textAmount.utf8))
        } throws: { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["total"]
        }
        let fraction = Self.chargeResult.replacingOccurrences(of: #""total":1255"#, with: #""total":12.55"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ChargeResult.self, from: Data(fraction.utf8)) }
        let light = Self.chargeResult.replacingOccurrences(of: #""light":"orange""#, with: #""light":"paars""#)
        #expect {
            try JSONDecoder().decode(ChargeResult.self, from: Data(light.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["light"]
        }
        var missing = Self.chargeResult
        missing = missing.replacingOccurrences(of: #""balance":8740,"#, with: "")
        #expect {
            try JSONDecoder().decode(ChargeResult.self, from: Data(missing.utf8))
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.stringValue == "balance"
        }
    }
}
