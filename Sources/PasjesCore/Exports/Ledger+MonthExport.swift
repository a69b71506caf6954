extension Ledger {
    /// Export file `kind` of `month`, rendered from one read snapshot.
    public func monthExport(_ month: Month, kind: MonthExportKind, numbers: ExportAccountNumbers = ExportAccountNumbers())
        throws -> String {
        try read { db in
            let facts = try SQLiteStore(ledger: self, db: db).monthFacts(month, unit: unit)
            return try MonthExport.render(kind, facts: facts, report: { try MonthReport.compute(facts) }, numbers: numbers)
        }
    }

    /// The hledger journal of a whole calendar year: opening balances on 1 January and every
    /// transfer of its twelve months, from one read snapshot.
    public func yearHledger(_ year: Int) throws -> String {
        guard (2000...2999).contains(year) else { throw LedgerError.invalidMonth.with("year \(year)") }
        return try read { db in
            let store = SQLiteStore(ledger: self, db: db)
            let january = Month(year: year, month: 1)
            var months: [(Month, [TransferFact])] = []
            for number in 1...12 {
                let month = Month(year: year, month: number)
                months.append((month, try store.monthTransfers(month.description)))
            }
            return HledgerJournal.renderYear(year, opening: try store.monthFacts(january, unit: unit), months: months)
        }
    }
}
