extension Ledger {
    /// Export file `kind` of `month`, rendered from one read snapshot.
    ///
    /// Each file reads only what it prints: sums for the report's files, sale rows for the sales
    /// CSV, and the transfers for hledger and memoriaal one at a time through a cursor, so the
    /// memory an export needs is about the size of its file.
    public func monthExport(_ month: Month, kind: MonthExportKind, numbers: ExportAccountNumbers = ExportAccountNumbers())
        throws -> String {
        try read { db in
            let store = SQLiteStore(ledger: self, db: db)
            switch kind {
            case .hledger:
                let facts = try store.monthFacts(month, unit: unit, detail: .accounts)
                return try HledgerJournal.render(title: "maand \(month)", opening: facts, months: [month]) { month, body in
                    try store.eachTransfer(month.description, body)
                }
            case .memoriaal:
                let facts = try store.monthFacts(month, unit: unit, detail: .accounts)
                return try MonthExport.memoriaal(facts, numbers: numbers) { body in
                    try store.eachTransfer(month.description, body)
                }
            case .sales, .clients, .counters:
                let facts = try store.monthFacts(month, unit: unit, detail: kind == .sales ? .saleRows : .report)
                return try MonthExport.render(kind, facts: facts, report: { try MonthReport.compute(facts) }, numbers: numbers)
            }
        }
    }

    /// The hledger journal of a whole calendar year: opening balances on 1 January and every
    /// transfer of its twelve months, from one read snapshot.
    public func yearHledger(_ year: Int) throws -> String {
        guard (2000...2999).contains(year) else { throw LedgerError.invalidMonth.with("year \(year)") }
        return try read { db in
            let store = SQLiteStore(ledger: self, db: db)
            let facts = try store.monthFacts(Month(year: year, month: 1), unit: unit, detail: .accounts)
            return try HledgerJournal.render(title: "jaar \(year)", opening: facts,
                                             months: (1...12).map { Month(year: year, month: $0) }) { month, body in
                try store.eachTransfer(month.description, body)
            }
        }
    }
}
