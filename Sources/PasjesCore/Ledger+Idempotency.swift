import Crypto
import Foundation
import GRDB
import PasjesMoney

extension Ledger {
    /// The longest idempotency key accepted, in UTF-8 bytes (a UUID is 36).
    ///
    /// Bytes, not characters: Swift counts "e\u{0301}" as one character, the schema's
    /// `length(key)` as two, so a character count let keys through that the `CHECK` refused.
    static let maxIdempotencyKeyLength = 128

    /// Runs `body` once per idempotency key, inside the booking transaction.
    ///
    /// Same key and same request: the stored first result comes back and nothing new is booked.
    /// Same key, different request: `idempotency_conflict`. Because the key row is written in the
    /// same transaction as the booking, a crash leaves either both or neither.
    ///
    /// `canonicalRequest` is the request's canonical JSON when the caller already wrote it (a
    /// charge's journal entry holds it too): the key's hash is over it when it holds no slash.
    func once<Request: Encodable, Result: Codable>(
        key: String, operation: String, request: Request, canonicalRequest: String? = nil, in db: Database,
        _ body: () throws -> Result
    ) throws -> (result: Result, replayed: Bool) {
        guard !key.isEmpty, key.utf8.count <= Ledger.maxIdempotencyKeyLength else {
            throw LedgerError.invalidInput.with("idempotency key must be 1–\(Ledger.maxIdempotencyKeyLength) bytes")
        }
        let requestHash = try Ledger.requestHash(request, canonical: canonicalRequest)
        if let stored = try storedOnce(key: key, in: db) {
            guard stored.operation == operation, stored.requestHash == requestHash else {
                throw LedgerError.idempotencyConflict.with("key \(key)")
            }
            return (try JSONDecoder().decode(Result.self, from: stored.result), true)
        }
        let result = try body()
        // The journal keeps the result's canonical JSON, this row the same with slashes escaped
        // (its form since the first ledger: rows already stored must keep comparing equal). They
        // differ only where the text holds a slash: encoded once when it holds none.
        let canonical = try CanonicalJSON.encode(result)
        let stored = CanonicalJSON.containsSlash(canonical) ? try Ledger.slashEscapedJSON(result) : Data(canonical.utf8)
        try db.hotStatement(Ledger.insertOnce).run(key, operation, requestHash, stored, nowText().1)
        if let hashable = result as? any Hashable {
            let encoded = EncodedResult(result: AnyHashable(hashable), json: canonical)
            execution.withLock { $0?.start.encodedResult = encoded }
        }
        return (result, false)
    }

    /// The hash an idempotency row keeps of its request: SHA-256, hex, over the request's
    /// sorted-key JSON with slashes escaped (its form since the first ledger), which is its
    /// canonical JSON byte for byte where that holds no slash; `canonical` when already written.
    static func requestHash(_ request: some Encodable, canonical: String? = nil) throws -> String {
        if let canonical, !CanonicalJSON.containsSlash(canonical) {
            var digest = SHA256()
            digest.update(text: canonical)
            return digest.finalizedHex()
        }
        return SHA256.hash(data: try slashEscapedJSON(request)).withUnsafeBytes { Hex.encode($0) }
    }

    /// Sorted-key JSON with slashes escaped: what idempotency rows have always held.
    private static func slashEscapedJSON(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }

    /// What `key` booked before: read with the command's start when the command carries it
    /// (once: after this lookup the command may book under the key), else asked here.
    private func storedOnce(key: String, in db: Database) throws -> StoredOnce? {
        let prefetched = execution.withLock { context -> StoredOnce?? in
            guard let start = context?.start.key, start.key == key else { return nil }
            context!.start.key = nil
            return .some(start.row)
        }
        if let prefetched { return prefetched }
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT operation, request_hash, result FROM idempotency WHERE key = ?"),
                                         arguments: [key]) else { return nil }
        return StoredOnce(operation: try row.decode(forColumn: "operation"), requestHash: try row.decode(forColumn: "request_hash"),
                          result: try row.decode(forColumn: "result"))
    }

    /// The first result of a charge booked under `idempotencyKey`, if there was one.
    ///
    /// For a retry that can no longer be rebuilt in full (its tap token died with a restart):
    /// the key alone identifies the booking.
    public func storedCharge(idempotencyKey key: String) throws -> ChargeResult? {
        try read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT result FROM idempotency WHERE key = ? AND operation = 'sale.charge'
                """), arguments: [key]) else { return nil }
            var result = try JSONDecoder().decode(ChargeResult.self, from: row.decode(Data.self, forColumn: "result"))
            result.replayed = true
            return result
        }
    }
}

extension Ledger {
    static let insertOnce = HotSQL("INSERT INTO idempotency (key, operation, request_hash, result, created_at) VALUES (?, ?, ?, ?, ?)")
}
