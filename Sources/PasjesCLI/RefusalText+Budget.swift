import PasjesMoney

extension RefusalText {
    /// Details of the budget, month, activity and absence refusals in Dutch; nil for one it does not know.
    static func budgetDetail(_ detail: String, money: (Substring) -> String) -> String? {
        if let match = detail.wholeMatch(of: /(\S+): available (-?\d+), reserve (-?\d+)/) {
            return "cliënt \(match.1): beschikbaar \(money(match.2)), reserve \(money(match.3))"
        }
        if let match = detail.wholeMatch(of: /(\S+) has not ended/) { return "\(match.1) is nog niet voorbij" }
        if let match = detail.wholeMatch(of: /buffer (-?\d+), asked (\d+)/) {
            return "in de solidariteitspot \(money(match.1)), gevraagd \(money(match.2))"
        }
        if let match = detail.wholeMatch(of: /an absence of more than (\d+) days/) {
            return "een afwezigheid van meer dan \(match.1) dagen"
        }
        if let match = detail.wholeMatch(of: /duration (\d+)–(\d+) minutes/) { return "duur \(match.1)–\(match.2) minuten" }
        if let match = detail.wholeMatch(of: /capacity (.+)/) { return "plaatsen \(match.1)" }
        if let match = detail.wholeMatch(of: /arrangement quantity (\d+)\.\.\.(\d+)/) { return "aantal \(match.1)–\(match.2)" }
        if let match = detail.wholeMatch(of: /(\S+) (\S+) is past/) { return "\(match.1) \(match.2) ligt in het verleden" }
        if let match = detail.wholeMatch(of: /(\S+) ended/) { return "bijeenkomst \(match.1) is voorbij" }
        if let match = detail.wholeMatch(of: /(\w+): ([\w, ]+) or (\w+)/) {
            return "\(words[String(match.1)] ?? String(match.1)): \(match.2) of \(match.3)"
        }
        return sentences[detail]
    }

    /// Field names in details of the vocabulary (`status: active, absent or ended`).
    private static let words = ["status": "status", "state": "toestand", "category": "categorie", "reason": "reden",
                                "per": "per", "role": "rol", "topic": "onderwerp"]

    /// Whole details that are fixed sentences.
    private static let sentences = [
        "a grant must be > 0": "een toekenning moet meer dan nul zijn",
        "through is before from": "de laatste dag ligt vóór de eerste",
        "through is before the arrangement starts": "de laatste dag ligt vóór het begin van de vaste dienst",
        "days are yyyy-MM-dd, from ≤ through": "dagen als JJJJ-MM-DD, de eerste niet na de laatste",
        "days are yyyy-MM-dd": "dagen als JJJJ-MM-DD",
        "day yyyy-MM-dd and time HH:mm": "dag als JJJJ-MM-DD en tijd als UU:MM",
        "until yyyy-MM-dd": "tot en met als JJJJ-MM-DD",
        "price must be ≥ 0": "de prijs mag niet negatief zijn",
        "email: name@domain": "e-mail als naam@domein",
        "a counter sells something": "een kassa verkoopt iets: geef minstens één categorie",
        "blocking needs blocked or lost": "blokkeren kan alleen als geblokkeerd of verloren",
        "solidarity share 0–100 %": "solidariteitsbijdrage 0–100 %",
    ]
}
