import Foundation
import PasjesMoney

extension Ledger {
    /// The demo organisation's budget rules: euro cents, 10 % reserve, saving capped at € 50.
    public static let demoSetup = Setup(unit: .cents, policy: BudgetPolicy(
        saving: .capped(maximum: Amount(5_000)), reserveBasisPoints: 1_000,
        dayTariffs: ["VV4": Amount(19_842), "VV5": Amount(26_392), "VV6": Amount(25_381), "VV7": Amount(31_470)],
        personalShareBasisPoints: 300, fixedContributionsPerMonth: Amount(2_000),
        defaultOwnContributionCap: Amount(5_000)))

    /// Demo card UIDs, as printed on the demo cards: (uid, client number).
    public static let demoCards: [(uid: String, client: String)] = [
        ("04A22B1C", "1001"), ("04B7C2D9E1F380", "1002"), ("04C3D4E5", "1003"), ("04D5E6F7", "1004"),
    ]

    /// Fills an empty ledger with a small nursing home: counters, products, four residents.
    ///
    /// Idempotent: every booking uses a fixed key, so running it twice changes nothing.
    public func seedDemo(month: Month? = nil) throws {
        if let month { return try seedDemo(in: month) }
        let first = Month(containing: clock())
        do {
            try seedDemo(in: first)
        } catch let error as LedgerError where error.code == LedgerError.invalidMonth.code && Month(containing: clock()) != first {
            // The month turned while seeding (pasjesd --demo started at 23:59:59 on the last day):
            // seed the new month; every booking's key names its month, so nothing is booked twice.
            try seedDemo(in: Month(containing: clock()))
        }
    }

    private func seedDemo(in month: Month) throws {
        let admin = Operator(uid: 0, name: "demo")
        if try counters().isEmpty {
            _ = try createCounter(Counter(id: "restaurant", name: "Restaurant De Linde", categories: [.facilitair, .welzijn]))
            _ = try createCounter(Counter(id: "dagbesteding", name: "Dagbesteding Het Atelier", categories: [.dagbesteding, .welzijn]))
            _ = try createCounter(Counter(id: "zorgpost", name: "Zorgpost", categories: [.zorg]))
            let products: [Product] = [
                Product(code: "KOF", name: "Koffie", price: Amount(120), category: .facilitair, attributable: true, influenceable: true),
                Product(code: "THE", name: "Thee", price: Amount(100), category: .facilitair, attributable: true, influenceable: true),
                Product(code: "TAART", name: "Appeltaart", price: Amount(250), category: .facilitair, attributable: true, influenceable: true),
                Product(code: "SOEP", name: "Soep van de dag", price: Amount(350), category: .facilitair, attributable: true, influenceable: true),
                Product(code: "MAALT", name: "Warme maaltijd", price: Amount(750), category: .facilitair, attributable: true, influenceable: true),
                Product(code: "KRANT", name: "Krant", price: Amount(300), category: .welzijn, attributable: true, influenceable: true),
                Product(code: "SCHILD", name: "Schilderles", price: Amount(500), category: .dagbesteding, attributable: true, influenceable: true),
                Product(code: "FOTO", name: "Fotografiecursus", price: Amount(800), category: .dagbesteding, attributable: true, influenceable: true),
                Product(code: "ZWEM", name: "Zwemmen", price: Amount(400), category: .dagbesteding, attributable: true, influenceable: true),
                Product(code: "DOUCHE", name: "Extra douchebeurt", price: Amount(1_250), category: .zorg, attributable: true, influenceable: true),
                // Funnel "error!": attributable but not influenceable; budgeted by the department.
                Product(code: "INCO", name: "Incontinentiemateriaal", price: Amount(900), category: .zorg, attributable: true, influenceable: false),
                // Group budget: not attributable to one client.
                Product(code: "HUISK", name: "Huiskamerbegeleiding", price: Amount(1_500), category: .welzijn, attributable: false, influenceable: true),
            ]
            for product in products { _ = try createProduct(product) }
        }
        let residents: [NewClient] = [
            NewClient(number: "1001", name: "Daniëlle de Vries", zzp: "VV5", location: "De Linde", department: "Afdeling Noord",
                      allowOwnContribution: true, ownContributionCap: Amount(5_000)),
            NewClient(number: "1002", name: "Mehmet Çelik", zzp: "VV4", location: "De Linde", department: "Afdeling Zuid"),
            NewClient(number: "1003", name: "Jan Jansen", zzp: "VV6", location: "De Linde", department: "Afdeling Noord"),
            NewClient(number: "1004", name: "Anna Bakker", zzp: "VV7", location: "De Linde", department: "Afdeling Zuid"),
        ]
        for resident in residents {
            _ = try createClient(resident, idempotencyKey: "demo-client-\(resident.number)")
        }
        for card in Ledger.demoCards {
            _ = try linkCard(uid: card.uid, clientNumber: card.client, idempotencyKey: "demo-card-\(card.uid)")
        }
        _ = try allocate(clientNumber: "1001", month: month, operator: admin, idempotencyKey: "demo-alloc-1001-\(month)")
        _ = try allocate(clientNumber: "1002", month: month, amount: Amount(4_000), operator: admin,
                         idempotencyKey: "demo-alloc-1002-\(month)")
        _ = try allocate(clientNumber: "1003", month: month, amount: Amount(2_500), operator: admin,
                         idempotencyKey: "demo-alloc-1003-\(month)")
        _ = try allocate(clientNumber: "1004", month: month, operator: admin, idempotencyKey: "demo-alloc-1004-\(month)")
        // Mehmet drank a lot of coffee: what is left is his reserve (orange).
        _ = try charge(ChargeRequest(counterID: "restaurant", payer: .card(uid: "04B7C2D9E1F380"),
                                     items: [ChargeItem(productCode: "MAALT", quantity: 4), ChargeItem(productCode: "KOF", quantity: 5)]),
                       operator: admin, idempotencyKey: "demo-sale-1002-\(month)")
        // Jan's extra showers used his whole wallet (red).
        _ = try charge(ChargeRequest(counterID: "zorgpost", payer: .card(uid: "04C3D4E5"),
                                     items: [ChargeItem(productCode: "DOUCHE", quantity: 2)]),
                       operator: admin, idempotencyKey: "demo-sale-1003-\(month)")
        // Anna lost her card.
        _ = try blockCard(uid: "04D5E6F7", state: .lost, reason: "kwijtgeraakt bij het wandelen")
    }
}
