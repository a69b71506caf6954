import GRDB
import PasjesMoney

extension Ledger {
    /// The one way a write reaches the ledger: run `command` in its own `BEGIN IMMEDIATE`
    /// transaction and journal it there.
    /// A node of several locations proposes it to the organisation's log instead.
    func execute<Command: LedgerCommand>(_ command: Command) throws -> Command.Result {
        if let proposer = proposerSlot.withLock({ $0 }) { return try executeProposing(command, via: proposer) }
        return try book { db in try executeInTransaction(command, in: db) }
    }

    /// Runs `command` inside an open transaction: fixes its context (time, sequence, ids),
    /// applies it, and appends it to the journal when it changed anything.
    ///
    /// A command that changed nothing (an idempotent retry, unblocking an active card) leaves
    /// no entry: the journal holds what happened, and a retry happened once. With `entry`,
    /// the context is the entry's own (a replay by `verify`, or another node's entry applied
    /// here), and the entry is journaled even when it changes nothing: it happened on its
    /// origin, and an origin's sequence must stay contiguous on every node.
    func executeInTransaction<Command: LedgerCommand>(
        _ command: Command, in db: Database, replaying entry: JournalEntry? = nil
    ) throws -> Command.Result {
        try executeJournaling(command, in: db, replaying: entry).result
    }

    /// `executeInTransaction`, also returning the entry it journaled (nil when it booked nothing);
    /// a new command books at `timeMilliseconds` when given (a decision fixes its time first).
    func executeJournaling<Command: LedgerCommand>(
        _ command: Command, in db: Database, replaying entry: JournalEntry?, at timeMilliseconds: Int64? = nil
    ) throws -> (result: Command.Result, journaled: JournalEntry?) {
        let origin = entry?.origin ?? nodeID
        let milliseconds: Int64
        if let entry {
            guard let time = entry.timeMilliseconds else {
                throw LedgerError.databaseError.with("journal entry \(entry.seq) has no valid time")
            }
            milliseconds = time
        } else {
            milliseconds = timeMilliseconds ?? Ledger.milliseconds(clock())
        }
        let (head, lastOriginSeq, start) = try CommandStart.read(origin: origin, key: command.idempotencyKey, in: db)
        var context = ExecutionContext(origin: origin, originSeq: entry?.originSeq ?? lastOriginSeq + 1,
                                       seq: (head?.seq ?? 0) + 1, timeMilliseconds: milliseconds)
        context.replaying = entry != nil
        context.start = start
        context.journaledCommand = entry?.command
        execution.withLock { current in
            precondition(current == nil, "commands do not nest")
            current = context
        }
        defer { execution.withLock { $0 = nil } }
        let changesBefore = db.totalChangesCount
        let result = try command.apply(to: self, in: db)
        guard db.totalChangesCount != changesBefore || entry != nil || command.journalsWithoutChange else {
            return (result, nil)
        }
        let originResult = entry.flatMap { command.keepsOriginResult ? $0.result : nil } ?? encodedResult(result)
        // An entry applied again journals the command as its origin did: the text it was decoded
        // from is its canonical JSON (the chain's hash, compared by every node, says if not). A
        // new one is written around the request it wrote for its key's hash, where it can be.
        let commandJSON = try entry?.command
            ?? execution.withLock({ $0?.requestJSON }).flatMap { try command.canonicalJSON(aroundRequest: $0) }
        let journaled = try JournalEntry.chained(command, result: result, originResult: originResult,
                                                 commandJSON: commandJSON, context: context,
                                                 previousHash: head?.hash)
        try journaled.insert(in: db)
        return (result, journaled)
    }

    /// The canonical JSON of `result` when its idempotency row was stored from that very
    /// result (see `once`); nil: encode it.
    private func encodedResult(_ result: some Encodable) -> String? {
        guard let stored = execution.withLock({ $0?.start.encodedResult }),
              let hashable = result as? any Hashable, AnyHashable(hashable) == stored.result else { return nil }
        return stored.json
    }

    /// The node the running command comes from (its entry's origin).
    var runningOrigin: String {
        execution.withLock { context -> String in
            precondition(context != nil, "asked only while a command runs")
            return context!.origin
        }
    }

    /// Whether the running command is an entry applied again rather than decided here now.
    var isReplaying: Bool {
        execution.withLock { context -> Bool in
            precondition(context != nil, "asked only while a command runs")
            return context!.replaying
        }
    }

    /// A new UUIDv7 for the running command (deterministic: see `ExecutionContext.newID`).
    func newID() -> String {
        execution.withLock { context -> String in
            precondition(context != nil, "ids are made only while a command runs")
            return context!.newID()
        }
    }
}
