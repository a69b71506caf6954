import Foundation
import PasjesMoney
import PasjesProtocol
import Synchronization

/// A refusal of pasjesd as the CLI shows it: Dutch throughout, amounts the Dutch way.
///
/// The daemon's `message` is Dutch, its `data.detail` is English for the log (`short 300`).
/// The CLI keeps the daemon as it is and renders the details it knows in Dutch here; a detail it
/// does not know (an id, a key) is shown as the daemon sent it.
enum RefusalText {
    /// The organisation's unit once a command has asked for it; amounts in details need it.
    static let knownUnit = Mutex<AmountUnit?>(nil)

    /// Refusals whose detail holds amounts: the CLI looks up the unit before showing them.
    static let amountReasons: Set<String> = ["insufficient_funds", "allocation_spent", "invalid_amount", "budget_orange",
                                             "solidarity_insufficient"]

    /// `Geweigerd: <Dutch message> (<reason>)`, plus the Dutch detail on its own line when there is one.
    static func text(_ refusal: RPCError) -> String {
        var text = "Geweigerd: \(refusal.message) (\(refusal.reason))"
        if let detail = refusal.data?.detail, !detail.isEmpty {
            text += "\n  \(dutchDetail(detail, unit: knownUnit.withLock { $0 } ?? .cents))"
        }
        return text
    }

    /// An English detail of the ledger or daemon in Dutch, amounts as `€ 3,00`; unknown text as is.
    static func dutchDetail(_ detail: String, unit: AmountUnit) -> String {
        func money(_ text: Substring) -> String {
            Int64(text).map { Amount($0).formatted(unit) } ?? String(text)
        }
        func short(_ need: Substring, _ have: Substring) -> String {
            guard let need = Int64(need), let have = Int64(have) else { return "" }
            let (gap, overflow) = need.subtractingReportingOverflow(have)
            return overflow ? "" : "\(Amount(gap).formatted(unit)) tekort"
        }
        if let match = detail.wholeMatch(of: /care (\d+) > wallet (-?\d+)/) {
            return "\(short(match.1, match.2)): zorg \(money(match.1)), beschikbaar in het budget \(money(match.2))"
        }
        if let match = detail.wholeMatch(of: /own money not allowed, short (\d+)/) {
            return "\(money(match.1)) tekort; eigen bijdrage is voor deze cliënt niet toegestaan"
        }
        if let match = detail.wholeMatch(of: /own contribution cap: need (\d+), room (-?\d+)/) {
            return "\(short(match.1, match.2)): eigen bijdrage nodig \(money(match.1)), "
                + "nog ruimte onder het maandplafond \(money(match.2))"
        }
        if let match = detail.wholeMatch(of: /wallet (-?\d+) < allocation (\d+)/) {
            return "saldo \(money(match.1)) is minder dan het toegekende \(money(match.2)): er is al van besteed"
        }
        if let match = detail.wholeMatch(of: /(\d+) charge\(s\) since .*/) {
            return "\(match.1) aankoop/aankopen sinds deze toekenning"
        }
        if let match = detail.wholeMatch(of: /(\S+) at (\S+)/) {
            return "product \(match.1) bij kassa \(match.2)"
        }
        if let match = detail.wholeMatch(of: /(\S+) has left/) { return "cliënt \(match.1) is uit zorg (beëindigd)" }
        if let match = detail.wholeMatch(of: /(\S+) by (\S+)/) { return "pas \(match.1) is vervangen door \(match.2)" }
        if let match = detail.wholeMatch(of: /key (.+)/) { return "sleutel \(match.1)" }
        if let match = detail.wholeMatch(of: /(\S+) is before the last allocation (\S+)/) {
            return "\(match.1) ligt vóór de laatste toekenning (\(match.2))"
        }
        if let match = detail.wholeMatch(of: /more than (\d+) lines/) { return "meer dan \(match.1) regels" }
        if let match = detail.wholeMatch(of: /(\w+) is empty/) { return "\(field(match.1)) is leeg" }
        if let match = detail.wholeMatch(of: /(\w+) longer than (\d+) characters/) {
            return "\(field(match.1)) is langer dan \(match.2) tekens"
        }
        if let match = detail.wholeMatch(of: /(\w+) contains control characters/) {
            return "\(field(match.1)) bevat stuurtekens"
        }
        if let match = detail.wholeMatch(of: /number '(.*)' has characters outside \[A-Za-z0-9-\]/) {
            return "cliëntnummer '\(match.1)'"
        }
        if let dutch = budgetDetail(detail, money: money) { return dutch }
        switch detail {
        case "price must be > 0": return "de prijs moet groter dan \(Amount.zero.formatted(unit)) zijn"
        case "allocation must be > 0": return "het budget moet groter dan \(Amount.zero.formatted(unit)) zijn"
        case "own contribution cap < 0": return "het plafond eigen bijdrage mag niet negatief zijn"
        default: return detail
        }
    }

    private static func field(_ name: Substring) -> String {
        switch name {
        case "number": "cliëntnummer"
        case "name": "naam"
        case "location": "locatie"
        case "department": "afdeling"
        case "code": "code"
        case "id": "kassa-id"
        default: String(name)
        }
    }
}
