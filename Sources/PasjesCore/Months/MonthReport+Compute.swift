import PasjesMoney

extension MonthReport {
    /// The report of `facts.month`: a pure function of the facts, so it is tested without a
    /// database and a close record stores exactly what `month.report` shows.
    static func compute(_ facts: MonthFacts) throws(LedgerError) -> MonthReport {
        let clients = try clientLines(facts)
        let counters = try salesLines(facts, countItems: false, counts: facts.salesPerCounter, key: \.counterID) {
            facts.counterNames[$0.counterID] ?? $0.counterID
        }
        let products = try salesLines(facts, countItems: true, counts: nil, key: \.productCode) { $0.productName }
        let operators = try salesLines(facts, countItems: false, counts: facts.salesPerOperator, key: \.operatorName) {
            $0.operatorName
        }
        let totals = try totals(clients: clients, counters: counters)
        let solidarity = try solidarityLine(facts)
        let tieOut = try tieOut(facts, clients: clients, totals: totals, solidarity: solidarity)
        return MonthReport(month: facts.month, unit: facts.unit, clients: clients, counters: counters,
                           locations: locationLines(counters, facts.counterLocations), products: products,
                           operators: operators, solidarity: solidarity, totals: totals, tieOut: tieOut)
    }

    /// A client's wallet movements of the month, by what they were.
    private struct Movements {
        var allocated: Int64 = 0
        var reversals: Int64 = 0
        var refunds: Int64 = 0
        var solidarity: Int64 = 0
        var arrangement: Int64 = 0
        var flowedBack: Int64 = 0
        var ownMoney: Int64 = 0
        var byCategory: [String: Int64] = [:]
        var purchases: Int64 = 0
        var offlineRisk: Int64 = 0
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
                case ("absence_refund", _): try Sum.add(&moves[number, default: .init()].refunds, t.amount)
                case ("solidarity_grant", _): try Sum.add(&moves[number, default: .init()].solidarity, t.amount)
                case ("reversal", "flow_back"): try Sum.add(&moves[number, default: .init()].flowedBack, -t.amount)
                case ("reversal", _): try Sum.add(&moves[number, default: .init()].reversals, t.amount)
                default: break
                }
            }
            if let number = walletOwner[t.debit] {
                switch (t.kind, t.reversesKind) {
                // An offline risk the wallet paid back (`sale.settleRisk`): no sale line of its own.
                case ("charge", _) where t.credit == ChargeDecision.offlineRiskAccount:
                    try Sum.add(&moves[number, default: .init()].offlineRisk, -t.amount)
                case ("flow_back", _): try Sum.add(&moves[number, default: .init()].flowedBack, t.amount)
                case ("reversal", "allocation"): try Sum.add(&moves[number, default: .init()].allocated, -t.amount)
                case ("reversal", "solidarity_grant"): try Sum.add(&moves[number, default: .init()].solidarity, -t.amount)
                default: break
                }
            }
            if let number = ownOwner[t.debit], t.kind == "charge_own" {
                try Sum.add(&moves[number, default: .init()].ownMoney, t.amount)
            }
        }
        for (number, risk) in facts.offlineRiskByClient {
            try Sum.add(&moves[number, default: .init()].offlineRisk, risk)
        }
        for line in facts.saleLines {
            // The arrangement is booked at its own counter: standing services, not card purchases.
            if line.counterID == ArrangementCounter.id {
                try Sum.add(&moves[line.clientNumber, default: .init()].arrangement, line.lineTotal)
                continue
            }
            try Sum.add(&moves[line.clientNumber, default: .init()].byCategory[line.category, default: 0], line.lineTotal)
            try Sum.add(&moves[line.clientNumber, default: .init()].purchases, line.lineTotal)
        }
        var lines: [ClientMonthLine] = []
        for account in facts.accounts where account.kind == "wallet" {
            guard let number = account.clientNumber else { continue }
            // A resident who arrived after the month, with nothing in or before it, was not there:
            // no zero row, so a closed month keeps the rows it was closed with.
            guard account.clientArrived || moves[number] != nil || account.before != 0 || account.during != 0 else {
                continue
            }
            let m = moves[number] ?? Movements()
            // The roll-forward from the sale lines, not from the wallet's own transfers: the
            // tie-out compares it with the wallet, so items and transfers check each other.
            let closing = try Sum.checked(account.before, m.allocated, -m.purchases, -m.arrangement, m.ownMoney,
                                          m.reversals, m.refunds, m.solidarity, -m.flowedBack, m.offlineRisk)
            lines.append(ClientMonthLine(
                number: number, name: account.clientName ?? number, opening: Amount(account.before),
                allocated: Amount(m.allocated), arrangement: Amount(m.arrangement),
                purchasesByCategory: m.byCategory.mapValues(Amount.init),
                purchases: Amount(m.purchases), ownMoney: Amount(m.ownMoney), reversals: Amount(m.reversals),
                refunds: Amount(m.refunds), solidarity: Amount(m.solidarity),
                flowedBack: Amount(m.flowedBack), closing: Amount(closing),
                offlineRisk: m.offlineRisk == 0 ? nil : Amount(m.offlineRisk)))
        }
        return lines.sorted { $0.number < $1.number }
    }

    /// The buffer's month from its account and the month's transfers into and out of it.
    private static func solidarityLine(_ facts: MonthFacts) throws(LedgerError) -> SolidarityBufferLine {
        var contributions: Int64 = 0
        var grants: Int64 = 0
        for t in facts.transfers {
            // A reversed contribution or grant counts against its own kind, so the line still rolls forward.
            switch (t.kind, t.reversesKind) {
            case ("solidarity_contribution", _): try Sum.add(&contributions, t.amount)
            case ("solidarity_grant", _): try Sum.add(&grants, t.amount)
            case ("reversal", "solidarity_contribution"): try Sum.add(&contributions, -t.amount)
            case ("reversal", "solidarity_grant"): try Sum.add(&grants, -t.amount)
            default: break
            }
        }
        let account = facts.accounts.first { $0.code == Ledger.solidarityAccountCode }
        let opening = account?.before ?? 0
        return SolidarityBufferLine(opening: Amount(opening), contributions: Amount(contributions), grants: Amount(grants),
                                    closing: Amount(try Sum.checked(opening, account?.during ?? 0)))
    }

    /// The counters' lines by location (codes in order, counters without one last), then counter.
    static func locationLines(_ counters: [SalesLine], _ locations: [String: String]) -> [LocationSalesLine] {
        counters.map { c in
            LocationSalesLine(location: locations[c.key], counter: c.key, name: c.name, gross: c.gross,
                              reversals: c.reversals, net: c.net, count: c.count)
        }.sorted { a, b in
            switch (a.location, b.location) {
            case let (x?, y?) where x != y: x < y
            case (nil, _?): false
            case (_?, nil): true
            default: a.counter < b.counter
            }
        }
    }

    private static func salesLines(
        _ facts: MonthFacts, countItems: Bool, counts: [String: Int64]?, key: KeyPath<SaleLineFact, String>,
        name: (SaleLineFact) -> String
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
            if !countItems { entry.count = counts.map { $0[entry.key] ?? 0 } ?? Int64(sales[entry.key]?.count ?? 0) }
            entry.net = Amount(try Sum.checked(entry.gross.minorUnits, -entry.reversals.minorUnits))
            result.append(entry)
        }
        return result.sorted { $0.key < $1.key }
    }
}
