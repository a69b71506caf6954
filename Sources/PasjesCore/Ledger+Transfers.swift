import Foundation
import GRDB
import PasjesMoney

/// The kinds of transfer; the schema's CHECK lists the same names.
enum TransferKind: String {
    case allocation
    case charge
    case chargeOwn = "charge_own"
    case flowBack = "flow_back"
    case reversal
    /// Arrangement days given back for an absence.
    case absenceRefund = "absence_refund"
    /// An allocation's contribution into the solidarity buffer.
    case solidarityContribution = "solidarity_contribution"
    /// Money from the solidarity buffer granted to a client.
    case solidarityGrant = "solidarity_grant"
}

/// One transfer about to be appended.
struct NewTransfer {
    var debitAccountID: Int64
    var creditAccountID: Int64
    var amount: Amount
    var kind: TransferKind
    var saleID: String?
    var reversesID: String?
    var month: Month
    var operatorUID: UInt32
    var operatorName: String
    var counterID: String?
    var cardUID: String?
    var memo: String
}

extension Ledger {
    /// Appends one transfer: checks, hash-chains, stores it and moves both cached balances.
    ///
    /// Must run inside a booking transaction. Returns the transfer's UUIDv7.
    @discardableResult
    func append(_ transfer: NewTransfer, id presetID: String? = nil, in db: Database,
                at createdAt: (Date, String)) throws -> String {
        try appendTransfer(transfer, id: presetID, in: db, at: createdAt).id
    }

    /// A transfer appended, and whether its debit account ended where the caller expected.
    struct AppendedTransfer {
        var id: String
        /// Nil when the debit account ended at `debitExpectedAfter` (or nothing was expected);
        /// else the balance it would have reached: nothing was moved, and the caller says why.
        var debitDiffers: Int64?
    }

    /// `append`, with the balance the caller decided the debit account ends at: the move checks
    /// it as it writes (a compare-and-set), so a caller that checks its decision need not read
    /// the balance back.
    func appendTransfer(_ transfer: NewTransfer, id presetID: String? = nil, debitExpectedAfter: Int64? = nil,
                        in db: Database, at createdAt: (Date, String)) throws -> AppendedTransfer {
        // Thrown, not trapped: amounts and accounts come from rows (an allocation, a price) that
        // an edit behind pasjesd's back can make zero, negative or the same account.
        guard transfer.amount.minorUnits > 0, transfer.debitAccountID != transfer.creditAccountID else {
            throw LedgerError.inconsistent("een boeking van \(transfer.amount.minorUnits) is niet mogelijk", table: "transfers",
                                           key: "\(transfer.kind.rawValue) \(transfer.debitAccountID) → \(transfer.creditAccountID), "
                                               + "amount \(transfer.amount.minorUnits), sale \(transfer.saleID ?? "-")")
        }
        try refuseIfClosed(transfer.month, in: db)
        let id = presetID ?? newID()
        let previousHash = try transferHead(in: db)
        let fields = TransferFields(
            id: id, debit: transfer.debitAccountID, credit: transfer.creditAccountID,
            amount: transfer.amount.minorUnits, kind: transfer.kind.rawValue, saleID: transfer.saleID,
            reversesID: transfer.reversesID, month: transfer.month.description,
            operatorUID: Int64(transfer.operatorUID), operatorName: transfer.operatorName,
            counterID: transfer.counterID, cardUID: transfer.cardUID, memo: transfer.memo,
            createdAt: createdAt.1)
        let hash = Ledger.chainHash(previous: previousHash, fields: fields)
        try db.hotStatement(Ledger.insertTransfer).run(
                id, fields.debit, fields.credit, fields.amount, fields.kind, fields.saleID,
                fields.reversesID, fields.month, fields.operatorUID, fields.operatorName,
                fields.counterID, fields.cardUID, fields.memo, fields.createdAt, hash)
        let debitDiffers = try move(accountID: transfer.debitAccountID, by: -transfer.amount.minorUnits,
                                    expectingAfter: debitExpectedAfter, in: db)
        if debitDiffers != nil { return AppendedTransfer(id: id, debitDiffers: debitDiffers) }
        _ = try move(accountID: transfer.creditAccountID, by: transfer.amount.minorUnits, expectingAfter: nil, in: db)
        return AppendedTransfer(id: id, debitDiffers: nil)
    }

    /// The hash the next transfer links to: from the command's start for its first transfer
    /// (nothing of this command can have moved the head before its first append), else asked.
    private func transferHead(in db: Database) throws -> String {
        let started = execution.withLock { context -> CommandStart.TransferHead? in
            defer { context?.start.transferHead = nil }
            return context?.start.transferHead
        }
        switch started {
        case .genesis: return Ledger.genesisHash
        case .hash(let hash): return hash
        case nil:
            return try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM transfers ORDER BY seq DESC LIMIT 1"))
                ?? Ledger.genesisHash
        }
    }

    /// Moves a cached balance by `delta` in one statement; with `expectingAfter`, only when the
    /// balance ends there. Returns nil when it moved, else (only with an expectation) the balance
    /// the move would have reached.
    ///
    /// The statement changes nothing when the sum would leave Int64 (SQLite would store it as
    /// a REAL), when the row is missing or its balance NULL, or when it would not end where
    /// expected; only then is the row read again, to say which: `amount_overflow`,
    /// `ledger_inconsistent` (only possible behind pasjesd's back), or the balance it would have
    /// reached. Not `RETURNING balance`: SQLite gathers a RETURNING row in a temporary b-tree,
    /// which cost more than the update itself; the number of changed rows says enough.
    private func move(accountID: Int64, by delta: Int64, expectingAfter: Int64?, in db: Database) throws -> Int64? {
        try db.hotStatement(Ledger.moveBalance).run(delta, accountID, Int64.max, Int64.min, expectingAfter)
        if db.changesCount == 1 { return nil }
        let balance = try accountBalance(accountID, in: db).minorUnits
        let (after, overflow) = balance.addingReportingOverflow(delta)
        if overflow { throw LedgerError.amountOverflow.with("balance of account \(accountID)") }
        if let expectingAfter, after != expectingAfter { return after }
        throw LedgerError.inconsistent("het saldo van rekening \(accountID) kon niet worden bijgewerkt", table: "accounts",
                                       key: "id \(accountID), balance \(balance), delta \(delta)")
    }

    /// The hash before the first transfer.
    static let genesisHash = String(repeating: "0", count: 64)

    /// SHA-256 over the previous hash and every field of the transfer, hex encoded.
    static func chainHash(previous: String, fields: TransferFields) -> String {
        let parts: [String] = [
            previous, fields.id, String(fields.debit), String(fields.credit), String(fields.amount),
            fields.kind, fields.saleID ?? "", fields.reversesID ?? "", fields.month,
            String(fields.operatorUID), fields.operatorName, fields.counterID ?? "", fields.cardUID ?? "",
            fields.memo, fields.createdAt,
        ]
        // The unit separator cannot occur in any field we accept, so the join is unambiguous.
        var input = HashInput(capacity: parts.reduce(parts.count) { $0 + $1.utf8.count })
        for (index, part) in parts.enumerated() {
            if index > 0 { input.append(byte: 0x1F) }
            input.append(part)
        }
        return input.sha256Hex()
    }
}

/// The stored fields of a transfer that the hash chain covers.
struct TransferFields: Codable, FetchableRecord {
    var id: String
    var debit: Int64
    var credit: Int64
    var amount: Int64
    var kind: String
    var saleID: String?
    var reversesID: String?
    var month: String
    var operatorUID: Int64
    var operatorName: String
    var counterID: String?
    var cardUID: String?
    var memo: String
    var createdAt: String

    /// The SELECT list that decodes into this struct.
    static let columns = """
        id, debit_account_id AS debit, credit_account_id AS credit, amount, kind, sale_id AS saleID,
        reverses_id AS reversesID, month, operator_uid AS operatorUID, operator_name AS operatorName,
        counter_id AS counterID, card_uid AS cardUID, memo, created_at AS createdAt
        """
}

extension Ledger {
    static let insertTransfer = HotSQL("""
        INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, kind, sale_id,
            reverses_id, month, operator_uid, operator_name, counter_id, card_uid, memo, created_at, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    static let moveBalance = HotSQL("""
        UPDATE accounts SET balance = balance + ?1
        WHERE id = ?2 AND CASE WHEN ?1 >= 0 THEN balance <= ?3 - ?1 ELSE balance >= ?4 - ?1 END
            AND (?5 IS NULL OR balance + ?1 = ?5)
        """)
}
