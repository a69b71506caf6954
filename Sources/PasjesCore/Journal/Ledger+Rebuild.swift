import Foundation
import GRDB

/// A journal entry that could not be replayed, and why.
struct ReplayFailure: Error {
    var seq: Int64
    var kind: String
    var message: String
}

extension Ledger {
    /// The most entries replayed in one transaction of the rebuild.
    static let replayBatchSize = 500

    /// Replays the journal of `db` into a new ledger at `path` and returns it (nil for an empty
    /// journal). Throws `ReplayFailure` at the first entry that does not replay to its own result.
    static func rebuild(from db: Database, at path: String) throws -> Ledger? {
        let entries = try JournalEntry.fetchCursor(db, sql: "SELECT \(JournalEntry.columns) FROM journal ORDER BY seq")
        guard let first = try entries.next() else { return nil }
        let rebuilt = try Ledger(path: path, setup: try setup(of: first), clock: { Date() }, rebuilding: true)
        var batch = [first]
        while true {
            let next = try entries.next()
            if let next { batch.append(next) }
            if batch.count >= replayBatchSize || (next == nil && !batch.isEmpty) {
                try rebuilt.replay(batch)
                batch.removeAll(keepingCapacity: true)
            }
            if next == nil { break }
        }
        return rebuilt
    }

    /// The unit and policy a journal starts with: its first entry must say.
    private static func setup(of first: JournalEntry) throws -> Setup {
        let json = Data(first.command.utf8)
        switch first.kind {
        case LedgerCreate.kind:
            let create = try JSONDecoder().decode(LedgerCreate.self, from: json)
            return Setup(unit: create.unit, policy: create.policy)
        case LedgerImport.kind:
            if let setup = try JSONDecoder().decode(LedgerImport.self, from: json).setup { return setup }
        default:
            break
        }
        throw ReplayFailure(seq: first.seq, kind: first.kind,
                            message: "entry \(first.seq) is \(first.kind): a journal starts with ledger.create or ledger.import")
    }

    private func replay(_ batch: [JournalEntry]) throws {
        try book { db in
            for entry in batch {
                guard let type = CommandRegistry.byKind[entry.kind], type.version == entry.version else {
                    throw ReplayFailure(seq: entry.seq, kind: entry.kind,
                                        message: "entry \(entry.seq): no command \(entry.kind) version \(entry.version)")
                }
                let replayed: (seq: Int64, result: String)?
                do {
                    replayed = try replay(entry, as: type, in: db)
                } catch let failure as ReplayFailure {
                    throw failure
                } catch {
                    throw ReplayFailure(seq: entry.seq, kind: entry.kind,
                                        message: "entry \(entry.seq) (\(entry.kind)) is refused on replay: \(error)")
                }
                guard let replayed, replayed.seq == entry.seq else {
                    throw ReplayFailure(seq: entry.seq, kind: entry.kind,
                                        message: "entry \(entry.seq) (\(entry.kind)) books nothing on replay")
                }
                guard replayed.result == entry.result else {
                    throw ReplayFailure(seq: entry.seq, kind: "result_mismatch",
                                        message: "entry \(entry.seq) (\(entry.kind)) answers \(replayed.result.prefix(300)) on replay, the journal says \(entry.result.prefix(300))")
                }
            }
        }
    }

    /// Replays one entry; returns the sequence number and result of the entry it appended.
    private func replay<Command: LedgerCommand>(_ entry: JournalEntry, as type: Command.Type,
                                                in db: Database) throws -> (seq: Int64, result: String)? {
        let command = try JSONDecoder().decode(Command.self, from: Data(entry.command.utf8))
        _ = try executeInTransaction(command, in: db, replaying: entry)
        return try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, result FROM journal ORDER BY seq DESC LIMIT 1"))
            .map { (try $0.decode(forColumn: "seq"), try $0.decode(forColumn: "result")) }
    }
}
