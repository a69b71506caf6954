import GRDB

/// `counter.setLocation`: the location a counter stands at, or none.
struct CounterSetLocation: LedgerCommand {
    static let kind = "counter.setLocation"
    var counterID: String
    /// Upper-case and validated; nil takes the location away.
    var location: String?

    var journalCounter: String? { counterID }

    func apply(to ledger: Ledger, in db: Database) throws -> Counter {
        try ledger.bookCounterLocation(self, in: db)
    }
}

extension Ledger {
    /// Moves counter `id` to `location` (nil: no location). Reports count its sales, past ones
    /// too, where it stands now. Setting the location it already has changes nothing.
    public func setCounterLocation(id: String, location: String?) throws -> Counter {
        try execute(CounterSetLocation(counterID: id, location: try Ledger.locationCode(location)))
    }

    /// A location as stored: trimmed and upper-case ("ehv-noord" becomes EHV-NOORD), validated;
    /// nil stays nil.
    public static func locationCode(_ typed: String?) throws(LedgerError) -> String? {
        guard let typed else { return nil }
        let code = typed.trimmingSpaces.uppercased()
        try validate(locationCode: code)
        return code
    }

    func bookCounterLocation(_ change: CounterSetLocation, in db: Database) throws -> Counter {
        _ = try fetchCounter(id: change.counterID, in: db)
        // `IS NOT`: the same location again updates no row, so nothing is journaled.
        try db.execute(sql: "UPDATE counters SET location = ? WHERE id = ? AND location IS NOT ?",
                       arguments: [change.location, change.counterID, change.location])
        return try fetchCounter(id: change.counterID, in: db)
    }

    /// Counter id -> location, for the counters that have one.
    static func counterLocations(in db: Database) throws -> [String: String] {
        var locations: [String: String] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT id, location FROM counters WHERE location IS NOT NULL"))
        while let row = try rows.next() { locations[try row.decode(atIndex: 0)] = try row.decode(atIndex: 1) }
        return locations
    }
}
