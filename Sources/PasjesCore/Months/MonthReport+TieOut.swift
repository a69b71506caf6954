import PasjesMoney

extension MonthReport {
    static func totals(clients: [ClientMonthLine], counters: [SalesLine]) throws(LedgerError) -> MonthTotals {
        var sums = [Int64](repeating: 0, count: 10)
        for c in clients {
            let values = [c.opening, c.allocated, c.purchases, c.ownMoney, c.reversals, c.flowedBack, c.closing,
                          c.arrangement, c.refunds, c.solidarity]
            for (index, value) in values.enumerated() { try Sum.add(&sums[index], value.minorUnits) }
        }
        var net: Int64 = 0
        var count: Int64 = 0
        for counter in counters {
            try Sum.add(&net, counter.net.minorUnits)
            try Sum.add(&count, counter.count)
        }
        return MonthTotals(opening: Amount(sums[0]), allocated: Amount(sums[1]), purchases: Amount(sums[2]),
                           arrangement: Amount(sums[7]), ownMoney: Amount(sums[3]), reversals: Amount(sums[4]),
                           refunds: Amount(sums[8]), solidarity: Amount(sums[9]), flowedBack: Amount(sums[5]),
                           closing: Amount(sums[6]), netSales: Amount(net), salesCount: count)
    }

    /// Figures computed two ways: the report's roll-forward against the accounts, revenue
    /// against net sales, and every account together against zero. A client whose own
    /// roll-forward disagrees with the wallet is named on a line of its own.
    static func tieOut(_ facts: MonthFacts, clients: [ClientMonthLine], totals: MonthTotals,
                       solidarity: SolidarityBufferLine) throws(LedgerError) -> TieOut {
        var walletsAtClose: Int64 = 0
        var revenue: Int64 = 0
        var allNow: Int64 = 0
        var allAtMonthEnd: Int64 = 0
        var walletAtEnd: [String: Int64] = [:]
        for account in facts.accounts {
            let atEnd = try Sum.checked(account.before, account.during)
            // The balance at the close is today's cached balance less what was booked in later
            // months: computed from `accounts`, independently of the month's transfers.
            let atClose = try Sum.checked(account.balanceNow, -account.after)
            if account.kind == "wallet" {
                try Sum.add(&walletsAtClose, atClose)
                if let number = account.clientNumber { walletAtEnd[number] = atEnd }
            }
            if account.kind == "revenue" { try Sum.add(&revenue, account.during) }
            try Sum.add(&allNow, account.balanceNow)
            try Sum.add(&allAtMonthEnd, atEnd)
        }
        var checks = [
            try TieOutCheck(name: "som eindsaldo's = som portemonnees bij afsluiting",
                            expected: Amount(walletsAtClose), actual: totals.closing),
            // Absence refunds come out of the arrangement counter's revenue.
            try TieOutCheck(name: "omzet kassa's = netto verkopen",
                            expected: Amount(try Sum.checked(totals.netSales.minorUnits, -totals.refunds.minorUnits)),
                            actual: Amount(revenue)),
            try TieOutCheck(name: "solidariteitspot: begin + bijdragen − toekenningen = eind",
                            expected: Amount(try Sum.checked(solidarity.opening.minorUnits, solidarity.contributions.minorUnits,
                                                             -solidarity.grants.minorUnits)),
                            actual: solidarity.closing),
            try TieOutCheck(name: "alle rekeningen samen nul", expected: .zero, actual: Amount(allNow)),
            try TieOutCheck(name: "alle rekeningen samen nul aan het eind van de maand", expected: .zero,
                            actual: Amount(allAtMonthEnd)),
        ]
        for client in clients where walletAtEnd[client.number] != client.closing.minorUnits {
            checks.append(try TieOutCheck(name: "eindsaldo cliënt \(client.number)",
                                          expected: Amount(walletAtEnd[client.number] ?? 0), actual: client.closing))
        }
        return TieOut(checks: checks)
    }
}
