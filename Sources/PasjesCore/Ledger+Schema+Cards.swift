import GRDB

extension Ledger {
    /// Migrations for cards and charges after v1 (names are `v2-cards: …`; never edited once shipped).
    static func registerCardMigrations(_ migrator: inout DatabaseMigrator) {
    }
}
