import Foundation

/// One row of the log, as every node reads it.
public struct CentralEntry: Sendable, Hashable {
    /// Position in the organisation's log: 1, 2, … without gaps.
    public var globalSeq: Int64
    public var origin: String
    public var originSeq: Int64
    public var createdAt: String
    public var operatorUID: Int64?
    public var operatorName: String?
    public var counterID: String?
    public var kind: String
    public var version: Int
    public var idempotencyKey: String?
    public var command: String
    public var result: String
    public var offline: Bool
    public var reads: [String]
    public var writes: [String]
    public var previousHash: String
    public var hash: String
    /// When PostgreSQL took it (its clock, not the node's).
    public var appendedAt: Date

    /// Makes one (a journal entry on its way into the log by `CentralAdmin.seed`).
    public init(globalSeq: Int64, origin: String, originSeq: Int64, createdAt: String, operatorUID: Int64?,
                operatorName: String?, counterID: String?, kind: String, version: Int, idempotencyKey: String?,
                command: String, result: String, offline: Bool, reads: [String], writes: [String],
                previousHash: String, hash: String, appendedAt: Date) {
        self.globalSeq = globalSeq
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
        self.previousHash = previousHash
        self.hash = hash
        self.appendedAt = appendedAt
    }

    /// The fields of the journal entry this row is, in `JournalEntry`'s order and names (the log's
    /// global sequence is the entry's `seq`): the node turns them into `PasjesCore.JournalEntry`.
    public var journalEntry: (seq: Int64, origin: String, originSeq: Int64, createdAt: String, operatorUID: Int64?,
                              operatorName: String?, counterID: String?, kind: String, version: Int,
                              idempotencyKey: String?, command: String, result: String, previousHash: String,
                              hash: String) {
        (globalSeq, origin, originSeq, createdAt, operatorUID, operatorName, counterID, kind, version,
         idempotencyKey, command, result, previousHash, hash)
    }
}
