/// One entry a node asks the log to append: the journal entry's fields, the streams the
/// command read and wrote, and the log position it was decided at.
public struct CentralProposal: Sendable, Hashable {
    public var origin: String
    public var originSeq: Int64
    /// UTC with milliseconds, exactly as the journal keeps it (`2026-11-24T09:15:02.123Z`).
    public var createdAt: String
    public var operatorUID: Int64?
    public var operatorName: String?
    public var counterID: String?
    public var kind: String
    public var version: Int
    public var idempotencyKey: String?
    /// The command's canonical JSON.
    public var command: String
    /// The proposer's result, canonical JSON.
    public var result: String
    /// Booked without the log (from the outbox): its time is not checked against the clock.
    public var offline: Bool
    /// Streams the decision read; each must still be at a version ≤ `decidedAt`.
    public var reads: [String]
    /// Streams the entry writes; their version becomes the entry's global sequence.
    public var writes: [String]
    /// The global sequence of the replica the command was decided on.
    public var decidedAt: Int64

    /// Makes a proposal.
    public init(origin: String, originSeq: Int64, createdAt: String, operatorUID: Int64? = nil,
                operatorName: String? = nil, counterID: String? = nil, kind: String, version: Int,
                idempotencyKey: String? = nil, command: String, result: String, offline: Bool = false,
                reads: [String] = [], writes: [String] = [], decidedAt: Int64) {
        self.origin = origin
        self.originSeq = originSeq
        self.createdAt = createdAt
        self.operatorUID = operatorUID
        self.operatorName = operatorName
        self.counterID = counterID
        self.kind = kind
        self.version = version
        self.idempotencyKey = idempotencyKey
        self.command = command
        self.result = result
        self.offline = offline
        self.reads = reads
        self.writes = writes
        self.decidedAt = decidedAt
    }
}

/// What an accepted append gives back.
public enum CentralAppend: Sendable, Hashable {
    /// In the log at `globalSeq`, chained with `hash` (also the answer to an identical retry).
    case appended(globalSeq: Int64, hash: String)
}

/// The log's newest entry: its global sequence (0 when empty) and hash (64 zeros when empty).
public struct CentralHead: Sendable, Hashable {
    public var globalSeq: Int64
    public var hash: String
    /// Makes one.
    public init(globalSeq: Int64, hash: String) {
        self.globalSeq = globalSeq
        self.hash = hash
    }
}
