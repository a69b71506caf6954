extension Ledger {
    /// Export file `kind` of `month`, rendered from one read snapshot.
    public func monthExport(_ month: Month, kind: MonthExportKind, numbers: ExportAccountNumbers = ExportAccountNumbers())
        throws -> String {
        try read { db in
            let facts = try SQLiteStore(ledger: self, db: db).monthFacts(month, unit: unit)
            return try MonthExport.render(kind, facts: facts, report: { try MonthReport.compute(facts) }, numbers: numbers)
        }
    }
}
