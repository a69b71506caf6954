import PasjesMoney

extension MonthReport {
    /// The report of `facts.month`: a pure function of the facts, so it is tested without a
    /// database and a close record stores exactly what `month.report` shows.
    static func compute(_ facts: MonthFacts) throws(LedgerError) -> MonthReport {
        let clients = try clientLines(facts)
        let counters = try salesLines(facts, countItems: false, key: \.counterID) { facts.counterNames[$0.counterID] ?? $0.counterID }
        let products = try salesLines(facts, countItems: true, key: \.productCode) { $0.productName }
        let operators = try salesLines(facts, countItems: false, key: \.operatorName) { $0.operatorName }
        let totals = try totals(clients: clients, counters: counters)
        let tieOut = try tieOut(facts, clients: clients, totals: totals)
        return MonthReport(month: facts.month, unit: facts.unit, clients: clients, counters: counters, products: products,
                           operators: operators, totals: totals, tieOut: tieOut)
    }

    /// A client's wallet movements of the month, by what they were.
    private struct Movements {
        var allocated: Int64 = 0
        var reversals: Int64 = 0
        var flowedBack: Int64 = 0
        var ownMoney: Int64 = 0
        var byCategory: [String: Int64] = [:]
        var purchases: Int64 = 0
    }

    private static func clientLines(_ facts: MonthFacts) throws(LedgerError) -> [ClientMonthLine] {
        var walletOwner: [String: String] = [:]
        var ownOwner: [String: String] = [:]
        for account in facts.accounts {
            guard let number = account.clientNumber else { continue }
            if account.kind == "wallet" { walletOwner[account.code] = number }
            if account.kind == "own" { ownOwner[account.code] = number }
        }
        var moves: [String: Movements] = [:]
        for t in facts.transfers {
            if let number = walletOwner[t.credit] {
                switch (t.kind, t.reversesKind) {
                case ("allocation", _): try Sum.add(&moves[number, default: .init()].allocated, t.amount)
                case ("reversal", "flow_back"): try Sum.add(&moves[number, default: .init()].flowedBack, -t.amount)
                case ("reversal", _): try Sum.add(&moves[number, default: .init()].reversals, t.amount)
                default: break
                }
            }
            if let number = walletOwner[t.debit] {
                switch (t.kind, t.reversesKind) {
                case ("flow_back", _): try Sum.add(&moves[number, default: .init()].flowedBack, t.amount)
                case ("reversal", "allocation"): try Sum.add(&moves[number, default: .init()].allocated, -t.amount)
                default: break
                }
            }
            if let number = ownOwner[t.debit], t.kind == "charge_own" {
                try Sum.add(&moves[number, default: .init()].ownMoney, t.amount)
            }
        }
        for line in facts.saleLines {
            try Sum.add(&moves[line.clientNumber, default: .init()].byCategory[line.category, default: 0], line.lineTotal)
            try Sum.add(&moves[line.clientNumber, default: .init()].purchases, line.lineTotal)
        }
        var lines: [ClientMonthLine] = []
        for account in facts.accounts where account.kind == "wallet" {
            guard let number = account.clientNumber else { continue }
            let m = moves[number] ?? Movements()
            // The roll-forward from the sale lines, not from the wallet's own transfers: the
            // tie-out compares it with the wallet, so items and transfers check each other.
            let closing = try Sum.checked(account.before, m.allocated, -m.purchases, m.ownMoney, m.reversals, -m.flowedBack)
            lines.append(ClientMonthLine(
                number: number, name: account.clientName ?? number, opening: Amount(account.before),
                allocated: Amount(m.allocated), purchasesByCategory: m.byCategory.mapValues(Amount.init),
                purchases: Amount(m.purchases), ownMoney: Amount(m.ownMoney), reversals: Amount(m.reversals),
                flowedBack: Amount(m.flowedBack), closing: Amount(closing)))
        }
        return lines.sorted { $0.number < $1.number }
    }

    private static func salesLines(
        _ facts: MonthFacts, countItems: Bool, key: KeyPath<SaleLineFact, String>, name: (SaleLineFact) -> String
    ) throws(LedgerError) -> [SalesLine] {
        var lines: [String: SalesLine] = [:]
        var sales: [String: Set<String>] = [:]
        for line in facts.saleLines {
            let k = line[keyPath: key]
            var entry = lines[k] ?? SalesLine(key: k, name: name(line), gross: .zero, reversals: .zero, net: .zero, count: 0)
            entry.gross = Amount(try Sum.checked(entry.gross.minorUnits, line.lineTotal))
            if countItems { entry.count = try Sum.checked(entry.count, line.quantity) } else { sales[k, default: []].insert(line.saleID) }
            lines[k] = entry
        }
        for line in facts.reversedLines {
            let k = line[keyPath: key]
            var entry = lines[k] ?? SalesLine(key: k, name: name(line), gross: .zero, reversals: .zero, net: .zero, count: 0)
            entry.reversals = Amount(try Sum.checked(entry.reversals.minorUnits, line.lineTotal))
            lines[k] = entry
        }
        var result: [SalesLine] = []
        for var entry in lines.values {
            if !countItems { entry.count = Int64(sales[entry.key]?.count ?? 0) }
            entry.net = Amount(try Sum.checked(entry.gross.minorUnits, -entry.reversals.minorUnits))
            result.append(entry)
        }
        return result.sorted { $0.key < $1.key }
    }
}
