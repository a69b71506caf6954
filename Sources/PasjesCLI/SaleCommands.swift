import ArgumentParser
import PasjesProtocol
import Foundation

/// `pasjes sale charge|reverse|risks|settle-risk`
struct SaleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sale", abstract: "Verkopen: afrekenen zonder pas (met reden), terugboeken.",
        subcommands: [SaleCharge.self, SaleReverse.self, SaleRisksCommand.self, SaleSettleRiskCommand.self])
}

/// Basket items as typed: `koffie` or `koffie:2`.
public enum SaleItemText {
    /// The item `text` names, or nil when the quantity is not 1...`ProtocolLimits.maxItemQuantity`.
    public static func parse(_ text: String) -> SaleItem? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty else { return nil }
        var quantity: Int64 = 1
        if parts.count == 2 {
            guard let given = Int64(parts[1]), (1...ProtocolLimits.maxItemQuantity).contains(given) else { return nil }
            quantity = given
        }
        return SaleItem(product: String(parts[0]), quantity: quantity)
    }
}

/// `pasjes sale charge 1001 --counter restaurant --item koffie:2 --reason "pas vergeten"`
struct SaleCharge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charge", abstract: "Reken af op cliëntnummer (beheerders; een reden is verplicht).",
        discussion: "Een geblokkeerde of verloren pas betaalt nooit; het verkoopnummer staat in 'pasjes wallet history'.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Cliëntnummer.") var clientNumber: String
    @Option(help: "Kassa-id.") var counter: String
    @Option(name: .customLong("item"), help: "Product, als CODE of CODE:AANTAL (herhaal voor meer).")
    var items: [String] = []
    @Option(name: [.customLong("reason"), .customLong("reden")],
            help: "Waarom zonder pas (komt bij de verkoop, in het verloop en in het logboek).")
    var reason: String
    @Option(help: "UID van de pas: er wordt alleen afgerekend als dit de actieve pas van deze cliënt is.")
    var card: String?
    @Option(name: .customLong("idempotency-key"), help: "Sleutel voor een herhaalde poging (standaard: nieuw).")
    var idempotencyKey: String?

    func validate() throws {
        if items.isEmpty { throw ValidationError("Geef minstens één --item") }
        if items.count > ProtocolLimits.maxBasketItems {
            throw ValidationError("Hoogstens \(ProtocolLimits.maxBasketItems) producten per verkoop")
        }
        for item in items where SaleItemText.parse(item) == nil {
            throw ValidationError("--item: CODE of CODE:AANTAL (1–\(ProtocolLimits.maxItemQuantity)), niet '\(item)'")
        }
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason mag niet leeg zijn") }
        if let card { _ = try normalisedUID(card, option: "--card") }
    }

    func run() throws {
        let params = SaleChargeParams(
            idempotencyKey: IdempotencyKey.make(idempotencyKey), counter: counter,
            items: items.compactMap(SaleItemText.parse), clientNumber: clientNumber,
            cardUid: try card.map { try normalisedUID($0, option: "--card") }, reason: reason)
        try global.connect().run(.saleCharge, params, as: SaleResult.self) { Formatting.sale($0) }
    }
}

/// `pasjes sale reverse 0190d6c8-... --reason "verkeerd product"`
struct SaleReverse: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reverse", abstract: "Boek een verkoop terug (één keer).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Id van de verkoop.") var saleId: String
    @Option(help: "Waarom.") var reason: String?
    @Option(name: .customLong("idempotency-key"), help: "Sleutel voor een herhaalde poging (standaard: nieuw).")
    var idempotencyKey: String?

    func run() throws {
        let params = SaleReverseParams(idempotencyKey: IdempotencyKey.make(idempotencyKey), saleId: saleId, reason: reason)
        try global.connect().run(.saleReverse, params, as: ReversalResult.self) { Formatting.reversal($0) }
    }
}
