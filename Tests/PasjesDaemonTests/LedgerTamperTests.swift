import Foundation
import GRDB
import PasjesProtocol
import PasjesTestSupport
import Testing

/// A ledger edited behind a running pasjesd's back (a NULL where a value belongs, a missing
/// account, a negative balance): a charge is refused with `ledger_inconsistent`, never a crash
/// or `internal_error`; pasjesd keeps answering, logs what it found, and nothing is booked.
@Suite struct LedgerTamperTests {
    /// One edit of the live file, made through a connection of its own.
    struct Edit: CustomTestStringConvertible, Sendable {
        var name: String
        /// A NOT NULL the edit needs gone first (table, text in its schema, text instead).
        var loosen: (table: String, from: String, to: String)?
        var sql: String
        /// What the log line names, so an operator finds the row.
        var logged: String
        var testDescription: String { name }
    }

    static let edits: [Edit] = [
        // Before the fix: `row["categories"] as String` trapped inside `try?`: pasjesd died.
        Edit(name: "counter categories NULL", loosen: ("counters", "categories TEXT NOT NULL", "categories TEXT"),
             sql: "UPDATE counters SET categories = NULL WHERE id = 'restaurant'", logged: "counters"),
        // Before the fix: a negative wallet and own money allowed trapped in ChargeDecision.
        Edit(name: "wallet balance negative", loosen: nil,
             sql: "UPDATE accounts SET balance = -500 WHERE code = 'wallet:1001'", logged: "wallet:1001"),
        // Before the fix: read as a balance of 0, the charge booked (or was insufficient_funds).
        Edit(name: "wallet balance NULL", loosen: ("accounts", "balance INTEGER NOT NULL", "balance INTEGER"),
             sql: "UPDATE accounts SET balance = NULL WHERE code = 'wallet:1001'", logged: "wallet:1001"),
        // Before the fix: internal_error (a RowDecodingError nobody turned into a refusal).
        Edit(name: "wallet account deleted", loosen: nil,
             sql: "DELETE FROM accounts WHERE code = 'wallet:1001'", logged: "wallet:1001"),
        Edit(name: "product price NULL", loosen: ("products", "price INTEGER NOT NULL", "price INTEGER"),
             sql: "UPDATE products SET price = NULL WHERE code = 'KOF'", logged: "products"),
    ]

    /// What must not change when a refused charge books nothing: every balance, the journal, the sales.
    private static func snapshot(_ path: String) throws -> [String] {
        let queue = try tamperConnection(path)
        defer { try? queue.close() }
        return try queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT code || '=' || COALESCE(balance, 'NULL') FROM accounts ORDER BY code
                """)
                + [try String.fetchOne(db, sql: "SELECT COUNT(*) || ':' || MAX(seq) || ':' || (SELECT hash FROM journal ORDER BY seq DESC LIMIT 1) FROM journal") ?? "",
                   "sales \(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sales") ?? -1)",
                   "transfers \(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transfers") ?? -1)"]
        }
    }

    /// A plain SQLite connection, as someone with the sqlite3 shell would have: no foreign keys.
    private static func tamperConnection(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    private static func tamper(_ path: String, _ edit: Edit) throws {
        if let loosen = edit.loosen {
            // Drops a NOT NULL the way a determined editor would: in the stored schema text.
            let queue = try tamperConnection(path)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA writable_schema = ON")
                try db.execute(sql: "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?",
                               arguments: [loosen.from, loosen.to, loosen.table])
                let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
                try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
                try db.execute(sql: "PRAGMA writable_schema = OFF")
            }
            try queue.close()
        }
        let queue = try tamperConnection(path)
        defer { try? queue.close() }
        let changed = try queue.writeWithoutTransaction { db -> Int in
            try db.execute(sql: edit.sql)
            return db.changesCount
        }
        #expect(changed == 1, "the edit \(edit.name) changed one row")
    }

    @Test(arguments: edits)
    func anEditBehindPasjesdsBackIsARefusalNotACrash(_ edit: Edit) throws {
        let daemon = try DaemonProcess()
        let c = try daemon.client()
        let charge = SaleChargeParams(idempotencyKey: "tamper-1", counter: "restaurant",
                                      items: [SaleItem(product: "KOF", quantity: 1)],
                                      clientNumber: "1001", cardUid: "04A22B1C", reason: "proef")
        try Self.tamper(daemon.databasePath, edit)
        let before = try Self.snapshot(daemon.databasePath)

        let refusal = #expect(throws: RPCError.self, "\(edit.name): refused") {
            _ = try c.call("sale.charge", charge, as: SaleResult.self)
        }
        #expect(refusal?.reason == "ledger_inconsistent", "\(edit.name): \(String(describing: refusal))\n\(daemon.log)")
        #expect(refusal?.message.hasPrefix("De administratie klopt niet") == true, "\(String(describing: refusal))")
        #expect(refusal?.message.contains("er is niets geboekt") == true)

        // Still up, on a new connection too, and nothing was half-booked.
        let info = try daemon.client().call("system.info", NoParams(), as: SystemInfo.self)
        #expect(!info.version.isEmpty)
        #expect(daemon.process?.isRunning == true, "pasjesd is still running\n\(daemon.log)")
        #expect(try Self.snapshot(daemon.databasePath) == before, "\(edit.name): nothing booked")
        // The operator's line: error level, what was found and where.
        let line = daemon.log.split(separator: "\n").first { $0.contains("ledger inconsistent") }
        #expect(line?.contains("error") == true && line?.contains(edit.logged) == true, "\(daemon.log)")
        #expect(daemon.stop(SIGTERM) == 0)
    }
}
