import Foundation
import GRDB

extension Ledger {
    /// Opens the replica at `path` of `node`, a node of several locations: the file it has, or
    /// (missing, empty, or never created) a new one made by `first()`, the log's first entry.
    ///
    /// The node's identity is `node` whatever the file says (see `claimNodeID`); its next origin
    /// sequence follows its entries in the file, which hold the log's once it has caught up.
    public static func node(at path: String, node: String, clock: @escaping @Sendable () -> Date = { Date() },
                            first: () throws -> JournalEntry) throws -> Ledger {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > 0 {
            let ledger = try Ledger(path: path, setup: Setup(), clock: clock, opening: .replica, node: node)
            if try ledger.journalHead() != nil { return ledger }
            // Made by a start that died before the first entry was applied: start it again.
            try ledger.close()
        }
        return try Ledger.replica(at: path, startingWith: try first(), node: node, clock: clock)
    }
}
