import GRDB

extension Ledger {
    /// `entries` with the reason of their sale filled in: the admin's reason for a charge
    /// without a presented card, the reversal's reason for a reversal of a sale.
    ///
    /// Why a second query instead of a join: the statement query stays one simple scan, and
    /// the few sales of one page are looked up by primary key.
    func withSaleReasons(_ entries: [HistoryEntry], in db: Database) throws -> [HistoryEntry] {
        let saleIDs = Set(entries.compactMap(\.saleID))
        guard !saleIDs.isEmpty else { return entries }
        var saleReasons: [String: String] = [:]
        var reversalReasons: [String: String] = [:]
        for saleID in saleIDs {
            if let reason = try String.fetchOne(db.cachedStatement(sql: "SELECT reason FROM sales WHERE id = ?"),
                                                arguments: [saleID]) {
                saleReasons[saleID] = reason
            }
            if let reason = try String.fetchOne(db.cachedStatement(sql: "SELECT reason FROM sale_reversals WHERE sale_id = ?"),
                                                arguments: [saleID]) {
                reversalReasons[saleID] = reason
            }
        }
        return entries.map { entry in
            guard let saleID = entry.saleID else { return entry }
            var entry = entry
            entry.reason = entry.kind == TransferKind.reversal.rawValue ? reversalReasons[saleID] : saleReasons[saleID]
            return entry
        }
    }
}
