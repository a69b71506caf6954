import GRDB

extension Ledger {
    /// Migrations for allocations after v1 (names are `v3-allocations: …`; never edited once shipped).
    static func registerAllocationMigrations(_ migrator: inout DatabaseMigrator) {
    }
}
