import Foundation
import GRDB
import PasjesMoney

/// One executed command in the journal: what was asked, by whom, where, when, and its result.
public struct JournalEntry: Codable, Hashable, Sendable, FetchableRecord {
    /// Position in this ledger's journal: 1, 2, … without gaps.
    public var seq: Int64
    /// The node that first executed the command.
    public var origin: String
    /// The command's number on its origin node.
    public var originSeq: Int64
    /// UTC, milliseconds: the time the command booked with.
    public var createdAt: String
    public var operatorUID: Int64?
    public var operatorName: String?
    public var counterID: String?
    /// The command's kind, e.g. `sale.charge`, and the version of its JSON shape.
    public var kind: String
    public var version: Int
    public var idempotencyKey: String?
    /// The command's canonical JSON.
    public var command: String
    /// The result's canonical JSON.
    public var result: String
    public var previousHash: String
    /// SHA-256 over the previous hash and every field above, hex.
    public var hash: String

    /// An entry as another store holds it (the organisation's log), to apply here.
    public init(seq: Int64, origin: String, originSeq: Int64, createdAt: String, operatorUID: Int64?,
                operatorName: String?, counterID: String?, kind: String, version: Int, idempotencyKey: String?,
                command: String, result: String, previousHash: String, hash: String) {
        self.seq = seq
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
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The SELECT list that decodes into this struct.
    static let columns = """
        seq, origin, origin_seq AS originSeq, created_at AS createdAt, operator_uid AS operatorUID,
        operator_name AS operatorName, counter_id AS counterID, kind, version,
        idempotency_key AS idempotencyKey, command, result, previous_hash AS previousHash, hash
        """

    /// The hash before the first entry.
    static let genesisHash = String(repeating: "0", count: 64)

    /// The hash this entry should have, recomputed from its fields.
    func computedHash() -> String {
        JournalEntry.lengthPrefixedHash([
            previousHash, String(seq), origin, String(originSeq), createdAt,
            operatorUID.map(String.init) ?? "", operatorName ?? "", counterID ?? "", kind, String(version),
            idempotencyKey ?? "", command, result,
        ])
    }

    /// SHA-256 over what the origin asked (not where this ledger journaled it, nor its result),
    /// hex: two entries with one origin and sequence are the same entry only when these agree.
    func contentHash() -> String {
        JournalEntry.lengthPrefixedHash([
            origin, String(originSeq), createdAt, operatorUID.map(String.init) ?? "", operatorName ?? "",
            counterID ?? "", kind, String(version), idempotencyKey ?? "", command,
        ])
    }

    /// Each field is length-prefixed, so no field's content can shift the boundary between two
    /// fields, whatever bytes it holds: `<UTF-8 length>:<field>` for each, concatenated.
    private static func lengthPrefixedHash(_ fields: [String]) -> String {
        // 20 digits and a colon at most before each field.
        var input = HashInput(capacity: fields.reduce(0) { $0 + $1.utf8.count + 21 })
        for field in fields {
            input.append(decimal: field.utf8.count)
            input.append(byte: UInt8(ascii: ":"))
            input.append(field)
        }
        return input.sha256Hex()
    }

    /// The time as a date (the stored text is exact to the millisecond).
    var timeMilliseconds: Int64? { Ledger.milliseconds(timestamp: createdAt) }
}

extension JournalEntry {
    /// The newest entry, if any: the chain's head.
    static func head(in db: Database) throws -> JournalEntry? {
        try JournalEntry.fetchOne(db.cachedStatement(sql: "SELECT \(columns) FROM journal ORDER BY seq DESC LIMIT 1"))
    }

    /// The newest entry's sequence number and hash: what the next entry links to. (Not the whole
    /// entry: every booking asks, and the command and result texts are the bulk of a row.)
    static func headLink(in db: Database) throws -> (seq: Int64, hash: String)? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1"))
            .map { (try $0.decode(forColumn: "seq"), try $0.decode(forColumn: "hash")) }
    }

    /// The newest sequence number of `origin` in this journal.
    static func lastOriginSeq(_ origin: String, in db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(origin_seq) FROM journal WHERE origin = ?"),
                           arguments: [origin]) ?? 0
    }

    /// A new entry of `command`, linked to `previousHash` and sealed with its own hash.
    /// `originResult`: the result text to journal instead of `result` (see `keepsOriginResult`);
    /// `commandJSON`: the command's canonical JSON when it is known (an entry applied again).
    static func chained<Command: LedgerCommand>(
        _ command: Command, result: Command.Result, originResult: String? = nil, commandJSON: String? = nil,
        context: ExecutionContext, previousHash: String?
    ) throws -> JournalEntry {
        let who = command.journalOperator
        var entry = JournalEntry(
            seq: context.seq, origin: context.origin, originSeq: context.originSeq, createdAt: context.timeText,
            operatorUID: who.map { Int64($0.uid) }, operatorName: who?.name, counterID: command.journalCounter,
            kind: Command.kind, version: Command.version, idempotencyKey: command.idempotencyKey,
            command: try commandJSON ?? CanonicalJSON.encode(command), result: try originResult ?? CanonicalJSON.encode(result),
            previousHash: previousHash ?? genesisHash, hash: "")
        entry.hash = entry.computedHash()
        return entry
    }

    /// Stores the entry; its hash must already be computed.
    func insert(in db: Database) throws {
        // Debug builds check it again; a release build computed it once, in `chained` or where
        // the entry came from (another node's entries are checked against their hash on arrival).
        assert(hash == computedHash(), "a journal entry is stored with its own hash")
        try db.hotStatement(JournalEntry.insertStatement).run(
                seq, origin, originSeq, createdAt, operatorUID, operatorName, counterID,
                kind, version, idempotencyKey, command, result, previousHash, hash)
    }
}

extension JournalEntry {
    static let insertStatement = HotSQL("""
        INSERT INTO journal (seq, origin, origin_seq, created_at, operator_uid, operator_name, counter_id,
            kind, version, idempotency_key, command, result, previous_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
}
