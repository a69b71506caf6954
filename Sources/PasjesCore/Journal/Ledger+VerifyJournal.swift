import Foundation
import GRDB

extension Ledger {
    /// The journal's chain: sequence numbers without gaps, each entry's hash over its own fields
    /// and its predecessor's hash; with a seal, the sealed entry still there and unchanged.
    static func verifyJournalChain(_ db: Database, seal: JournalSeal?,
                                   into problems: inout [VerifyReport.Problem]) throws -> (Int, JournalEntry?) {
        var previous: JournalEntry?
        var count = 0
        let entries = try JournalEntry.fetchCursor(db, sql: "SELECT \(JournalEntry.columns) FROM journal ORDER BY seq")
        while let entry = try entries.next() {
            count += 1
            let expectedSeq = (previous?.seq ?? 0) + 1
            if entry.seq != expectedSeq {
                problems.add("journal_gap", seq: entry.seq, "journal entries \(expectedSeq)…\(entry.seq - 1) are missing")
            }
            if entry.previousHash != (previous?.hash ?? JournalEntry.genesisHash) {
                problems.add("journal_link", seq: entry.seq, "journal entry \(entry.seq) does not follow the entry before it")
            }
            if entry.computedHash() != entry.hash {
                problems.add("journal_hash_mismatch", seq: entry.seq,
                             "journal entry \(entry.seq) (\(entry.kind)) was changed after it was written")
            }
            previous = entry
        }
        if let seal { try check(seal: seal, head: previous, in: db, into: &problems) }
        return (count, previous)
    }

    private static func check(seal: JournalSeal, head: JournalEntry?, in db: Database,
                              into problems: inout [VerifyReport.Problem]) throws {
        let sealed = try String.fetchOne(db, sql: "SELECT hash FROM journal WHERE seq = ?", arguments: [seal.seq])
        if sealed == nil {
            problems.add("seal_mismatch", seq: seal.seq,
                         "the journal ends at \(head?.seq ?? 0), before sealed entry \(seal.seq): entries were removed")
        } else if sealed != seal.hash {
            problems.add("seal_mismatch", seq: seal.seq,
                         "journal entry \(seal.seq) is not the sealed one: the journal was rewritten up to it")
        }
    }

    /// The `node` row against the journal: the node's id must be the origin of an entry that
    /// names the file's node (`ledger.create`, `ledger.import`, `ledger.upgrade`, `node.join`).
    /// No entry derives the row, so this is how an edit to it is found: a node that proposed
    /// under an edited id would number its entries as another origin.
    static func verifyNodeIdentity(_ db: Database, into problems: inout [VerifyReport.Problem]) throws {
        let nodes = try String.fetchAll(db, sql: "SELECT id FROM node")
        guard nodes.count == 1, let node = nodes.first else {
            problems.add("node_identity", "the node table holds \(nodes.count) rows instead of this ledger's one node")
            return
        }
        if try !identityIsJournaled(node, in: db) {
            problems.add("node_identity", "node \(node) is not named by the journal: the node table was edited, or this node has not joined yet")
        }
    }

    /// Rebuilds every derived table from the journal in a temporary ledger and compares.
    static func verifyRebuild(_ db: Database, into problems: inout [VerifyReport.Problem]) throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("pasjes-verify-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let rebuilt: Ledger?
        do {
            rebuilt = try rebuild(from: db, at: folder.appendingPathComponent("rebuild.sqlite").path)
        } catch let failure as ReplayFailure {
            let kind = failure.kind == "result_mismatch" ? "result_mismatch" : "replay_failed"
            problems.add(kind, seq: failure.seq, failure.message + "; tables not compared")
            return
        }
        guard let rebuilt else {
            problems.add("journal_gap", "the journal is empty: nothing to rebuild the tables from")
            return
        }
        defer { try? rebuilt.close() }
        problems += try rebuilt.read { rebuiltDB in try TableComparison.compare(live: db, rebuilt: rebuiltDB) }
    }
}
