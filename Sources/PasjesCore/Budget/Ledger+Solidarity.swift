import Foundation
import GRDB
import PasjesMoney

/// What every allocation pays into the solidarity buffer: a share of the allocation, a fixed
/// amount, or both.
public struct SolidarityPolicy: Codable, Hashable, Sendable {
    /// The share of each allocation, in basis points (2 % = 200).
    public var basisPoints: Int64
    /// A fixed amount per allocation, in the database's unit.
    public var fixed: Amount

    public init(basisPoints: Int64 = 0, fixed: Amount = .zero) {
        self.basisPoints = basisPoints
        self.fixed = fixed
    }

    /// True when allocations pay nothing in.
    public var isNone: Bool { basisPoints == 0 && fixed.minorUnits == 0 }

    /// Refuses a share outside 0–100 % and a negative or absurd fixed amount.
    public func validate() throws(LedgerError) {
        guard (0...10_000).contains(basisPoints) else { throw LedgerError.invalidInput.with("solidarity share 0–100 %") }
        guard (0...10_000_000).contains(fixed.minorUnits) else {
            throw LedgerError.invalidInput.with("solidarity fixed amount 0–10000000")
        }
    }

    /// The contribution that goes with `allocation`.
    func contribution(for allocation: Amount) throws(LedgerError) -> Amount {
        do { return try allocation.share(basisPoints: basisPoints).adding(fixed) } catch {
            throw LedgerError.amountOverflow.with(error.operation)
        }
    }
}

/// The answer to `budget.grant`.
public struct GrantResult: Codable, Hashable, Sendable {
    public var clientNumber: String
    public var amount: Amount
    public var reason: String
    public var balance: Amount
    public var light: TrafficLight
    /// What is left in the solidarity buffer.
    public var solidarityBalance: Amount
    public var transferID: String
    public var replayed: Bool
}

extension Ledger {
    /// The organisation's solidarity buffer.
    static let solidarityAccountCode = "solidarity"

    /// Sets what every allocation pays into the solidarity buffer (from the daemon's config).
    /// Setting what is set already books nothing.
    @discardableResult
    public func setSolidarity(_ policy: SolidarityPolicy) throws -> SolidarityPolicy {
        try policy.validate()
        if try solidarityPolicy() == policy { return policy }
        return try execute(SolidaritySet(policy: policy))
    }

    /// The contribution every allocation pays into the buffer (none until one is set).
    public func solidarityPolicy() throws -> SolidarityPolicy {
        try read { db in try storedSolidarityPolicy(in: db) }
    }

    /// What is in the solidarity buffer now.
    public func solidarityBalance() throws -> Amount {
        try read { db in
            Amount(try Int64.fetchOne(db.cachedStatement(sql: "SELECT balance FROM accounts WHERE code = ?"),
                                      arguments: [Ledger.solidarityAccountCode]) ?? 0)
        }
    }

    /// Grants `amount` from the solidarity buffer to `clientNumber`'s wallet, with a reason.
    /// Never more than the buffer holds (`solidarity_insufficient`); admin only (the daemon checks).
    public func grant(clientNumber: String, amount: Amount, reason: String, operator who: Operator,
                      idempotencyKey: String) throws -> GrantResult {
        guard amount.minorUnits > 0 else { throw LedgerError.invalidAmount.with("a grant must be > 0") }
        try Ledger.validate(text: reason, field: "reason", maxLength: 200)
        return try execute(BudgetGrant(clientNumber: clientNumber, amount: amount, reason: reason, operator: who,
                                       key: idempotencyKey))
    }

    func bookSolidaritySet(_ policy: SolidarityPolicy, in db: Database) throws -> SolidarityPolicy {
        try policy.validate()
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('solidarity', ?)",
                       arguments: [try CanonicalJSON.encode(policy)])
        return policy
    }

    func storedSolidarityPolicy(in db: Database) throws -> SolidarityPolicy {
        guard let json = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'solidarity'")) else {
            return SolidarityPolicy()
        }
        return try JSONDecoder().decode(SolidarityPolicy.self, from: Data(json.utf8))
    }

    /// The buffer account, made the first time something is paid in.
    func solidarityAccountID(in db: Database) throws -> Int64 {
        try Ledger.insertAccount(code: Ledger.solidarityAccountCode, kind: "funding", ifMissing: true, in: db)
        return try accountID(code: Ledger.solidarityAccountCode, in: db)
    }

    /// Pays the policy's contribution for an allocation of `amount` into the buffer, from funding:
    /// the organisation's money, never the client's wallet.
    func paySolidarityContribution(allocation amount: Amount, clientNumber: String, month: Month, who: Operator,
                                   at now: (Date, String), in db: Database) throws {
        let contribution = try storedSolidarityPolicy(in: db).contribution(for: amount)
        guard contribution.minorUnits > 0 else { return }
        try append(NewTransfer(
            debitAccountID: try accountID(code: "funding", in: db), creditAccountID: try solidarityAccountID(in: db),
            amount: contribution, kind: .solidarityContribution, month: month, operatorUID: who.uid,
            operatorName: who.name, memo: Ledger.contributionMemo(month: month, clientNumber: clientNumber)), in: db, at: now)
    }

    func bookGrant(_ command: BudgetGrant, in db: Database) throws -> GrantResult {
        struct Request: Encodable { var clientNumber: String; var amount: Amount; var reason: String }
        let request = Request(clientNumber: command.clientNumber, amount: command.amount, reason: command.reason)
        let (result, replayed) = try once(key: command.key, operation: "budget.grant", request: request, in: db) {
            let client = try fetchClientRow(number: command.clientNumber, in: db)
            guard client.status != .ended else { throw LedgerError.clientNotActive.with("\(client.number) has left") }
            let now = nowText()
            try landDueAllocations(client: client, at: now, in: db)
            let bufferID = try solidarityAccountID(in: db)
            let buffer = try accountBalance(bufferID, in: db)
            guard buffer.minorUnits >= command.amount.minorUnits else {
                throw LedgerError.solidarityInsufficient.with("buffer \(buffer.minorUnits), asked \(command.amount.minorUnits)")
            }
            let transferID = try append(NewTransfer(
                debitAccountID: bufferID, creditAccountID: client.walletAccountID, amount: command.amount,
                kind: .solidarityGrant, month: Month(containing: now.0), operatorUID: command.operator.uid,
                operatorName: command.operator.name, memo: "solidariteit: \(command.reason)"), in: db, at: now)
            let wallet = try walletSummary(client: client, month: Month(containing: now.0), in: db)
            return GrantResult(clientNumber: client.number, amount: command.amount, reason: command.reason,
                               balance: wallet.balance, light: wallet.light,
                               solidarityBalance: try accountBalance(bufferID, in: db), transferID: transferID,
                               replayed: false)
        }
        var answer = result
        answer.replayed = replayed
        return answer
    }
}
