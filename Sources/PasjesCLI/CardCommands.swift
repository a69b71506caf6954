import ArgumentParser
import Foundation
import PasjesMoney
import PasjesProtocol

/// `pasjes card link|issue|block|unblock|replace|get|list`
struct CardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card", abstract: "Passen: koppelen, uitgeven, blokkeren, deblokkeren, vervangen, opvragen, tonen.",
        subcommands: [CardLink.self, CardIssue.self, CardBlock.self, CardUnblock.self, CardReplace.self, CardGet.self,
                      CardList.self])
}

/// A card UID argument, normalised (`04:A2:2B:...` -> `04A22B...`) and checked before sending.
func normalisedUID(_ text: String, option: String) throws -> String {
    guard let uid = CardUIDText.normalise(text) else {
        throw ValidationError("\(option): '\(text)' is geen geldige pas-UID (4, 7 of 10 bytes hex)")
    }
    return uid
}

/// `pasjes card link 04A224B2C35E80 1001 [--extra]`
struct CardLink: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link", abstract: "Koppel een pas aan een cliënt.",
        discussion: "Heeft de cliënt al een actieve pas, dan weigert pasjesd; een tweede actieve pas koppelt u met --extra.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "UID van de pas (hex; spaties en dubbele punten mogen).") var uid: String
    @Argument(help: "Cliëntnummer.") var clientNumber: String
    @Flag(help: "Koppel een extra pas naast de actieve pas die de cliënt al heeft.") var extra = false
    @Option(name: .customLong("idempotency-key"), help: "Sleutel voor een herhaalde poging (standaard: nieuw).")
    var idempotencyKey: String?

    func validate() throws { _ = try normalisedUID(uid, option: "UID") }

    func run() throws {
        let params = CardLinkParams(idempotencyKey: IdempotencyKey.make(idempotencyKey),
                                    uid: try normalisedUID(uid, option: "UID"), clientNumber: clientNumber,
                                    extra: extra ? true : nil)
        try global.connect().run(.cardLink, params, as: CardInfo.self) { Formatting.cardRecord($0) }
    }
}

/// `pasjes card block 04A224B2C35E80 --lost --reason "kwijt in de tuin"`
struct CardBlock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "block", abstract: "Blokkeer een pas (of meld hem verloren).",
        discussion: "Een geblokkeerde of verloren pas betaalt nooit meer, ook niet voor een beheerder. Terug: pasjes card unblock.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "UID van de pas.") var uid: String
    @Flag(help: "Meld de pas als verloren in plaats van geblokkeerd.") var lost = false
    @Option(name: [.customLong("reason"), .customLong("reden")], help: "Waarom (komt bij de pas en in het logboek).")
    var reason: String?

    func validate() throws { _ = try normalisedUID(uid, option: "UID") }

    func run() throws {
        let params = CardBlockParams(uid: try normalisedUID(uid, option: "UID"), state: lost ? .lost : .blocked, reason: reason)
        try global.connect().run(.cardBlock, params, as: CardInfo.self) { Formatting.cardRecord($0) }
    }
}

/// `pasjes card unblock 04D5E6F7 --reason "teruggevonden in de huiskamer"`
struct CardUnblock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unblock", abstract: "Maak een geblokkeerde of verloren pas weer actief (een reden is verplicht).",
        discussion: """
            Alleen voor een pas die niet vervangen is, en als de cliënt geen andere actieve pas heeft.
            Hetzelfde als card.block met state "active" in het protocol.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "UID van de pas.") var uid: String
    @Option(name: [.customLong("reason"), .customLong("reden")], help: "Waarom de pas weer mag betalen (komt bij de pas).")
    var reason: String

    func validate() throws {
        _ = try normalisedUID(uid, option: "UID")
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("--reason mag niet leeg zijn") }
    }

    func run() throws {
        let params = CardBlockParams(uid: try normalisedUID(uid, option: "UID"), state: .active, reason: reason)
        try global.connect().run(.cardBlock, params, as: CardInfo.self) { Formatting.cardRecord($0) }
    }
}

/// `pasjes card replace 04A224B2C35E80 04B1C2D3E4F501`
struct CardReplace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replace", abstract: "Vervang een pas: de oude wordt geblokkeerd, de nieuwe betaalt uit hetzelfde budget.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "UID van de oude pas.") var oldUid: String
    @Argument(help: "UID van de nieuwe pas.") var newUid: String
    @Option(name: .customLong("idempotency-key"), help: "Sleutel voor een herhaalde poging (standaard: nieuw).")
    var idempotencyKey: String?

    func validate() throws {
        _ = try normalisedUID(oldUid, option: "oude UID")
        _ = try normalisedUID(newUid, option: "nieuwe UID")
    }

    func run() throws {
        let params = CardReplaceParams(idempotencyKey: IdempotencyKey.make(idempotencyKey),
                                       oldUid: try normalisedUID(oldUid, option: "oude UID"),
                                       newUid: try normalisedUID(newUid, option: "nieuwe UID"))
        try global.connect().run(.cardReplace, params, as: CardInfo.self) { Formatting.cardRecord($0) }
    }
}

/// `pasjes card get 04A224B2C35E80`
struct CardGet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Toon een pas en de cliënt erbij.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "UID van de pas.") var uid: String

    func validate() throws { _ = try normalisedUID(uid, option: "UID") }

    func run() throws {
        try global.connect().run(.cardGet, CardRef(uid: try normalisedUID(uid, option: "UID")), as: CardDetail.self) {
            Formatting.cardWithHolder($0)
        }
    }
}

/// `pasjes card list [--client 1001] [--state verloren]`
struct CardList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Toon passen, nieuwste eerst.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Alleen de passen van deze cliënt.") var client: String?
    @Option(help: "Alleen passen met deze status: \(CardStateText.accepted).") var state: String?
    @Flag(help: "Alleen passen zonder sleutel (alleen op UID bekend): de passen die nog vervangen moeten worden.")
    var plain = false

    func validate() throws {
        if let state, CardStateText.parse(state) == nil {
            throw ValidationError("--state: \(CardStateText.accepted), niet '\(state)'")
        }
    }

    func run() throws {
        let params = CardListParams(clientNumber: client, state: state.flatMap(CardStateText.parse), plain: plain ? true : nil)
        try global.connect().run(.cardList, params, as: CardListResult.self) { Formatting.cardTable($0.cards) }
    }
}
