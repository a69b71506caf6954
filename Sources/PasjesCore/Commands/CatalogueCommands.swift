import GRDB
import PasjesMoney

/// `product.create`: a product at the end of the menu.
struct ProductCreate: LedgerCommand {
    static let kind = "product.create"
    var product: Product

    func apply(to ledger: Ledger, in db: Database) throws -> Product {
        try ledger.bookProductCreate(product, in: db)
    }
}

/// `product.update`: a product's name, price or availability.
struct ProductUpdate: LedgerCommand {
    static let kind = "product.update"
    var code: String
    var name: String?
    var price: Amount?
    var active: Bool?

    func apply(to ledger: Ledger, in db: Database) throws -> Product {
        try ledger.bookProductUpdate(self, in: db)
    }
}

/// `counter.create`: a point of sale and the categories it may sell.
struct CounterCreate: LedgerCommand {
    static let kind = "counter.create"
    var counter: Counter

    var journalCounter: String? { counter.id }

    func apply(to ledger: Ledger, in db: Database) throws -> Counter {
        try ledger.bookCounterCreate(counter, in: db)
    }
}

/// `tariffs.set`: the tariff table from the daemon's configuration.
struct TariffsSet: LedgerCommand {
    static let kind = "tariffs.set"
    var table: TariffTable

    func apply(to ledger: Ledger, in db: Database) throws -> Empty {
        try ledger.bookTariffs(table, in: db)
        return Empty()
    }
}
