import Foundation
import PasjesCore
import PasjesMoney
import Testing

/// Tariffs from the daemon config: allocation by ZZP, and ZZP codes checked against them.
@Suite struct TariffTests {
    static let tariffs = TariffTable([
        "VV5": Tariff(dayTariff: Amount(25_063), personalShareBasisPoints: 4_000,
                      contributions: ["receptie": Amount(500), "nachtzorg": Amount(1_200)]),
        "VV6": Tariff(dayTariff: Amount(24_327), personalShareBasisPoints: 3_500),
    ])

    @Test func allocationByZZPUsesTheConfiguredTariff() throws {
        let t = try TestLedger(policy: BudgetPolicy())   // no day tariffs of its own
        _ = try t.ledger.createClient(NewClient(number: "1001", name: "A", zzp: "VV5"), idempotencyKey: "c")
        #expect(throws: LedgerError.noTariff) {
            _ = try t.ledger.allocate(clientNumber: "1001", month: Month(year: 2026, month: 11),
                                      operator: TestLedger.admin, idempotencyKey: "before")
        }
        try t.ledger.setTariffs(TariffTests.tariffs)
        // 250,63 × 30 days × 40 % = 3 007,56 − 5,00 − 12,00 = 2 990,56
        let result = try t.ledger.allocate(clientNumber: "1001", month: Month(year: 2026, month: 11),
                                           operator: TestLedger.admin, idempotencyKey: "a")
        #expect(result.amount == Amount(25_063 * 30 * 4_000 / 10_000 - 1_700))
        #expect(result.amount == Amount(299_056))
        #expect(try t.ledger.tariffs() == TariffTests.tariffs)
        try t.ledger.setTariffs(TariffTable())
        #expect(try t.ledger.tariffs() == nil)
    }

    @Test func anUnknownZZPIsRefusedWhenThereAreTariffs() throws {
        let t = try TestLedger()
        _ = try t.ledger.createClient(NewClient(number: "1", name: "A", zzp: "VV9"), idempotencyKey: "before")
        try t.ledger.setTariffs(TariffTests.tariffs)
        #expect(try t.ledger.clientsWithUnknownZZP().map(\.number) == ["1"])
        let error = #expect(throws: LedgerError(code: "zzp_unknown", message: "")) {
            _ = try t.ledger.createClient(NewClient(number: "2", name: "B", zzp: "VV9"), idempotencyKey: "c2")
        }
        #expect(error?.message == "Onbekend ZZP 'VV9': de tarieven kennen alleen VV5, VV6.")
        _ = try t.ledger.createClient(NewClient(number: "3", name: "C", zzp: "VV6"), idempotencyKey: "c3")
        _ = try t.ledger.createClient(NewClient(number: "4", name: "D", zzp: ""), idempotencyKey: "c4")
        #expect(throws: LedgerError(code: "zzp_unknown", message: "")) {
            _ = try t.ledger.updateClient(number: "3", ClientChange(zzp: "5VV"))
        }
        #expect(try t.ledger.client(number: "3").zzp == "VV6")
        #expect(throws: LedgerError.noTariff) {
            _ = try t.ledger.allocate(clientNumber: "1", month: Month(year: 2026, month: 11),
                                      operator: TestLedger.admin, idempotencyKey: "a1")
        }
    }

    @Test func aTableThatCouldBookNonsenseIsRefused() throws {
        let t = try TestLedger()
        let tooMuch = TariffTable(["VV1": Tariff(dayTariff: Amount(100), personalShareBasisPoints: 1_000,
                                                 contributions: ["receptie": Amount(500)])])
        #expect(throws: LedgerError.invalidInput) { try t.ledger.setTariffs(tooMuch) }
        #expect(throws: LedgerError.invalidInput) {
            try t.ledger.setTariffs(TariffTable(["VV1": Tariff(dayTariff: Amount(100), personalShareBasisPoints: 20_000)]))
        }
        #expect(try t.ledger.tariffs() == nil)
    }
}
