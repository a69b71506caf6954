import ArgumentParser
import PasjesProtocol

/// `pasjes product create|update|list`
struct ProductCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "product", abstract: "Producten: aanmaken, wijzigen, lijst.",
        subcommands: [ProductCreate.self, ProductUpdate.self, ProductList.self])
}

// From the vocabulary, so validate() and run() can never disagree about what is a category.
private let categories = ProductCategory.allCases.map(\.rawValue)

private let codeHelp = ArgumentHelp("Productcode (hoofdletters of kleine letters: koffie is KOFFIE).", valueName: "code")

/// `pasjes product create koffie --name Koffie --price 1,20 --category facilitair --attributable --influenceable`
struct ProductCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Maak een product aan.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: codeHelp) var code: String
    @Option(help: ArgumentHelp("Naam op het scherm en de bon.", valueName: "naam")) var name: String
    // Unconditional: "--price -1,00" must reach the amount parser and hear that amounts are positive.
    @Option(parsing: .unconditional, help: ArgumentHelp("Prijs, bijvoorbeeld 1,20.", valueName: "prijs")) var price: String
    @Option(help: ArgumentHelp("Categorie: zorg, dagbesteding, facilitair of welzijn.", valueName: "categorie"))
    var category: String
    @Flag(inversion: .prefixedNo, help: "Toerekenbaar aan de cliënt.") var attributable: Bool
    @Flag(inversion: .prefixedNo, help: "Beïnvloedbaar door de cliënt.") var influenceable: Bool

    func validate() throws {
        try AmountText.refuseNegative(price, option: "--price")
        guard categories.contains(category) else {
            throw ValidationError("--category: \(categories.joined(separator: ", ")), niet '\(category)'")
        }
    }

    func run() throws {
        let daemon = try global.connect()
        let unit = try daemon.unit()
        let params = ProductCreateParams(code: code, name: name, price: try daemon.amount(price, option: "--price"),
                                         category: ProductCategory(rawValue: category)!, attributable: attributable, influenceable: influenceable)
        try daemon.run(.productCreate, params, as: ProductInfo.self) { Formatting.product($0, unit: unit) }
    }
}

/// `pasjes product update koffie --price 1,30`
struct ProductUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Wijzig naam, prijs of actief.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: codeHelp) var code: String
    @Option(help: ArgumentHelp("Nieuwe naam.", valueName: "naam")) var name: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Nieuwe prijs.", valueName: "prijs")) var price: String?
    @Flag(name: [.customLong("active")], help: "Weer te koop.") var active = false
    @Flag(name: [.customLong("inactive")], help: "Niet meer te koop.") var inactive = false

    func validate() throws {
        try AmountText.refuseNegative(price, option: "--price")
        if active && inactive { throw ValidationError("--active en --inactive gaan niet samen") }
        if name == nil && price == nil && !active && !inactive {
            throw ValidationError("Geef minstens één veld om te wijzigen.")
        }
    }

    func run() throws {
        let daemon = try global.connect()
        let unit = try daemon.unit()
        let params = ProductUpdateParams(code: code, name: name,
                                         price: try price.map { try daemon.amount($0, option: "--price") },
                                         active: active ? true : (inactive ? false : nil))
        try daemon.run(.productUpdate, params, as: ProductInfo.self) { Formatting.product($0, unit: unit) }
    }
}

/// `pasjes product list --counter restaurant`
struct ProductList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Toon producten als tabel.")

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Alleen wat deze kassa mag verkopen, in menuvolgorde.", valueName: "kassa"))
    var counter: String?

    func run() throws {
        let daemon = try global.connect()
        let unit = try daemon.unit()
        try daemon.run(.productList, ProductListParams(counter: counter), as: ProductListResult.self) {
            Formatting.productTable($0.products, unit: unit)
        }
    }
}

/// `pasjes counter create|list|location`
struct CounterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counter", abstract: "Kassa's: aanmaken, lijst, locatie.",
        subcommands: [CounterCreate.self, CounterList.self, CounterLocation.self])
}

/// `pasjes counter create restaurant --name "Restaurant De Linde" --category facilitair --category welzijn --location EHV-NOORD`
struct CounterCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Maak een kassa aan.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Kassa-id.", valueName: "kassa")) var id: String
    @Option(help: ArgumentHelp("Naam.", valueName: "naam")) var name: String
    @Option(name: .customLong("category"), help: ArgumentHelp("Categorie die deze kassa verkoopt (herhaal voor meer).",
                                                              valueName: "categorie"))
    var categoryList: [String] = []
    @Option(help: ArgumentHelp("Locatie waar de kassa staat, bijvoorbeeld EHV-NOORD.", valueName: "locatie"))
    var location: String?

    func validate() throws {
        if categoryList.isEmpty { throw ValidationError("Geef minstens één --category") }
        for category in categoryList where !categories.contains(category) {
            throw ValidationError("--category: \(categories.joined(separator: ", ")), niet '\(category)'")
        }
    }

    func run() throws {
        try global.connect().run(.counterCreate, CounterCreateParams(id: id, name: name, categories: categoryList,
                                                                         location: location),
                                 as: CounterInfo.self) { Formatting.counterTable([$0]) }
    }
}

/// `pasjes counter list`
struct CounterList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Toon de kassa's.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try global.connect().run(.counterList, NoParams(), as: CounterListResult.self) { Formatting.counterTable($0.counters) }
    }
}
