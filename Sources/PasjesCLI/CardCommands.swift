import ArgumentParser
import PasjesProtocol

/// `pasjes card link|block|replace|get`
struct CardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card", abstract: "Passen: koppelen, blokkeren, vervangen, opvragen.",
        subcommands: [CardLink.self, CardBlock.self, CardReplace.self, CardGet.self])
}

/// A card UID argument, normalised (`04:A2:2B:...` -> `04A22B...`) and checked before sending.
func normalisedUID(_ text: String, option: String) throws -> String {
    guard let uid = CardUIDText.normalise(text) else {
        throw ValidationError("\(option): '\(text)' is geen geldige pas-UID (4, 7 of 10 bytes hex)")
    }
    return uid
}

/// `pasjes card link 04A224B2C35E80 1001`
struct CardLink: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "link", abstract: "Koppel een pas aan een cliënt.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "UID van de pas (hex; spaties en dubbele punten mogen).") var uid: String
    @Argument(help: "Cliëntnummer.") var clientNumber: String
    @Option(name: .customLong("idempotency-key"), help: "Sleutel voor een herhaalde poging (standaard: nieuw).")
    var idempotencyKey: String?

    func validate() throws { _ = try normalisedUID(uid, option: "UID") }

    func run() throws {
        let params = CardLinkParams(idempotencyKey: IdempotencyKey.make(idempotencyKey),
                                    uid: try normalisedUID(uid, option: "UID"), clientNumber: clientNumber)
        try global.connect().run(.cardLink, params, as: CardInfo.self) { Formatting.card($0) }
    }
}

/// `pasjes card block 04A224B2C35E80 --lost --reason "kwijt in de tuin"`
struct CardBlock: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "block", abstract: "Blokkeer een pas (of meld hem verloren).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "UID van de pas.") var uid: String
    @Flag(help: "Meld de pas als verloren in plaats van geblokkeerd.") var lost = false
    @Option(help: "Waarom (komt in het logboek).") var reason: String?

    func validate() throws { _ = try normalisedUID(uid, option: "UID") }

    func run() throws {
        let params = CardBlockParams(uid: try normalisedUID(uid, option: "UID"), state: lost ? "lost" : "blocked", reason: reason)
        try global.connect().run(.cardBlock, params, as: CardInfo.self) { Formatting.card($0) }
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
        try global.connect().run(.cardReplace, params, as: CardInfo.self) { Formatting.card($0) }
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
            Formatting.cardDetail($0)
        }
    }
}
