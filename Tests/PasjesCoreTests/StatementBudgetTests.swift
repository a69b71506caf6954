import Foundation
import GRDB
import PasjesMoney
import Synchronization
import Testing
@testable import PasjesCore

/// The SQL statements of a command, counted with SQLite's trace, against a budget.
///
/// A statement is a round trip into SQLite: parsing its plan, binding, stepping, decoding a row.
/// The budgets say what each command needs, one line per statement; a change that adds one
/// fails here and has to say why it is needed. (Issue 25: a charge in the embedded mode runs at
/// most 12 inside its transaction.)
@Suite struct StatementBudgetTests {
    /// A single card charge of one line, in its own transaction:
    static let singleCharge = [
        "the command's start: journal head, origin sequence, transfer chain head, the key's row",
        "the card and its client (a join)",
        "the product",
        "the counter",
        "the wallet: balance, reserve, holds, own money spent, allocations due, month closed",
        "INSERT the sale",
        "INSERT its line",
        "INSERT the transfer (wallet → revenue)",
        "UPDATE the wallet's balance (RETURNING it: the closing check)",
        "UPDATE the revenue account's balance",
        "INSERT the idempotency row",
        "INSERT the journal entry",
    ]
    /// A charge in a group commit runs the same statements inside its savepoint.
    static let chargeInGroup = singleCharge
    /// The reversal of a one-line charge. Its answer shows the wallet: the summary's facts are
    /// one statement (`walletSummarySQL`), as the charge's are.
    static let reversal = [
        "the command's start",
        "the sale, its client and whether it was reversed",
        "its transfers",
        "the client",
        "the allocations due (the landing before the wallet is read)",
        "the wallet's summary: balance, announced, this month's allocation, reserve, holds, spending",
        "INSERT the reversal",
        "the wallet's account id by its code (once per ledger: then cached)",
        "the month's status",
        "INSERT the mirrored transfer",
        "UPDATE the wallet",
        "UPDATE the revenue account",
        "UPDATE an offline risk it settles",
        "the activity booking it releases, if any",
        "INSERT the idempotency row",
        "INSERT the journal entry",
    ]
    /// A booking (a hold) on a day activity. The budget is read twice, to decide and to answer
    /// with the wallet after the hold (each time one statement, as the charge's facts); the
    /// answer's wallet is read again rather than computed from the hold, which would be a second
    /// copy of what a hold does to a budget.
    static let booking = [
        "the command's start",
        "the session and its activity",
        "the client",
        "the client's absences on the session's day",
        "the allocations due",
        "the budget: balance, reserve, holds, own money spent, month closed",
        "the client's booking of the session, if any",
        "INSERT the booking",
        "the booking as stored",
        "the session again (its places after the hold)",
        "the allocations due (nothing lands twice: read, not booked)",
        "the budget after the hold",
        "the place in the waiting list",
        "INSERT the idempotency row",
        "INSERT the journal entry",
    ]
    /// `wallet.get` of one client (a read: no transaction).
    static let walletGet = [
        "the client",
        "the allocations due (a read lands nothing: what would land is shown)",
        "the wallet's summary: balance, announced, this month's allocation, reserve, holds, spending",
    ]

    /// The statements the writer runs while `body` books, without the transaction's and
    /// savepoints' own (BEGIN, COMMIT, SAVEPOINT, RELEASE) and without a trigger's.
    static func written(by ledger: Ledger, _ body: () throws -> Void) throws -> [String] {
        let seen = Mutex<[String]>([])
        ledger.pool.writeWithoutTransaction { db in
            db.trace(options: .statement) { event in
                let sql = "\(event)"
                seen.withLock { $0.append(sql) }
            }
        }
        defer { ledger.pool.writeWithoutTransaction { db in db.trace(options: [], nil) } }
        try body()
        return seen.withLock { $0 }.filter { !isControl($0) }
    }

    /// The statements a read runs while `body` reads.
    static func read(by ledger: Ledger, _ body: () throws -> Void) throws -> [String] {
        let seen = Mutex<[String]>([])
        ledger.readTrace.withLock { $0 = { sql in seen.withLock { $0.append(sql) } } }
        defer { ledger.readTrace.withLock { $0 = nil } }
        try body()
        return seen.withLock { $0 }.filter { !isControl($0) }
    }

    private static func isControl(_ sql: String) -> Bool {
        let head = sql.uppercased()
        return head.hasPrefix("BEGIN") || head.hasPrefix("COMMIT") || head.hasPrefix("SAVEPOINT")
            || head.hasPrefix("RELEASE") || head.hasPrefix("ROLLBACK") || head.hasPrefix("--")
    }

    private static func check(_ statements: [String], against budget: [String], _ what: String) {
        #expect(statements.count <= budget.count, """
            \(what): \(statements.count) statements, budget \(budget.count):
            \(statements.joined(separator: "\n"))
            """)
    }

    /// A ledger with a client whose November allocation has landed and one charge made: what a
    /// counter meets on any ordinary day.
    private static func warmLedger() throws -> TestLedger {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client(amount: 5_000, own: true, cap: 5_000)
        try t.charge([("KOF", 1)])
        return t
    }

    @Test func aSingleCardChargeStaysWithinTwelveStatements() throws {
        let t = try Self.warmLedger()
        let statements = try Self.written(by: t.ledger) { try t.charge([("KOF", 1)]) }
        Self.check(statements, against: Self.singleCharge, "single card charge")
        #expect(Self.singleCharge.count == 12)
        // The budget counts what a charge must do: a refused one may do less, never more.
        #expect(try t.balance() == 5_000 - 240)
    }

    @Test func aChargeInAGroupStaysWithinItsBudget() throws {
        let t = try Self.warmLedger()
        try t.client("1002", uid: "04B33C2D", amount: 5_000)
        let request = { (uid: String) in
            ChargeRequest(counterID: "restaurant", payer: .card(uid: uid), items: [ChargeItem(productCode: "KOF", quantity: 1)])
        }
        let statements = try Self.written(by: t.ledger) {
            let results = try t.ledger.chargeBatch((0..<10).map { index in
                (request(index % 2 == 0 ? "04A22B1C" : "04B33C2D"), TestLedger.cashier, "group-\(index)")
            })
            #expect(results.allSatisfy { if case .success = $0 { true } else { false } })
        }
        #expect(statements.count % 10 == 0, "each of the 10 charges runs the same statements: \(statements.count)")
        Self.check(Array(statements.prefix(statements.count / 10)), against: Self.chargeInGroup, "charge in a group")
        #expect(statements.count <= 10 * Self.chargeInGroup.count)
    }

    @Test func aReversalStaysWithinItsBudget() throws {
        let t = try Self.warmLedger()
        let sale = try t.charge([("KOF", 1)])
        let statements = try Self.written(by: t.ledger) {
            _ = try t.ledger.reverse(saleID: sale.saleID, operator: TestLedger.admin, idempotencyKey: "reverse-1")
        }
        Self.check(statements, against: Self.reversal, "reversal")
    }

    @Test func aBookingStaysWithinItsBudget() throws {
        let t = try Self.warmLedger()
        try t.activity()
        let session = try t.session()
        let statements = try Self.written(by: t.ledger) { try t.book(session, "1001") }
        Self.check(statements, against: Self.booking, "booking")
    }

    @Test func walletGetStaysWithinItsBudget() throws {
        let t = try Self.warmLedger()
        _ = try t.ledger.wallet(clientNumber: "1001")
        let statements = try Self.read(by: t.ledger) { _ = try t.ledger.wallet(clientNumber: "1001") }
        Self.check(statements, against: Self.walletGet, "wallet.get")
    }
}
