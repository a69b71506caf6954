import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Issue 19, finding 7: a product named `Koffie \u{202E}9999 €` showed as "Koffie € 9999" on a
/// statement and a client named only U+200B existed. Names are refused at the edge when they
/// hide or reorder text, and every name has a letter or digit one can see.
@Suite struct NameHygieneTests {
    /// Right-to-left override, zero-width space, right-to-left mark, a tag character, the line
    /// and paragraph separators, a byte-order mark.
    static let hidden = ["\u{202E}", "\u{200B}", "\u{200F}", "\u{E0041}", "\u{2028}", "\u{2029}", "\u{FEFF}"]

    /// Every way a name comes in, each with the field the refusal must name.
    private static func nameRequests(_ admin: RPCClient, _ name: String, _ index: Int) -> [(String, () throws -> Void)] {
        [
            ("name", { _ = try admin.callRaw("client.create", ClientCreateParams(
                idempotencyKey: "c\(index)", number: "77\(index)", name: name, zzp: "VV5", location: "", department: "")) }),
            ("name", { _ = try admin.callRaw("client.update", ClientUpdateParams(number: "1001", name: name)) }),
            ("name", { _ = try admin.callRaw("product.create", ProductCreateParams(
                code: "P\(index)", name: name, price: Amount(100), category: .facilitair, attributable: true,
                influenceable: true)) }),
            ("name", { _ = try admin.callRaw("product.update", ProductUpdateParams(code: "KOF", name: name)) }),
            ("name", { _ = try admin.callRaw("activity.create", ActivityCreateParams(
                idempotencyKey: "a\(index)", code: "ACT\(index)", name: name, category: .dagbesteding, price: Amount(0),
                capacity: 5)) }),
            ("name", { _ = try admin.callRaw("counter.create", CounterCreateParams(
                id: "kassa\(index)", name: name, categories: ["facilitair"])) }),
        ]
    }

    private static func refusal(_ attempt: () throws -> Void) -> RPCError? {
        do {
            try attempt()
            return nil
        } catch let error as RPCError {
            return error
        } catch {
            return RPCError.internalError("\(error)")
        }
    }

    @Test func hiddenCharactersInNamesAreRefusedAtTheEdgeWithTheFieldNamed() throws {
        let daemon = try InProcessDaemon()
        defer { daemon.stop() }
        let admin = try daemon.client()
        for (index, bad) in Self.hidden.enumerated() {
            let code = "U+" + String(bad.unicodeScalars.first!.value, radix: 16, uppercase: true)
            for (field, attempt) in Self.nameRequests(admin, "Koffie \(bad)9999 €", index) {
                let error = Self.refusal(attempt)
                #expect(error?.reason == "invalid_params", "\(code) accepted or refused otherwise: \(String(describing: error))")
                #expect(error?.message.contains("Ongeldige tekst in \(field)") == true && error?.message.contains(code) == true,
                        "the Dutch message names the field and the character: \(String(describing: error?.message))")
            }
        }
        let client = try admin.call("client.get", ClientRef(number: "1001"), as: ClientInfo.self)
        #expect(client.name.unicodeScalars.allSatisfy { $0.value < 0x2000 || $0.value > 0x206F })
    }

    @Test(arguments: ["---", "😀", "\u{200D}", "…", "· ·", "🇳🇱"])
    func namesWithoutALetterOrDigitAreRefused(name: String) throws {
        let daemon = try InProcessDaemon()
        defer { daemon.stop() }
        let admin = try daemon.client()
        for (_, attempt) in Self.nameRequests(admin, name, 0) {
            let error = Self.refusal(attempt)
            #expect(error?.reason == "invalid_input", "'\(name)' accepted or refused otherwise: \(String(describing: error))")
            #expect(error?.message.contains("letter of cijfer") == true, "\(String(describing: error?.message))")
        }
    }

    @Test func namesInOtherScriptsAndWithEmojiAreAccepted() throws {
        let daemon = try InProcessDaemon()
        defer { daemon.stop() }
        let admin = try daemon.client()
        for (index, name) in ["𝔄𝔫𝔫𝔞 😀", "김민준", "👩‍👩‍👧 Familie de Vries", "Zoë 3"].enumerated() {
            for (_, attempt) in Self.nameRequests(admin, name, index) {
                #expect(Self.refusal(attempt) == nil, "'\(name)' refused")
            }
        }
    }
}
