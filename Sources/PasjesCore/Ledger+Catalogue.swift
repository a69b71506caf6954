import GRDB
import PasjesMoney

extension Ledger {
    /// Adds a product to the catalogue; it is listed after the existing ones.
    /// The code is stored upper-case ("koffie" becomes KOFFIE) and found in any case later.
    public func createProduct(_ typed: Product) throws -> Product {
        var product = typed
        product.code = Ledger.productCode(typed.code)
        try Ledger.validate(productCode: product.code)
        try Ledger.validate(name: product.name, field: "name", label: "productnaam", maxLength: 100)
        guard product.price.minorUnits > 0 else { throw LedgerError.invalidAmount.with("price must be > 0") }
        return try execute(ProductCreate(product: product))
    }

    func bookProductCreate(_ product: Product, in db: Database) throws -> Product {
        if let existing = try ProductRow.fetchOne(code: product.code, in: db) {
            throw LedgerError.productExists.with(existing.code)
        }
        try db.execute(sql: """
            INSERT INTO products (code, name, price, category, attributable, influenceable, active, position)
            VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM products))
            """, arguments: [product.code, product.name, product.price.minorUnits, product.category.rawValue,
                             product.attributable, product.influenceable, product.active])
        return try fetchProduct(code: product.code, in: db)
    }

    /// Changes a product's name, price or availability. Past sales keep the price they had.
    public func updateProduct(code: String, name: String? = nil, price: Amount? = nil, active: Bool? = nil) throws -> Product {
        if let name { try Ledger.validate(name: name, field: "name", label: "productnaam", maxLength: 100) }
        if let price, price.minorUnits <= 0 { throw LedgerError.invalidAmount.with("price must be > 0") }
        return try execute(ProductUpdate(code: code, name: name, price: price, active: active))
    }

    func bookProductUpdate(_ change: ProductUpdate, in db: Database) throws -> Product {
        var product = try fetchProduct(code: change.code, in: db)
        if let name = change.name { product.name = name }
        if let price = change.price { product.price = price }
        if let active = change.active { product.active = active }
        try db.execute(sql: "UPDATE products SET name = ?, price = ?, active = ? WHERE code = ?",
                       arguments: [product.name, product.price.minorUnits, product.active, product.code])
        return product
    }

    /// Products in menu order; with a counter, only what it may sell and a card may pay:
    /// active, personal budget, and of the counter's categories.
    public func products(counterID: String? = nil) throws -> [Product] {
        try read { db in
            var products = try ProductRow.fetchAll(db.cachedStatement(sql: "SELECT \(ProductRow.columns) FROM products ORDER BY position")).map(\.product)
            if let counterID {
                let counter = try fetchCounter(id: counterID, in: db)
                products = products.filter {
                    $0.active && $0.isPersonalBudget && counter.categories.contains($0.category)
                }
            }
            return products
        }
    }

    /// Adds a counter (point of sale) with the categories it may sell, at its location if given.
    public func createCounter(_ typed: Counter) throws -> Counter {
        var counter = typed
        counter.location = try Ledger.locationCode(typed.location)
        try Ledger.validate(counterID: counter.id)
        try Ledger.validate(name: counter.name, field: "name", label: "kassanaam", maxLength: 100)
        guard !counter.categories.isEmpty else { throw LedgerError.invalidInput.with("a counter sells something") }
        return try execute(CounterCreate(counter: counter))
    }

    func bookCounterCreate(_ counter: Counter, in db: Database) throws -> Counter {
        if try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM counters WHERE id = ?"), arguments: [counter.id]) != nil {
            throw LedgerError.counterExists.with(counter.id)
        }
        try db.execute(sql: "INSERT INTO counters (id, name, categories, location) VALUES (?, ?, ?, ?)",
                       arguments: [counter.id, counter.name, counter.categories.map(\.rawValue).joined(separator: ","),
                                   counter.location])
        try Ledger.insertAccount(code: "revenue:\(counter.id)", kind: "revenue", in: db)
        return counter
    }

    /// All counters by id.
    public func counters() throws -> [Counter] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT id FROM counters ORDER BY id")).map { row in
                try fetchCounter(id: row.decode(forColumn: "id"), in: db)
            }
        }
    }

    /// The product whose code is `code` in any case ("kof", "Kof" and "KOF" are one product).
    func fetchProduct(code: String, in db: Database) throws -> Product {
        guard let row = try ProductRow.fetchOne(code: Ledger.productCode(code), in: db) else {
            throw LedgerError.productUnknown.with(code)
        }
        return row.product
    }

    /// A product code as stored: trimmed and upper-case.
    static func productCode(_ typed: String) -> String {
        typed.trimmingSpaces.uppercased()
    }

    func fetchCounter(id: String, in db: Database) throws -> Counter {
        // By position (the columns in order): a lookup by name costs more than the read, and every charge reads its counter.
        guard let row = try ColumnValues.fetchOne(db.hotStatement(Ledger.counterByID),
                                                  id) else {
            throw LedgerError.counterUnknown.with(id)
        }
        // Decoded with throws: an edited file must not stop pasjesd.
        let text: String? = try row.decode(atIndex: 2)
        // Split on the comma's byte: splitting the `String` walks it by `Character`s, about
        // 8 k instructions for two words, and a category is a plain ASCII word either way (a
        // comma with a combining mark after it leaves a word no category has, refused as before).
        let categories = try (text ?? "").utf8.split(separator: UInt8(ascii: ",")).map { word in
            guard let category = ProductCategory(rawValue: String(Substring(word))) else {
                throw LedgerError.inconsistent("kassa \(id) heeft een onbekende categorie", table: "counters",
                                               key: "id \(id), categories '\(text ?? "")'")
            }
            return category
        }
        guard text != nil, !categories.isEmpty else {
            throw LedgerError.inconsistent("kassa \(id) heeft geen categorieën", table: "counters", key: "id \(id), categories NULL")
        }
        return Counter(id: try row.decode(atIndex: 0), name: try row.decode(atIndex: 1), categories: categories,
                       location: try row.decode(atIndex: 3))
    }
}

/// A `products` row.
struct ProductRow: Decodable, FetchableRecord {
    var code: String
    var name: String
    var price: Int64
    var category: ProductCategory
    var attributable: Bool
    var influenceable: Bool
    var active: Bool

    static let columns = "code, name, price, category, attributable, influenceable, active"

    private enum CodingKeys: String, CodingKey { case code, name, price, category, attributable, influenceable, active }

    /// A price that is missing or not above zero (the schema's CHECK, gone after an edit behind
    /// pasjesd's back) is `ledger_inconsistent`: the charge rules would trap on it.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        price = try Self.checkedPrice(try c.decodeIfPresent(Int64.self, forKey: .price), code: code)
        name = try c.decode(String.self, forKey: .name)
        category = try c.decode(ProductCategory.self, forKey: .category)
        attributable = try c.decode(Bool.self, forKey: .attributable)
        influenceable = try c.decode(Bool.self, forKey: .influenceable)
        active = try c.decode(Bool.self, forKey: .active)
    }

    /// Decoded by position from `row`, whose columns are `columns`; the same checks as `init(from:)`.
    init(row: ColumnValues) throws {
        code = try row.decode(atIndex: 0)
        price = try Self.checkedPrice(try row.decode(atIndex: 2), code: code)
        name = try row.decode(atIndex: 1)
        let categoryText: String = try row.decode(atIndex: 3)
        guard let category = ProductCategory(rawValue: categoryText) else {
            throw LedgerError.inconsistent("product \(code) heeft een onbekende categorie", table: "products",
                                           key: "code \(code), category '\(categoryText)'")
        }
        self.category = category
        attributable = try row.decode(atIndex: 4)
        influenceable = try row.decode(atIndex: 5)
        active = try row.decode(atIndex: 6)
    }

    private static func checkedPrice(_ price: Int64?, code: String) throws -> Int64 {
        guard let price, price > 0 else {
            throw LedgerError.inconsistent("product \(code) heeft geen geldige prijs", table: "products", key: "code \(code)")
        }
        return price
    }

    /// The product stored under the upper-cased `code`, if any (`byCode`, read by position: it
    /// is read for every line of every charge).
    static func fetchOne(code: String, in db: Database) throws -> ProductRow? {
        try ColumnValues.fetchOne(db.hotStatement(byCodeStatement), code).map(ProductRow.init(row:))
    }

    /// One product by its upper-cased code. `upper(code)` also finds a lower-case code stored
    /// before codes were upper-cased; the upper-case spelling wins should both exist.
    ///
    /// Two arms of a UNION ALL rather than `OR … ORDER BY`: SQLite runs the arms in order and
    /// stops at the LIMIT, so the usual lookup is one index seek, and sorting the match (a
    /// temporary b-tree per charge, the dearest part of the statement) is not needed.
    static let byCode = """
        SELECT \(columns) FROM products WHERE code = ?1
        UNION ALL
        SELECT \(columns) FROM products WHERE upper(code) = ?1 AND code <> ?1
        LIMIT 1
        """

    var product: Product {
        Product(code: code, name: name, price: Amount(price), category: category,
                attributable: attributable, influenceable: influenceable, active: active)
    }
}

extension Ledger {
    static let counterByID = HotSQL("SELECT id, name, categories, location FROM counters WHERE id = ?")
}

extension ProductRow {
    static let byCodeStatement = HotSQL(byCode)
}
