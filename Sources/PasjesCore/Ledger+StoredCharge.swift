import Foundation
import GRDB
import PasjesMoney

extension Ledger {
    /// The first result of the charge booked under `idempotencyKey`, only if `request` is the
    /// same content; nil when nothing was booked under that key.
    ///
    /// For a retry that reaches the daemon after its tap token died (a restart, an expiry): the
    /// daemon rebuilds the request from what it still knows, and a stored result is never
    /// handed out for a basket other than the one that was paid.
    public func storedCharge(idempotencyKey key: String, request: ChargeRequest) throws -> ChargeResult? {
        var normalised = request
        if case .card(let uid) = request.payer { normalised.payer = .card(uid: try CardUID.normalise(uid)) }
        // The hash `once` keeps, of the normalised request.
        let requestHash = try Ledger.requestHash(normalised)
        return try read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT request_hash, result FROM idempotency WHERE key = ? AND operation = 'sale.charge'
                """), arguments: [key]) else { return nil }
            guard try row.decode(String.self, forColumn: "request_hash") == requestHash else {
                throw LedgerError.idempotencyConflict.with("key \(key)")
            }
            var result = try JSONDecoder().decode(ChargeResult.self, from: row.decode(Data.self, forColumn: "result"))
            result.replayed = true
            return result
        }
    }
}
