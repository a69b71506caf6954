import Foundation
import GRDB

// The ledger's own entries: creating it fixes the unit and policy; importing a ledger made
// before the journal brings every row it had, so it touches every stream there is.

extension LedgerCreate {
    /// Writes the ledger's unit and policy.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(writes: [.policy])
    }
}

extension LedgerImport {
    /// Writes the unit and policy and every client, card, product, counter and month the
    /// imported rows hold: the entry is the whole ledger of before the journal.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        var writes: Set<StreamName> = [.policy, .catalogue, .tariffs, .solidarity, .residents]
        for table in tables {
            for (column, stream) in Self.streamColumns[table.table] ?? [] {
                guard let index = table.columns.firstIndex(of: column) else { continue }
                for row in table.rows {
                    if case .text(let key) = row[index], let name = stream(key) { writes.insert(name) }
                }
            }
        }
        return CommandStreams(writes: writes)
    }

    /// Which column of an imported table names which stream.
    private static let streamColumns: [String: [(String, @Sendable (String) -> StreamName?)]] = [
        "clients": [("number", { .client($0) })],
        "cards": [("uid", { .card($0) })],
        "products": [("code", { .product($0) })],
        "counters": [("id", { .counter($0) })],
        "transfers": [("month", { Month($0).map(StreamName.month) })],
        "month_closes": [("month", { Month($0).map(StreamName.monthStatus) })],
        "activities": [("code", { .activity($0) })],
        "activity_sessions": [("id", { .session($0) })],
    ]
}

extension LedgerUpgrade {
    /// Writes the ruleset, a ledger-wide setting kept with the unit and policy.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams(writes: [.policy])
    }
}

extension NodeJoin {
    /// Touches no stream: it only names a node, and two nodes joining never conflict.
    func streams(in db: Database, at time: Date) throws -> CommandStreams {
        CommandStreams()
    }
}
