import PasjesMoney

/// The export files, as pure functions of a month's facts and report.
enum MonthExport {
    /// `report` is computed only for the files made from it.
    static func render(_ kind: MonthExportKind, facts: MonthFacts, report: () throws -> MonthReport,
                       numbers: ExportAccountNumbers) throws -> String {
        switch kind {
        case .sales: sales(facts)
        case .clients: clients(try report())
        case .counters: counters(try report())
        case .hledger: try HledgerJournal.render(facts)
        case .memoriaal: try memoriaal(facts, numbers: numbers)
        }
    }

    static let categories = ["zorg", "dagbesteding", "facilitair", "welzijn"]

    /// One row per sale line, and per line of a sale reversed in the month a row with the negative
    /// amount and the sale it reverses, in time order: the column `Bedrag` sums to the month's net
    /// sales (per counter too) and `Eigen bijdrage` to the own money less what was given back.
    static func sales(_ facts: MonthFacts) -> String {
        let unit = facts.unit
        var days = LocalDay.Cache()
        var file = DutchCSV.Writer(header: ["Datum", "Verkoop", "Cliëntnummer", "Kassa", "Medewerker", "Productcode", "Product",
                                            "Categorie", "Aantal", "Prijs", "Bedrag", "Eigen bijdrage", "Terugdraaiing van",
                                            "Locatie"],
                                   expectedRows: facts.saleLines.count + facts.reversalRows.count)
        var sold = facts.saleLines[...]
        var reversed = facts.reversalRows[...]
        while !sold.isEmpty || !reversed.isEmpty {
            let soldFirst = reversed.isEmpty || (sold.first.map { $0.createdAt <= reversed[reversed.startIndex].createdAt } ?? false)
            let line = soldFirst ? sold.removeFirst() : reversed.removeFirst()
            file.add([DutchCSV.date(days.day(line.createdAt)), line.saleID, line.clientNumber, line.counterID, line.operatorName,
                      line.productCode, line.productName, line.category, String(line.quantity),
                      DutchCSV.amount(line.unitPrice, unit), DutchCSV.amount(line.lineTotal, unit),
                      DutchCSV.amount(line.ownMoney, unit), line.reversalOf ?? "",
                      facts.counterLocations[line.counterID] ?? ""])
        }
        return file.text
    }

    static func clients(_ report: MonthReport) -> String {
        let unit = report.unit
        let rows = report.clients.map { c -> [String] in
            [c.number, c.name, DutchCSV.amount(c.opening.minorUnits, unit), DutchCSV.amount(c.allocated.minorUnits, unit),
             DutchCSV.amount(c.arrangement.minorUnits, unit)]
                + categories.map { DutchCSV.amount(c.purchasesByCategory[$0]?.minorUnits ?? 0, unit) }
                + [c.purchases, c.ownMoney, c.reversals, c.refunds, c.solidarity, c.flowedBack, c.closing]
                    .map { DutchCSV.amount($0.minorUnits, unit) }
        }
        return DutchCSV.file(header: ["Cliëntnummer", "Naam", "Beginsaldo", "Toegekend", "Arrangement", "Zorg", "Dagbesteding",
                                      "Facilitair", "Welzijn", "Aankopen", "Eigen bijdrage", "Teruggedraaid",
                                      "Terug afwezigheid", "Solidariteit", "Teruggevloeid", "Eindsaldo"],
                             rows: rows)
    }

    /// One row per counter, grouped by location (the report's "Per locatie en kassa").
    static func counters(_ report: MonthReport) -> String {
        let unit = report.unit
        let rows = report.locations.map { c in
            [c.counter, c.name, DutchCSV.amount(c.gross.minorUnits, unit), DutchCSV.amount(c.reversals.minorUnits, unit),
             DutchCSV.amount(c.net.minorUnits, unit), String(c.count), c.location ?? ""]
        }
        return DutchCSV.file(header: ["Kassa", "Naam", "Bruto", "Teruggedraaid", "Netto", "Aantal verkopen", "Locatie"],
                             rows: rows)
    }

    /// Two lines per transfer (debit, credit) under one booking code, ledger numbers by account kind.
    static func memoriaal(_ facts: MonthFacts, numbers: ExportAccountNumbers) throws -> String {
        try memoriaal(facts, numbers: numbers) { body in for t in facts.transfers { try body(t) } }
    }

    /// The memoriaal with the month's transfers fed one at a time by `transfers`.
    static func memoriaal(_ facts: MonthFacts, numbers: ExportAccountNumbers,
                          transfers: ((TransferFact) throws -> Void) throws -> Void) throws -> String {
        let kinds = Dictionary(facts.accounts.map { ($0.code, $0.kind) }, uniquingKeysWith: { first, _ in first })
        var file = DutchCSV.Writer(header: ["Dagboek", "Boekingcode", "Datum", "Omschrijving", "Grootboeknummer", "Debet",
                                            "Credit", "Kostenplaats"], expectedRows: 0)
        var days = LocalDay.Cache()
        var index = 0
        try transfers { t in
            index += 1
            let day = DutchCSV.date(days.day(t.createdAt).clamped(to: facts.month))
            let code = "\(facts.month.year)\(DutchCSV.pad(facts.month.month))-\(index)"
            // The accounts by their Dutch names, as in the hledger journal.
            let text = "\(t.memo) (\(HledgerJournal.name(t.debit, locations: facts.counterLocations)) → "
                + "\(HledgerJournal.name(t.credit, locations: facts.counterLocations)))"
            let amount = DutchCSV.amount(t.amount, facts.unit)
            let place = t.counterID ?? ""
            file.add([numbers.journal, code, day, text, numbers.number(kind: kinds[t.debit] ?? "", code: t.debit),
                      amount, "", place])
            file.add([numbers.journal, code, day, text, numbers.number(kind: kinds[t.credit] ?? "", code: t.credit),
                      "", amount, place])
        }
        return file.text
    }
}
