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

    /// `text` with every known English phrase of the parser replaced by its Dutch one.
    static func translate(_ text: String) -> String {
        var result = text
        for (english, dutch) in phrases where result.contains(english) {
            result = result.replacingOccurrences(of: english, with: dutch)
        }
        return result
    }
}
