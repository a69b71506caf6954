import Foundation
import PasjesCentral
import PasjesCore

extension JournalEntry {
    /// The log's row as a journal entry: its global sequence is the entry's position.
    public init(central entry: CentralEntry) {
        let fields = entry.journalEntry
        self.init(seq: fields.seq, origin: fields.origin, originSeq: fields.originSeq, createdAt: fields.createdAt,
                  operatorUID: fields.operatorUID, operatorName: fields.operatorName, counterID: fields.counterID,
                  kind: fields.kind, version: fields.version, idempotencyKey: fields.idempotencyKey,
                  command: fields.command, result: fields.result, previousHash: fields.previousHash, hash: fields.hash)
    }
}

extension CentralEntry {
    /// A journal entry on its way into an empty log (`central.seed`): at its own position.
    public init(seeding entry: JournalEntry) {
        self.init(globalSeq: entry.seq, origin: entry.origin, originSeq: entry.originSeq, createdAt: entry.createdAt,
                  operatorUID: entry.operatorUID, operatorName: entry.operatorName, counterID: entry.counterID,
                  kind: entry.kind, version: entry.version, idempotencyKey: entry.idempotencyKey,
                  command: entry.command, result: entry.result, offline: false, reads: [], writes: [],
                  previousHash: entry.previousHash, hash: entry.hash, appendedAt: Date())
    }
}
