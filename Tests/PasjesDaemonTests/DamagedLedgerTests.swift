import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

/// A ledger file damaged on disk: pasjesd refuses to start on damaged pages (quick_check), and
/// `pasjes-ledger verify` (read-only) finds both damaged pages and a changed byte inside a row.
@Suite struct DamagedLedgerTests {
    /// A demo ledger with one sale, stopped cleanly (its WAL checkpointed into the file).
    private func stoppedLedger() throws -> DaemonProcess {
        let daemon = try DaemonProcess()
        _ = try daemon.client().call("sale.charge", SaleChargeParams(
            idempotencyKey: "s", counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)],
            clientNumber: "1001", reason: "test"), as: SaleResult.self)
        #expect(daemon.stop(SIGTERM) == 0)
        return daemon
    }

    private func pasjesd(_ daemon: DaemonProcess) throws -> (status: Int32, output: String) {
        try Shell.run(["timeout", "30", TestSupport.binary("pasjesd"), "--database", daemon.databasePath,
                       "--socket", daemon.folder.appendingPathComponent("other.sock").path, "--no-readers"])
    }

    private func ledgerVerify(_ path: String) throws -> (status: Int32, output: String) {
        try Shell.run([TestSupport.binary("pasjes-ledger"), "verify", "--database", path])
    }

    /// The first b-tree page after the header page gets a page type no b-tree has; the bytes written.
    private func damagePage(_ path: String) throws -> Data {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        let page = try #require(stride(from: pageSize, to: bytes.count, by: pageSize).first {
            [2, 5, 10, 13].contains(bytes[$0])
        })
        bytes[page] = 0x77
        try bytes.write(to: URL(fileURLWithPath: path))
        return bytes
    }

    @Test func aDamagedPageStopsPasjesdWithItsOwnExitCodeAndVerifySaysWhy() throws {
        let daemon = try stoppedLedger()
        let damaged = try damagePage(daemon.databasePath)

        let started = try pasjesd(daemon)
        #expect(started.status == 65, "EX_DATAERR, not a restart loop\n\(started.output)")
        #expect(started.output.contains("beschadigd") && started.output.contains("reservekopie"), "\(started.output)")
        let verified = try ledgerVerify(daemon.databasePath)
        #expect(verified.status != 0)
        #expect(verified.output.contains("PROBLEEM integrity") || verified.output.contains("malformed"), "\(verified.output)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: daemon.databasePath)) == damaged, "verify never writes")
    }

    /// The refusal to start names the newest copy in `[backup] dir` and the command that restores it.
    @Test func refusingADamagedFileNamesTheNewestCopyAndTheRestoreCommand() throws {
        let folder = try TestSupport.temporaryFolder("dmg")
        let copies = folder.appendingPathComponent("kopieen").path
        let daemon = try DaemonProcess(folder: folder, config: "[backup]\ndir = \"\(copies)\"\n")
        let copy = try daemon.client().call("ledger.backup", NoParams(), as: BackupResult.self)
        #expect(daemon.stop(SIGTERM) == 0)
        _ = try damagePage(daemon.databasePath)

        let started = try Shell.run(["timeout", "30", TestSupport.binary("pasjesd"), "--database", daemon.databasePath,
                                     "--socket", folder.appendingPathComponent("other.sock").path, "--no-readers",
                                     "--config", folder.appendingPathComponent("pasjesd.toml").path])
        #expect(started.status == 65, "\(started.output)")
        #expect(started.output.contains("pasjes-ledger restore \(copy.path) --database \(daemon.databasePath)"), "\(started.output)")
        #expect(started.output.contains("alert=ledger_damaged"), "the log line is an alert: \(started.output)")
    }

    @Test func aChangedByteInsideARowIsFoundByVerifyWhilePasjesdStillStarts() throws {
        let daemon = try stoppedLedger()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: daemon.databasePath))
        // Inside a record, where SQLite's page checks do not look: a client's name.
        let name = Data("Mehmet".utf8)
        let at = try #require(bytes.range(of: name))
        bytes[at.lowerBound] = UInt8(ascii: "N")
        try bytes.write(to: URL(fileURLWithPath: daemon.databasePath))

        let verified = try ledgerVerify(daemon.databasePath)
        #expect(verified.status == 1, "\(verified.output)")
        #expect(verified.output.contains("PROBLEEM"), "\(verified.output)")
        try daemon.start()
        let report = try daemon.client().call("ledger.verify", NoParams(), as: VerifyResult.self)
        #expect(!report.ok, "pasjes verify finds it through the daemon too")
    }
}
