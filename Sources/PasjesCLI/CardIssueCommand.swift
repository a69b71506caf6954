import ArgumentParser
import PasjesProtocol

/// `pasjes card issue 1001 [--reader NAME] [--extra]`
struct CardIssue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue", abstract: "Geef een nieuwe, lege pas uit: zet de sleutel erop en koppel hem aan een cliënt.",
        discussion: """
            Leg een lege NTAG 424 DNA-pas op de uitgiftelezer ([cards] issue_reader, of --reader) en laat hem \
            liggen tot pasjes klaar is. Werd een uitgifte onderbroken, geef dezelfde pas dan gewoon opnieuw uit. \
            Een pas met een oudere sleutelversie krijgt de nieuwste.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Cliëntnummer.") var clientNumber: String
    @Option(help: "De lezer waarop de pas ligt (naam of patroon met *); standaard [cards] issue_reader.") var reader: String?
    @Flag(help: "Koppel de pas als extra pas naast de actieve pas die de cliënt al heeft.") var extra = false
    @Option(name: .customLong("idempotency-key"), help: "Sleutel voor een herhaalde poging (standaard: nieuw).")
    var idempotencyKey: String?

    func run() throws {
        let params = CardIssueParams(idempotencyKey: IdempotencyKey.make(idempotencyKey), clientNumber: clientNumber,
                                     reader: reader, extra: extra ? true : nil)
        try global.connect().run(.cardIssue, params, as: CardIssueResult.self) { result in
            result.message + "\n" + Formatting.cardRecord(result.card)
        }
    }
}
