import Foundation
import GRDB

/// What `Ledger.apply(foreign:)` did with a batch of entries.
public struct ReplicaApplyReport: Sendable, Equatable {
    /// Entries journaled here by this batch.
    public var applied = 0
    /// Entries this ledger had already (same origin, sequence and content): skipped.
    public var alreadyPresent = 0
    /// Entries whose result here differs from the result their origin journaled.
    public var divergences: [Divergence] = []
    /// The journal's head after the batch.
    public var head: JournalSeal?
}

/// An entry that answered differently here than on its origin: there must be none, except an
/// entry whose idempotency key was booked first by another entry (it answers that first result).
public struct Divergence: Sendable, Equatable {
    public var seq: Int64
    public var origin: String
    public var originSeq: Int64
    public var kind: String
    public var originResult: String
    public var localResult: String
}

extension Ledger {
    /// The most entries read or applied in one call: a batch is one transaction, and a replica
    /// that catches up must keep answering reads between batches.
    public static let maxReplicaBatch = 500

    /// The journal's newest entry (its position and hash), nil for an empty journal.
    public func journalHead() throws -> JournalSeal? {
        try read { db in try JournalEntry.headLink(in: db).map { JournalSeal(seq: $0.seq, hash: $0.hash) } }
    }

    /// Journal entries after position `seq`, oldest first, at most `limit` (≤ `maxReplicaBatch`).
    public func entries(after seq: Int64, limit: Int = Ledger.maxReplicaBatch) throws -> [JournalEntry] {
        guard seq >= 0, (1...Ledger.maxReplicaBatch).contains(limit) else {
            throw LedgerError.invalidInput.with("entries after \(seq), limit 1–\(Ledger.maxReplicaBatch)")
        }
        return try read { db in
            try JournalEntry.fetchAll(db.cachedStatement(sql: """
                SELECT \(JournalEntry.columns) FROM journal WHERE seq > ? ORDER BY seq LIMIT ?
                """), arguments: [seq, limit])
        }
    }

    /// Applies entries of other nodes, in the order given (the log's global order), in one
    /// transaction: all of them or none.
    ///
    /// Each entry is executed with its own context (origin, origin sequence, time), so it books
    /// the same rows as on its origin, and is journaled here even when it changes nothing (an
    /// idempotent retry answers the first result): an origin's sequence then stays contiguous.
    /// An entry this ledger has already is skipped; the same origin and sequence with other
    /// content is `origin_conflict`; a skipped sequence is `origin_gap`; an entry the rules
    /// refuse here is `replay_refused`. The entries' own `seq` and hashes are not trusted: the
    /// position and chain are this ledger's, and equal on every ledger that applies the same
    /// entries in the same order.
    public func apply(foreign entries: [JournalEntry]) throws -> ReplicaApplyReport {
        guard entries.count <= Ledger.maxReplicaBatch else {
            throw LedgerError.invalidInput.with("at most \(Ledger.maxReplicaBatch) entries per batch")
        }
        return try book { db in
            var report = ReplicaApplyReport()
            // Each origin's last sequence, read once per batch and then followed: only this
            // transaction writes, and each entry applied is its origin's next one.
            var lastOriginSeqs: [String: Int64] = [:]
            for entry in entries {
                let last = try lastOriginSeqs[entry.origin] ?? JournalEntry.lastOriginSeq(entry.origin, in: db)
                lastOriginSeqs[entry.origin] = max(last, try applyForeign(entry, after: last, in: db, into: &report))
            }
            report.head = try JournalEntry.headLink(in: db).map { JournalSeal(seq: $0.seq, hash: $0.hash) }
            return report
        }
    }

    /// Applies one entry whose origin's last sequence here is `last`; the sequence it applied
    /// (or found here already).
    private func applyForeign(_ entry: JournalEntry, after last: Int64, in db: Database,
                              into report: inout ReplicaApplyReport) throws -> Int64 {
        if entry.originSeq <= last {
            guard let stored = try JournalEntry.fetchOne(db.cachedStatement(sql: """
                SELECT \(JournalEntry.columns) FROM journal WHERE origin = ? AND origin_seq = ?
                """), arguments: [entry.origin, entry.originSeq]) else {
                throw LedgerError.originGap.with("\(entry.origin) #\(entry.originSeq) is missing here below #\(last)")
            }
            guard stored.contentHash() == entry.contentHash() else {
                throw LedgerError.originConflict.with(
                    "\(entry.origin) #\(entry.originSeq): here \(stored.kind) (journal \(stored.seq)), offered \(entry.kind)")
            }
            report.alreadyPresent += 1
            try leaveOutbox(entry, in: db)
            return entry.originSeq
        }
        guard entry.originSeq == last + 1 else {
            throw LedgerError.originGap.with("\(entry.origin): #\(last + 1) expected, #\(entry.originSeq) offered")
        }
        guard let type = CommandRegistry.byKind[entry.kind], type.version == entry.version else {
            throw LedgerError.replayRefused.with("\(entry.origin) #\(entry.originSeq): no command \(entry.kind) version \(entry.version)")
        }
        let journaled: JournalEntry
        do {
            journaled = try replay(entry, as: type, in: db)
        } catch let error as LedgerError {
            throw LedgerError.replayRefused.with("\(entry.origin) #\(entry.originSeq) (\(entry.kind)): \(error)")
        }
        report.applied += 1
        try leaveOutbox(entry, in: db)
        if journaled.result != entry.result {
            report.divergences.append(Divergence(
                seq: journaled.seq, origin: entry.origin, originSeq: entry.originSeq, kind: entry.kind,
                originResult: entry.result, localResult: journaled.result))
        }
        assert(journaled.origin == entry.origin && journaled.originSeq == entry.originSeq, "replayed under its own origin and sequence")
        return entry.originSeq
    }

    /// This node's own entry is in the log and applied: it leaves the outbox in the same
    /// transaction, so it is never forwarded again nor lost. Only that very entry: a queued
    /// entry with the same number and other content is another sale, which must stay (the
    /// forwarder then stops on `origin_conflict` and says so) rather than vanish.
    private func leaveOutbox(_ entry: JournalEntry, in db: Database) throws {
        guard entry.origin == nodeID,
              let text = try String.fetchOne(db.cachedStatement(sql: "SELECT entry FROM outbox WHERE origin_seq = ?"),
                                             arguments: [entry.originSeq]) else { return }
        let queued = try JSONDecoder().decode(JournalEntry.self, from: Data(text.utf8))
        guard queued.contentHash() == entry.contentHash() else { return }
        try db.cachedStatement(sql: "DELETE FROM outbox WHERE origin_seq = ?").execute(arguments: [entry.originSeq])
    }

    /// Executes one entry with its own context and returns what the journal now holds for it.
    func replay<Command: LedgerCommand>(_ entry: JournalEntry, as type: Command.Type,
                                        in db: Database) throws -> JournalEntry {
        let command = try JSONDecoder().decode(Command.self, from: Data(entry.command.utf8))
        guard let journaled = try executeJournaling(command, in: db, replaying: entry).journaled else {
            throw LedgerError.databaseError.with("\(entry.origin) #\(entry.originSeq) was not journaled on replay")
        }
        return journaled
    }
}

extension Ledger {
    /// A new ledger at `path` for a node that starts from another node's journal: created by
    /// `first` (that journal's `ledger.create` or `ledger.import`), then kept up by `apply(foreign:)`.
    /// `node` names the new node (nil: a random id).
    public static func replica(at path: String, startingWith first: JournalEntry, node: String? = nil,
                               clock: @escaping @Sendable () -> Date = { Date() }) throws -> Ledger {
        let setup: Setup
        do {
            setup = try Ledger.setup(of: first)
        } catch let failure as ReplayFailure {
            throw LedgerError.replayRefused.with(failure.message)
        }
        let ledger = try Ledger(path: path, setup: setup, clock: clock, opening: .replica, node: node)
        _ = try ledger.apply(foreign: [first])
        return ledger
    }

    /// The kinds of entry that say which node a ledger file belongs to.
    static let identityKinds = [LedgerCreate.kind, LedgerImport.kind, LedgerUpgrade.kind, NodeJoin.kind]

    /// Journals this node's identity (`node.join`) before it proposes entries of its own; a node
    /// whose identity is journaled already books nothing.
    /// (A node of several locations proposes it to the log like any other write.)
    public func join() throws {
        guard try !read({ db in try Ledger.identityIsJournaled(nodeID, in: db) }) else { return }
        _ = try execute(NodeJoin(node: nodeID))
    }

    /// Whether `node` is the origin of an entry that names a ledger file's node.
    static func identityIsJournaled(_ node: String, in db: Database) throws -> Bool {
        let marks = identityKinds.map { _ in "?" }.joined(separator: ", ")
        return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM journal WHERE origin = ? AND kind IN (\(marks)))",
                                 arguments: StatementArguments([node] + identityKinds)) ?? false
    }
}
