import GRDB
import PasjesMoney

/// What `verify` found: counts, and every problem with the transfer or account it concerns.
public struct VerifyReport: Codable, Hashable, Sendable {
    /// One inconsistency.
    public struct Problem: Codable, Hashable, Sendable {
        /// `balance_mismatch`, `zero_sum`, `hash_mismatch`, `missing_transfer`, `double_reversal`,
        /// `bad_reversal`, `negative_wallet`, `sale_mismatch`; for the journal `journal_gap`,
        /// `journal_hash_mismatch`, `journal_link`, `seal_mismatch`, `replay_failed`,
        /// `result_mismatch`; for the tables rebuilt from it `row_extra`, `row_missing`,
        /// `row_changed`, `table_missing`.
        public var kind: String
        public var transferID: String?
        public var accountCode: String?
        /// The table that differs from its rebuild from the journal.
        public var table: String?
        /// The journal entry concerned.
        public var journalSeq: Int64?
        public var message: String

        public init(kind: String, transferID: String? = nil, accountCode: String? = nil, table: String? = nil,
                    journalSeq: Int64? = nil, message: String) {
            self.kind = kind
            self.transferID = transferID
            self.accountCode = accountCode
            self.table = table
            self.journalSeq = journalSeq
            self.message = message
        }
    }

    public var transferCount: Int
    public var accountCount: Int
    /// Entries in the journal.
    public var journalCount: Int
    /// The journal's head now: keep it outside the ledger and pass it to a later `verify`.
    public var seal: JournalSeal?
    public var problems: [Problem]
    public var isClean: Bool { problems.isEmpty }
}

extension Ledger {
    /// Checks the journal's chain (and `seal`), rebuilds every table from the journal and names
    /// each difference, and recomputes every balance, reversal and sale from the transfers.
    ///
    /// Runs in a read snapshot, so the daemon can keep booking while it runs. Without
    /// `rebuild` the tables are not rebuilt from the journal: the cheap checks only (a test that
    /// verifies after every step of a long history would otherwise replay it quadratically).
    public func verify(seal: JournalSeal? = nil, rebuild: Bool = true) throws -> VerifyReport {
        try read { db in try Ledger.verify(db, seal: seal, rebuild: rebuild) }
    }

    static func verify(_ db: Database, seal: JournalSeal?, rebuild: Bool = true) throws -> VerifyReport {
        var problems: [VerifyReport.Problem] = []
        // SQLite's own structures first: the checks below read through them.
        for damage in try integrityProblems(db, quick: !rebuild) {
            problems.add("integrity", "SQLite integrity_check: \(damage)")
        }
        let accountCount = try verifyBalances(db, into: &problems)
        try verifyReversals(db, into: &problems)
        try verifySales(db, into: &problems)
        let transferCount = try verifyChain(db, into: &problems)
        let (journalCount, head) = try verifyJournalChain(db, seal: seal, into: &problems)
        try verifyNodeIdentity(db, into: &problems)
        if rebuild { try verifyRebuild(db, into: &problems) }
        return VerifyReport(transferCount: transferCount, accountCount: accountCount, journalCount: journalCount,
                            seal: head.map { JournalSeal(seq: $0.seq, hash: $0.hash) }, problems: problems)
    }

    /// Cached balances against balances recomputed from the transfers.
    private static func verifyBalances(_ db: Database, into problems: inout [VerifyReport.Problem]) throws -> Int {
        let accounts = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT a.code, a.kind, a.balance,
                COALESCE((SELECT SUM(amount) FROM transfers WHERE credit_account_id = a.id), 0)
              - COALESCE((SELECT SUM(amount) FROM transfers WHERE debit_account_id = a.id), 0) AS computed
            FROM accounts a ORDER BY a.id
            """))
        var cachedSum: Int64 = 0
        for account in accounts {
            let code: String = try account.decode(forColumn: "code")
            let computed: Int64 = try account.decode(forColumn: "computed")
            // A NULL balance is a finding of its own, not a reason for verify to stop.
            guard let cached = try account.decode(Int64?.self, forColumn: "balance") else {
                problems.add("balance_mismatch", account: code, "\(code): stored NULL, transfers give \(computed)")
                continue
            }
            if cached != computed {
                problems.add("balance_mismatch", account: code, "\(code): stored \(cached), transfers give \(computed)")
            }
            if try account.decode(String.self, forColumn: "kind") == "wallet" && computed < 0 {
                problems.add("negative_wallet", account: code, "\(code) is negative: \(computed)")
            }
            cachedSum = cachedSum &+ cached
        }
        if cachedSum != 0 { problems.add("zero_sum", "balances sum to \(cachedSum), not 0") }
        return accounts.count
    }

    /// Reversals: each names an existing transfer of the same amount, in the other direction, once.
    private static func verifyReversals(_ db: Database, into problems: inout [VerifyReport.Problem]) throws {
        let badReversals = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT r.id, r.reverses_id, o.id AS original
            FROM transfers r LEFT JOIN transfers o ON o.id = r.reverses_id
            WHERE r.reverses_id IS NOT NULL AND (o.id IS NULL OR o.amount <> r.amount
               OR o.debit_account_id <> r.credit_account_id OR o.credit_account_id <> r.debit_account_id)
            """))
        for row in badReversals {
            problems.add("bad_reversal", transfer: try row.decode(forColumn: "id"),
                         "reversal \(try row.decode(String.self, forColumn: "id")) does not mirror \(try row.decode(String.self, forColumn: "reverses_id"))")
        }
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT reverses_id, COUNT(*) AS n FROM transfers WHERE reverses_id IS NOT NULL
            GROUP BY reverses_id HAVING n > 1
            """)) {
            problems.add("double_reversal", transfer: try row.decode(forColumn: "reverses_id"),
                         "\(try row.decode(String.self, forColumn: "reverses_id")) reversed \(try row.decode(Int.self, forColumn: "n")) times")
        }
    }

    /// Sales agree with their transfers.
    private static func verifySales(_ db: Database, into problems: inout [VerifyReport.Problem]) throws {
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT s.id, s.from_wallet, s.from_own, s.from_risk,
                COALESCE((SELECT SUM(t.amount) FROM transfers t JOIN accounts a ON a.id = t.debit_account_id
                          WHERE t.sale_id = s.id AND t.kind = 'charge' AND a.code <> 'offline:risk'), 0) AS w,
                COALESCE((SELECT SUM(amount) FROM transfers WHERE sale_id = s.id AND kind = 'charge_own'), 0) AS o,
                COALESCE((SELECT SUM(t.amount) FROM transfers t JOIN accounts a ON a.id = t.debit_account_id
                          WHERE t.sale_id = s.id AND t.kind = 'charge' AND a.code = 'offline:risk'), 0) AS r
            FROM sales s WHERE s.from_wallet <> w OR s.from_own <> o OR s.from_risk <> r
            """)) {
            problems.add("sale_mismatch", "sale \(try row.decode(String.self, forColumn: "id")) does not match its transfers")
        }
    }

    /// The hash chain, in booking order. Each hash is recomputed over the stored previous
    /// hash, so an edited transfer is named itself, and a deleted one shows as a gap.
    private static func verifyChain(_ db: Database, into problems: inout [VerifyReport.Problem]) throws -> Int {
        var previousHash = genesisHash
        var expectedSeq: Int64 = 1
        var transferCount = 0
        let cursor = try Row.fetchCursor(db, sql: "SELECT seq, hash, \(TransferFields.columns) FROM transfers ORDER BY seq")
        while let row = try cursor.next() {
            transferCount += 1
            let seq: Int64 = try row.decode(forColumn: "seq")
            let fields = try TransferFields(row: row)
            if seq != expectedSeq {
                problems.add("missing_transfer", transfer: fields.id, "transfers \(expectedSeq)…\(seq - 1) are missing before \(fields.id)")
            }
            let stored: String = try row.decode(forColumn: "hash")
            if chainHash(previous: previousHash, fields: fields) != stored {
                problems.add("hash_mismatch", transfer: fields.id, "transfer \(fields.id) (#\(seq)) was changed after booking")
            }
            previousHash = stored
            expectedSeq = seq + 1
        }
        // A deleted newest transfer leaves no gap; SQLite's AUTOINCREMENT counter still remembers it.
        let highestSeq = try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM sqlite_sequence WHERE name = 'transfers'")) ?? 0
        if highestSeq >= expectedSeq {
            problems.add("missing_transfer", "transfers \(expectedSeq)…\(highestSeq) are missing at the end")
        }
        return transferCount
    }
}

extension [VerifyReport.Problem] {
    /// Records one problem found by `verify`.
    mutating func add(_ kind: String, transfer: String? = nil, account: String? = nil, seq: Int64? = nil,
                      _ message: String) {
        append(.init(kind: kind, transferID: transfer, accountCode: account, journalSeq: seq, message: message))
    }
}
