import Foundation
import GRDB

/// `ledger.upgrade`: from this entry on, the ledger books under `ruleset` (a migration appends
/// it to a ledger journaled under an older one; a new ledger starts under the current one).
///
/// It is an entry, not a setting: a replay on any node switches rules at the same place.
struct LedgerUpgrade: LedgerCommand {
    static let kind = "ledger.upgrade"
    var ruleset: Ruleset

    func apply(to ledger: Ledger, in db: Database) throws -> Empty {
        try ruleset.store(in: db)
        return Empty()
    }

    /// Journals the upgrade of an existing ledger's journal as its next entry (a migration).
    static func journal(to ruleset: Ruleset, in db: Database, node: String, timeMilliseconds: Int64) throws {
        let head = try JournalEntry.headLink(in: db)
        let context = ExecutionContext(origin: node, originSeq: try JournalEntry.lastOriginSeq(node, in: db) + 1,
                                       seq: (head?.seq ?? 0) + 1, timeMilliseconds: timeMilliseconds)
        try ruleset.store(in: db)
        try JournalEntry.chained(LedgerUpgrade(ruleset: ruleset), result: Empty(), context: context,
                                 previousHash: head?.hash).insert(in: db)
    }
}

/// `node.join`: a node's identity in the journal. The node's own id lives in the `node` table,
/// which no entry derives; this entry lets `verify` find a `node` row that was edited.
///
/// It books no row: it is journaled because a joining node says who it is before it proposes.
struct NodeJoin: LedgerCommand {
    static let kind = "node.join"
    var node: String

    var journalsWithoutChange: Bool { true }

    func apply(to ledger: Ledger, in db: Database) throws -> Empty {
        Empty()
    }
}
