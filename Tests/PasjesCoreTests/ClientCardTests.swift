import PasjesCore
import PasjesMoney
import Testing

@Suite struct ClientCardTests {
    @Test(arguments: ["Daniëlle de Vries", "Mehmet Çelik", "Zoë O'Neill-Ångström", "李小龍", "Jan 🙂"])
    func unicodeNamesRoundTrip(name: String) throws {
        let t = try TestLedger()
        _ = try t.ledger.createClient(NewClient(number: "7", name: name, zzp: "VV5"), idempotencyKey: "k")
        #expect(try t.ledger.client(number: "7").name == name)
        #expect(try t.ledger.clients().map(\.name) == [name])
    }

    @Test func clientNumbersAreUniqueAndInputIsChecked() throws {
        let t = try TestLedger()
        _ = try t.ledger.createClient(NewClient(number: "1", name: "A", zzp: "VV5"), idempotencyKey: "k1")
        #expect(throws: LedgerError.clientExists) {
            _ = try t.ledger.createClient(NewClient(number: "1", name: "B", zzp: "VV5"), idempotencyKey: "k2")
        }
        #expect(throws: LedgerError.invalidInput) {
            _ = try t.ledger.createClient(NewClient(number: "", name: "B", zzp: "VV5"), idempotencyKey: "k3")
        }
        #expect(throws: LedgerError.invalidInput) {
            _ = try t.ledger.createClient(NewClient(number: "2", name: "B\u{0}C", zzp: "VV5"), idempotencyKey: "k4")
        }
        let updated = try t.ledger.updateClient(number: "1", ClientChange(name: "Çelik", status: .ended))
        #expect(updated.name == "Çelik")
        #expect(updated.status == .ended)
        #expect(try t.ledger.clients(status: .active).isEmpty)
    }

    @Test(arguments: [("04a22b1c", "04A22B1C"), ("04:B7:C2:D9:E1:F3:80", "04B7C2D9E1F380"),
                      ("01 02 03 04 05 06 07 08 09 0a", "0102030405060708090A")])
    func uidsAreNormalised(input: String, stored: String) throws {
        #expect(try CardUID.normalise(input) == stored)
    }

    @Test(arguments: ["", "04A22B", "04A22B1C00", "ZZA22B1C", "04A22B1C04A22B1C04A22B1C"])
    func badUIDsAreRefused(input: String) {
        #expect(throws: LedgerError.invalidCardUID) { try CardUID.normalise(input) }
    }

    @Test func replacementKeepsTheWalletAndBlocksTheOldCard() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 5_000)
        try t.charge([("KOF", 1)])
        let new = try t.ledger.replaceCard(oldUID: "04A22B1C", newUID: "04FFEEDD", idempotencyKey: "r1")
        #expect(new.clientNumber == "1001")
        #expect(new.state == .active)
        let old = try t.ledger.card(uid: "04A22B1C")
        #expect(old.state == .blocked)
        #expect(old.replacedBy == "04FFEEDD")
        #expect(throws: LedgerError.cardBlocked) { try t.charge([("KOF", 1)]) }
        let result = try t.charge([("KOF", 1)], uid: "04FFEEDD")
        #expect(result.balance == Amount(5_000 - 240))
        #expect(try t.ledger.cards(clientNumber: "1001").count == 2)
        #expect(throws: LedgerError.cardExists) {
            _ = try t.ledger.linkCard(uid: "04FFEEDD", clientNumber: "1001", idempotencyKey: "again")
        }
    }

    @Test func aReplacedCardCannotBeReplacedAgain() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 5_000)
        _ = try t.ledger.replaceCard(oldUID: "04A22B1C", newUID: "04FFEEDD", idempotencyKey: "r1")
        #expect(throws: LedgerError.cardReplaced) {
            _ = try t.ledger.replaceCard(oldUID: "04A22B1C", newUID: "04123456", idempotencyKey: "r2")
        }
        #expect(throws: LedgerError.cardUnknown) { _ = try t.ledger.card(uid: "04123456") }
        let active = try t.ledger.cards(clientNumber: "1001").filter { $0.state == .active }
        #expect(active.map(\.uid) == ["04FFEEDD"])
        // A retry of the first replacement still answers its first result.
        #expect(try t.ledger.replaceCard(oldUID: "04A22B1C", newUID: "04FFEEDD", idempotencyKey: "r1").uid == "04FFEEDD")
    }

    @Test func aLostCardCanBeReplacedOnceAndStaysLost() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 5_000)
        _ = try t.ledger.blockCard(uid: "04A22B1C", state: .lost)
        let new = try t.ledger.replaceCard(oldUID: "04A22B1C", newUID: "04FFEEDD", idempotencyKey: "r1")
        #expect(new.state == .active)
        #expect(try t.ledger.card(uid: "04A22B1C").state == .lost)
        #expect(throws: LedgerError.cardReplaced) {
            _ = try t.ledger.replaceCard(oldUID: "04A22B1C", newUID: "04123456", idempotencyKey: "r2")
        }
    }

    @Test func textLengthsAreCountedAsTheSchemaCountsThem() throws {
        let t = try TestLedger()
        // 150 characters to Swift, 300 to the schema's length(name) <= 200.
        let decomposed = String(repeating: "e\u{0301}", count: 150)
        #expect(throws: LedgerError.invalidInput) {
            _ = try t.ledger.createClient(NewClient(number: "1", name: decomposed, zzp: "VV5"), idempotencyKey: "k1")
        }
        let precomposed = String(repeating: "é", count: 200)
        #expect(try t.ledger.createClient(NewClient(number: "1", name: precomposed, zzp: "VV5"), idempotencyKey: "k2")
                .name == precomposed)
    }

    @Test func updateChecksWhatCreateChecks() throws {
        let t = try TestLedger()
        _ = try t.ledger.createClient(NewClient(number: "1", name: "A", zzp: "VV5"), idempotencyKey: "k")
        #expect(throws: LedgerError.invalidInput) { _ = try t.ledger.updateClient(number: "1", ClientChange(zzp: "VV\u{1B}5")) }
        #expect(throws: LedgerError.invalidInput) {
            _ = try t.ledger.updateClient(number: "1", ClientChange(location: String(repeating: "x", count: 101)))
        }
        #expect(throws: LedgerError.invalidInput) { _ = try t.ledger.updateClient(number: "1", ClientChange(department: "a\u{85}b")) }
        #expect(try t.ledger.client(number: "1").zzp == "VV5")
    }
}
