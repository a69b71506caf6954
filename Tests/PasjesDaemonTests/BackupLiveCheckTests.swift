import Foundation
import GRDB
import PasjesProtocol
import PasjesTestSupport
import Testing

/// The daily backup run checks the live ledger file first (`integrity_check` and the journal
/// verify): damage inside a sale's row, which `quick_check` at start does not see, is an alert,
/// `ledger_damaged` naming the newest copy to restore, and no new copy.
@Suite struct BackupLiveCheckTests {
    /// The byte offset of `text` inside the root page of `table` (a small table: one leaf page).
    private static func offset(of text: String, inTable table: String, file path: String) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let (root, pageSize) = try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]) ?? 0,
             try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
        }
        try queue.close()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let page = (root - 1) * pageSize..<(root * pageSize)
        let found = try #require(bytes.range(of: Data(text.utf8), in: page), "\(text) in the root page of \(table)")
        return found.lowerBound
    }

    @Test func aChangedByteInASaleOfTheLiveFileIsAnAlertAndNoCopy() throws {
        let folder = try TestSupport.temporaryFolder("live")
        let copies = folder.appendingPathComponent("kopieen").path
        let daemon = try DaemonProcess(folder: folder, config: "[backup]\ndir = \"\(copies)\"\n")
        let c = try daemon.client()
        _ = try c.call("sale.charge", SaleChargeParams(
            idempotencyKey: "live-1", counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)],
            clientNumber: "1001", reason: "levende-controle"), as: SaleResult.self)
        let good = try c.call("ledger.backup", NoParams(), as: BackupResult.self)
        #expect(good.checkMilliseconds != nil, "the live file was checked before the copy")
        #expect(daemon.stop(SIGTERM) == 0, "a clean stop writes the WAL into the file")

        // One byte of the sale's reason, inside its record: SQLite's page checks do not look there.
        let at = try Self.offset(of: "levende-controle", inTable: "sales", file: daemon.databasePath)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: daemon.databasePath))
        try handle.seek(toOffset: UInt64(at))
        try handle.write(contentsOf: Data("L".utf8))
        try handle.close()

        try daemon.start()  // quick_check at start passes: this damage is for the daily check to find
        let refusal = #expect(throws: RPCError.self) { _ = try daemon.client().call("ledger.backup", NoParams(), as: BackupResult.self) }
        #expect(refusal?.reason == "ledger_damaged", "\(String(describing: refusal))\n\(daemon.log)")
        #expect(refusal?.message.contains("beschadigd") == true && refusal?.message.contains(good.path) == true
                && refusal?.message.contains("pasjes-ledger restore") == true, "\(String(describing: refusal))")
        #expect(refusal?.data?.detail?.contains("sales") == true, "what was found: \(String(describing: refusal?.data?.detail))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: copies) == [(good.path as NSString).lastPathComponent],
                "no copy of a damaged file, and the good one kept")
        let alert = daemon.log.split(separator: "\n").first { $0.contains("ledger damaged") }
        #expect(alert?.contains(" alert pasjesd") == true && alert?.contains("alert=ledger_damaged") == true
                && alert?.contains(good.path) == true, "\(daemon.log)")

        let cli = try TestSupport.pasjes(["backup"], socket: daemon.socketPath)
        #expect(cli.status == 1, "\(cli.all)")
        #expect(cli.stderr.contains("ALARM: Het grootboek") && cli.stderr.contains(good.path) && cli.stderr.contains("Gevonden:"),
                "\(cli.all)")
        #expect(try daemon.client().call("system.info", NoParams(), as: SystemInfo.self).version.isEmpty == false)
    }
}
