import Foundation
import GRDB
import PasjesCore
import PasjesMoney
import Testing

/// Issue 9, "Input hygiene": what every surface (CLI, CSV, daemon, tests) gets from the ledger.
@Suite struct InputHygieneTests {
    @Test func clientNumbersAndNamesAreTrimmed() throws {
        let t = try TestLedger()
        let client = try t.ledger.createClient(NewClient(number: "  1001 ", name: "\tDaniëlle de Vries  ", zzp: " VV5 "),
                                               idempotencyKey: "k1")
        #expect(client.number == "1001")
        #expect(client.name == "Daniëlle de Vries")
        #expect(try t.ledger.client(number: "1001").name == "Daniëlle de Vries")
        #expect(try t.ledger.client(number: " 1001 ").number == "1001")
        let renamed = try t.ledger.updateClient(number: " 1001", ClientChange(name: "  Daniëlle  "))
        #expect(renamed.name == "Daniëlle")
        // The same request with spaces is the same request: a replay, not a conflict.
        let again = try t.ledger.createClient(NewClient(number: "1001", name: "Daniëlle de Vries", zzp: "VV5"),
                                              idempotencyKey: "k1")
        #expect(again.number == "1001")
    }

    @Test(arguments: ["   ", "\u{A0}", "\t \t"])
    func whitespaceOnlyNamesAreRefusedWithTheRule(name: String) throws {
        let t = try TestLedger()
        _ = try t.ledger.createClient(NewClient(number: "1", name: "A", zzp: "VV5"), idempotencyKey: "k0")
        do {
            _ = try t.ledger.createClient(NewClient(number: "2", name: name, zzp: "VV5"), idempotencyKey: "k1")
            Issue.record("created a client named '\(name)'")
        } catch let error as LedgerError {
            #expect(error.code == "invalid_input")
            #expect(error.message.contains("spaties"))
        }
        #expect(throws: LedgerError.invalidInput) { _ = try t.ledger.updateClient(number: "1", ClientChange(name: name)) }
        #expect(try t.ledger.client(number: "1").name == "A")
    }

    @Test(arguments: ["10 01", "1001/a", "1001_a", "1001.5", "10é1", "１００１", "#1", "1001\u{200B}"])
    func numbersOutsideTheRuleAreRefusedWithTheRule(number: String) throws {
        let t = try TestLedger()
        do {
            _ = try t.ledger.createClient(NewClient(number: number, name: "A", zzp: "VV5"), idempotencyKey: "k")
            Issue.record("created client number '\(number)'")
        } catch let error as LedgerError {
            #expect(error.code == "invalid_input")
            #expect(error.message.contains("alleen letters, cijfers en -"))
        }
        #expect(try t.ledger.clients().isEmpty)
    }

    @Test(arguments: ["1001", "ab-12", "Z9", "2024-0001"])
    func numbersInsideTheRuleAreAccepted(number: String) throws {
        let t = try TestLedger()
        #expect(try t.ledger.createClient(NewClient(number: number, name: "A", zzp: "VV5"), idempotencyKey: "k").number == number)
    }

    @Test func productCodesAreStoredUpperCaseAndMatchedInAnyCase() throws {
        let t = try TestLedger()
        let created = try t.ledger.createProduct(Product(code: " thee ", name: "Thee", price: Amount(100), category: .facilitair,
                                                         attributable: true, influenceable: true))
        #expect(created.code == "THEE")
        #expect(throws: LedgerError.productExists) {
            _ = try t.ledger.createProduct(Product(code: "Thee", name: "Thee 2", price: Amount(100), category: .facilitair,
                                                   attributable: true, influenceable: true))
        }
        let updated = try t.ledger.updateProduct(code: "thee", price: Amount(110))
        #expect(updated.code == "THEE")
        #expect(updated.price == Amount(110))
        #expect(try t.ledger.products().map(\.code) == ["THEE"])
        #expect(try t.ledger.products().first?.price == Amount(110))
    }

    @Test func aChargeFindsAProductInAnyCase() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client()
        let sale = try t.charge([("kof", 1), ("Maalt", 1)])
        #expect(sale.total == Amount(870))
        #expect(try t.balance() == 10_000 - 870)
    }

    /// A code stored in lower case by a ledger from before codes were upper-cased is still found
    /// by a charge; should both spellings exist, the upper-case one wins (the product's query
    /// asks the exact code first, then any case).
    @Test func aLowerCaseCodeFromAnOlderLedgerIsFoundAndTheUpperCaseOneWins() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client()
        var ledger = t.ledger
        // Inserted through a connection of its own, as the older ledger's rows would be there.
        func insert(_ code: String, price: Int) throws {
            try ledger.close()
            let queue = try DatabaseQueue(path: t.path)
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO products (code, name, price, category, attributable, influenceable, active, position)
                    VALUES (?, 'Thee', ?, 'facilitair', 1, 1, 1, 99)
                    """, arguments: [code, price])
            }
            try queue.close()
            let clock = t.clock
            ledger = try Ledger(path: t.path, clock: { clock.now })
        }
        func charge(_ code: String) throws -> Amount {
            try ledger.charge(ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                            items: [ChargeItem(productCode: code, quantity: 1)]),
                              operator: TestLedger.cashier, idempotencyKey: UUID().uuidString).total
        }
        try insert("thee", price: 150)
        #expect(try charge("THEE") == Amount(150))
        #expect(try charge("Thee") == Amount(150))
        try insert("THEE", price: 110)
        #expect(try charge("thee") == Amount(110), "the upper-case spelling wins")
        #expect(try ledger.wallet(clientNumber: "1001").balance == Amount(10_000 - 150 - 150 - 110))
    }

    @Test(arguments: ["@x", "a@", "@", "a@b@c", "a @b.nl", "a@b .nl"])
    func contactAddressesWithoutALocalPartAndADomainAreInvalidInput(email: String) throws {
        let t = try TestLedger()
        try t.client("1001", amount: 0)
        do {
            _ = try t.ledger.addContact(clientNumber: "1001", ClientContact(role: "familie", name: "Piet", email: email),
                                        idempotencyKey: "piet")
            Issue.record("accepted e-mail '\(email)'")
        } catch let error as LedgerError {
            #expect(error.code == "invalid_input", "\(email): \(error)")
        }
        #expect(try t.ledger.addContact(clientNumber: "1001", ClientContact(role: "familie", name: "Piet", email: "p@x"),
                                        idempotencyKey: "ok").email == "p@x")
    }
}

/// One word for a counter on every surface: the ledger's messages say "kassa", as the screens do.
@Test func counterMessagesSayKassa() {
    for error in [LedgerError.categoryNotAllowed, .counterUnknown, .counterExists] {
        #expect(error.message.contains("kassa") && !error.message.contains("balie"))
    }
}
