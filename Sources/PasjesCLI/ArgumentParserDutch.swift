import Foundation

/// swift-argument-parser's own English (usage errors, help headings) in Dutch, so `pasjes`
/// speaks one language; our texts pass through unchanged.
///
/// The parser has no localisation hook; its sentences are fixed, so whole phrases are replaced.
/// A phrase the parser adds in a later version stays English until it is listed here.
enum ArgumentParserDutch {
    /// Phrases in the order they are tried: longer before shorter where one contains the other.
    static let phrases: [(english: String, dutch: String)] = [
        ("Error: ", "Fout: "),
        ("Help:  ", "Hulp:  "),
        ("Usage: ", "Gebruik: "),
        ("OVERVIEW: ", "OVERZICHT: "),
        ("USAGE: ", "GEBRUIK: "),
        ("ARGUMENTS:\n", "ARGUMENTEN:\n"),
        ("OPTIONS:\n", "OPTIES:\n"),
        ("SUBCOMMANDS:\n", "SUBCOMMANDO'S:\n"),
        ("Show help information.", "Toon deze hulp."),
        ("Show the version.", "Toon de versie."),
        ("<subcommand>' for detailed help.", "<subcommando>' voor uitgebreide hulp."),
        ("' for more information.", "' voor meer informatie."),
        ("See '", "Zie '"),
        ("<subcommand>", "<subcommando>"),
        ("(default: ", "(standaard: "),
        ("(values: ", "(waarden: "),
        ("Missing expected argument '", "Argument ontbreekt: '"),
        ("Missing value for '", "Waarde ontbreekt voor '"),
        ("Missing one of: '", "Geef een van: '"),
        ("Missing required subcommand.", "Geef een subcommando."),
        ("Unknown option '", "Onbekende optie '"),
        ("'. Did you mean '", "'. Bedoelt u '"),
        ("Unexpected argument '", "Onverwacht argument '"),
        (" unexpected arguments: '", " onverwachte argumenten: '"),
        ("Invalid option: ", "Ongeldige optie: "),
        ("The value '", "De waarde '"),
        ("' is invalid for '", "' is ongeldig voor '"),
        ("' does not take any value, but '", "' neemt geen waarde, maar '"),
        ("' was specified.", "' is opgegeven."),
        ("The option '", "De optie '"),
        ("had already been set with", "was al gezet met"),
        ("Value to be set with", "Waarde voor"),
        (". Please provide one of ", ". Geef een van "),
    ]

    /// The placeholders argument-parser makes from the names of options and arguments that
    /// give no `valueName` of their own (`--counter <counter>`), in Dutch.
    static let placeholders: [(english: String, dutch: String)] = [
        ("idempotency-key", "sleutel"), ("client-number", "cliëntnummer"), ("sale-id", "verkoopnummer"),
        ("new-uid", "nieuwe-uid"), ("old-uid", "oude-uid"), ("card", "pas"), ("client", "cliënt"), ("counter", "kassa"),
        ("item", "code[:aantal]"), ("limit", "aantal"), ("number", "nummer"), ("reader", "lezer"), ("reason", "reden"),
        ("seal", "zegel"), ("session", "bijeenkomst"), ("state", "status"), ("value", "waarde"),
    ]

    /// `<english>` as `<dutch>`; in the options column (two or more spaces after it) the spaces
    /// make up for the change in length, so the descriptions stay in line.
    private static func placeholder(_ text: String, english: String, dutch: String) -> String {
        let shift = english.count - dutch.count
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(line)
            while let range = line.range(of: "<\(english)>") {
                let gap = line[range.upperBound...].prefix { $0 == " " }.count
                let spaces = gap >= 2 ? max(2, gap + shift) : gap
                line.replaceSubrange(range.lowerBound..<line.index(range.upperBound, offsetBy: gap),
                                     with: "<\(dutch)>" + String(repeating: " ", count: spaces))
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// `text` with every known English phrase of the parser replaced by its Dutch one.
    static func translate(_ text: String) -> String {
        var result = text
        for (english, dutch) in phrases where result.contains(english) {
            result = result.replacingOccurrences(of: english, with: dutch)
        }
        for (english, dutch) in placeholders where result.contains("<\(english)>") {
            result = placeholder(result, english: english, dutch: dutch)
        }
        return result
    }
}
