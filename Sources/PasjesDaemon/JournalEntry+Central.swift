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
