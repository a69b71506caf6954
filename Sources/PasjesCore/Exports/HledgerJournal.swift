import Crypto
import PasjesMoney

/// A month as an hledger journal that `hledger check -s` accepts: declared accounts and
/// commodity, decimal comma, opening balances, then one transaction per transfer.
///
/// Signs follow pasjes, not the debit-positive habit: each transfer posts its amount to the
/// credit account and minus it to the debit account, so `hledger balance` shows every account
/// as the report does (a wallet with money is positive).
enum HledgerJournal {
    static func render(_ facts: MonthFacts) throws -> String {
        try render(title: "maand \(facts.month)", opening: facts, months: [facts.month]) { _, body in
            for t in facts.transfers { try body(t) }
        }
    }

    /// The month's (or a year's) journal with the transfers fed one at a time by `transfers`
    /// (month, then a callback per transfer): the file is the only thing that grows.
    static func render(title: String, opening facts: MonthFacts, months: [Month],
                       transfers: (Month, (TransferFact) throws -> Void) throws -> Void) throws -> String {
        var out = header(title: title, facts)
        var days = LocalDay.Cache()
        for month in months {
            try transfers(month) { t in
                let day = days.day(t.createdAt).clamped(to: month)
                let memo = t.memo.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: ";", with: ",")
                out += "\n\(day.iso) * \(memo)  ; id:\(t.id), soort:\(t.kind), tijd:\(t.createdAt)\n"
                out += posting(t.credit, t.amount, facts)
                out += posting(t.debit, -t.amount, facts)
            }
        }
        return out
    }

    /// Declarations and the opening balances. Each transfer is then dated on its booking day,
    /// clamped into the month it is for: a close books in the next month what belongs to the
    /// closed one, and hledger's periods must agree with the report's.
    private static func header(title: String, _ facts: MonthFacts) -> String {
        var out = "; pasjes, \(title): beginsaldi en elke boeking\n"
        out += "decimal-mark ,\n"
        out += "commodity \(format(100_000, facts.unit))\n\n"
        for account in facts.accounts { out += "account \(name(account.code, locations: facts.counterLocations))\n" }
        let opening = facts.accounts.filter { $0.before != 0 }
        if !opening.isEmpty {
            out += "\n\(facts.month)-01 * beginsaldi \(facts.month)\n"
            for account in opening { out += posting(account.code, account.before, facts) }
        }
        return out
    }

    /// `portemonnee:1001` for `wallet:1001`: Dutch names, and the id as one segment (`segment`).
    /// A counter's revenue goes under the location it stands at now (`omzet:EHV-NOORD:restaurant`,
    /// `locations` by counter id), so `hledger balance omzet:EHV-NOORD` is that location's revenue.
    static func name(_ code: String, locations: [String: String] = [:]) -> String {
        let parts = code.split(separator: ":", maxSplits: 1).map(String.init)
        let head = switch parts[0] {
        case "wallet": "portemonnee"
        case "own": "eigenbijdrage"
        case "revenue": "omzet"
        case "funding": "financiering"
        case "announced": "aangekondigd"
        case "solidarity": "solidariteit"
        default: parts[0]
        }
        let rest = parts.count > 1 ? ":" + segment(parts[1]) : ""
        if parts[0] == "revenue", parts.count > 1, let location = locations[parts[1]] {
            return head + ":" + segment(location) + rest
        }
        return head + rest
    }

    /// An id as one account-name segment. An id by today's rules (`[A-Za-z0-9_-]`) is itself. An
    /// older one (a space or no-break space breaks `hledger check`, a colon makes `restaurant:bar`
    /// a sub-account of `restaurant`) has every other character as `_` and a hash of the whole id
    /// after `~`, a character no id has: two old ids never share a name, nor an old and a new one.
    static func segment(_ id: String) -> String {
        func isSafe(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "-"
        }
        guard !id.unicodeScalars.allSatisfy(isSafe) || id.isEmpty else { return id }
        var safe = String.UnicodeScalarView()
        for scalar in id.unicodeScalars { safe.append(isSafe(scalar) ? scalar : "_") }
        return String(safe) + "~" + Hex.encode(SHA256.hash(data: Array(id.utf8)).prefix(4))
    }

    private static func posting(_ code: String, _ minorUnits: Int64, _ facts: MonthFacts) -> String {
        "    \(name(code, locations: facts.counterLocations))    \(format(minorUnits, facts.unit))\n"
    }

    /// `EUR 1234,50`, `15 min`, `3 punten`: the commodity symbol and a decimal comma.
    static func format(_ minorUnits: Int64, _ unit: AmountUnit) -> String {
        switch unit {
        case .cents: "EUR \(DutchCSV.amount(minorUnits, unit))"
        case .minutes: "\(minorUnits) min"
        case .points: "\(minorUnits) punten"
        }
    }
}
