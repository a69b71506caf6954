import PasjesProtocol

/// Cards with why they are in their state: `card get`, `card list`, `card block|unblock`.
extension Formatting {
    /// One card, with its block reason and moment when it has them.
    static func cardRecord(_ card: CardInfo) -> String {
        var fields = Fields()
        fields.add("Pas", card.uid)
        fields.add("Cliëntnummer", card.clientNumber)
        addState(of: card, to: &fields)
        return fields.render()
    }

    /// A card and its holder.
    static func cardWithHolder(_ detail: CardDetail) -> String {
        var fields = Fields()
        fields.add("Pas", detail.card.uid)
        addState(of: detail.card, to: &fields)
        fields.add("Cliënt", "\(detail.client.number) \(detail.client.name)")
        fields.add("Locatie", "\(detail.client.location), \(detail.client.department)")
        fields.add("Status cliënt", clientStatus(detail.client.status))
        return fields.render()
    }

    /// Cards as a table; an empty list says so.
    static func cardTable(_ cards: [CardInfo]) -> String {
        guard !cards.isEmpty else { return "Geen passen gevonden." }
        var table = Table([.init("Pas"), .init("Cliënt"), .init("Status"), .init("Beveiligd"), .init("Sinds"), .init("Reden"),
                           .init("Vervangen door")])
        for card in cards {
            table.add([card.uid, card.clientNumber, cardState(card.state), secured(card), card.blockedAt.map(localTime) ?? "",
                       card.reason ?? "", card.replacedBy ?? ""])
        }
        return table.render() + "\n\(cards.count) pas\(cards.count == 1 ? "" : "sen")"
    }

    /// `ja (v2)` for a card with a key of version 2, `nee` for a card known by its UID alone.
    static func secured(_ card: CardInfo) -> String {
        card.authenticated == true ? "ja\(card.keyVersion.map { " (v\($0))" } ?? "")" : "nee"
    }

    private static func addState(of card: CardInfo, to fields: inout Fields) {
        fields.add("Status", cardState(card.state))
        if card.authenticated != nil { fields.add("Beveiligd", secured(card)) }
        if let blockedAt = card.blockedAt { fields.add("Geblokkeerd sinds", localTime(blockedAt)) }
        if let reason = card.reason { fields.add("Reden", reason) }
        if let replacedBy = card.replacedBy { fields.add("Vervangen door", replacedBy) }
    }
}
