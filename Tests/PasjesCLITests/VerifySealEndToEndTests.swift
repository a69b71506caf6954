import Foundation
import PasjesTestSupport
import Testing

/// `pasjes verify` against a real pasjesd: the seal it prints, `--seal`, and a table changed
/// behind the daemon's back named by table and key.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjesd"))
                && FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct VerifySealEndToEndTests {
    private func seal(in output: String) -> String? {
        output.firstMatch(of: /Zegel: (\d+:[0-9a-f]{64})/).map { String($0.1) }
    }

    @Test func theSealIsPrintedKeptAndChecked() throws {
        let daemon = try DaemonProcess()
        defer { _ = daemon.stop() }
        let first = try TestSupport.pasjes(["verify"], socket: daemon.socketPath)
        #expect(first.status == 0, "\(first.all)")
        #expect(first.stdout.contains("alle tabellen kloppen met het journaal"), "\(first.stdout)")
        let kept = try #require(seal(in: first.stdout), "\(first.stdout)")

        // More bookings after the seal: the sealed entry is still there, unchanged.
        let sale = try TestSupport.pasjes(["sale", "charge", "1001", "--counter", "restaurant",
                                           "--item", "KOF", "--reason", "test"], socket: daemon.socketPath)
        #expect(sale.status == 0, "\(sale.all)")
        let later = try TestSupport.pasjes(["verify", "--seal", kept], socket: daemon.socketPath)
        #expect(later.status == 0, "\(later.all)")
        #expect(seal(in: later.stdout) != kept, "the head moved on")

        // A seal of another history does not match; a malformed one is refused before asking.
        let sequence = kept.split(separator: ":")[0]
        let other = try TestSupport.pasjes(["verify", "--seal", "\(sequence):" + String(repeating: "0", count: 64)],
                                           socket: daemon.socketPath)
        #expect(other.status == 1, "\(other.all)")
        #expect(other.all.contains("seal_mismatch"), "\(other.all)")
        let malformed = try TestSupport.pasjes(["verify", "--seal", "zegel"], socket: daemon.socketPath)
        #expect(malformed.status == 2, "\(malformed.all)")
        #expect(malformed.stderr.contains("verwacht volgnummer:hash"), "\(malformed.stderr)")
    }

    @Test func aQuantityChangedBehindTheDaemonsBackIsNamed() throws {
        let daemon = try DaemonProcess()
        defer { _ = daemon.stop() }
        // What someone with a SQLite shell would do while the daemon runs.
        let edit = try Shell.run(["/usr/bin/python3", "-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("UPDATE sale_items SET quantity = quantity + 1 WHERE rowid = (SELECT MIN(rowid) FROM sale_items)")
            db.commit()
            """, daemon.databasePath])
        #expect(edit.status == 0, "\(edit.output)")
        let report = try TestSupport.pasjes(["verify"], socket: daemon.socketPath)
        #expect(report.status == 1, "\(report.all)")
        #expect(report.all.contains("row_changed") && report.all.contains("sale_items") && report.all.contains("quantity is"),
                "\(report.all)")
        #expect(report.all.contains("NIET in orde"), "\(report.all)")
    }
}
