import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Whether this machine lets a test mount a tmpfs in a mount namespace of its own: root and
/// util-linux `unshare`. The mount lives only as long as the namespace's processes, so nothing
/// is left mounted on the host whatever happens to the test.
enum PrivateMount {
    static let skipReason = "needs root and util-linux (unshare --mount, mount -t tmpfs, nsenter) to give pasjesd a small disk that fills up"

    static let available: Bool = {
        guard let folder = try? TestSupport.temporaryFolder("mnt") else { return false }
        defer { try? FileManager.default.removeItem(at: folder) }
        let probe = try? Shell.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                                    #"mount -t tmpfs -o size=64k tmpfs "$1" && command -v nsenter"#, "sh", folder.path])
        return probe?.status == 0
    }()
}

/// A real full disk (ENOSPC from a tmpfs, not SQLite's `max_page_count`): pasjesd refuses with
/// `storage_full`, books nothing, stays up, and sells again by itself once space is freed.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjesd")) && PrivateMount.available,
                "\(PrivateMount.skipReason)"))
struct StorageFullTests {
    /// pasjesd in a mount namespace of its own, its ledger on an 8 MiB tmpfs that only it sees;
    /// its socket and log stay outside, in a normal temporary folder.
    final class SmallDiskDaemon {
        let folder: URL
        let disk: URL
        let process: SpawnedProcess
        var socketPath: String { folder.appendingPathComponent("d.sock").path }
        var logPath: String { folder.appendingPathComponent("pasjesd.log").path }

        /// - Parameter beforeStart: shell run inside the namespace after the ledger is on the disk,
        ///   before pasjesd starts (`$1` the disk, `$2` the seed, `$3` pasjesd, `$4` the socket, `$5` the config).
        init(seed: String, config: String, beforeStart: String = "") throws {
            folder = try TestSupport.temporaryFolder("full")
            disk = folder.appendingPathComponent("disk")
            try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
            let configPath = folder.appendingPathComponent("pasjesd.toml").path
            try config.write(toFile: configPath, atomically: true, encoding: .utf8)
            // unshare and sh exec: the child's pid is pasjesd's, so nsenter and signals reach it.
            let script = #"mount -t tmpfs -o size=8m tmpfs "$1" && cp "$2" "$1/ledger.sqlite" && { "#
                + beforeStart + #" true; } && exec "$3" --database "$1/ledger.sqlite" --socket "$4" --config "$5" --no-readers"#
            process = try SpawnedProcess(
                ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
                 disk.path, seed, TestSupport.binary("pasjesd"), folder.appendingPathComponent("d.sock").path, configPath],
                outputPath: folder.appendingPathComponent("pasjesd.log").path)
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if let client = try? RPCClient(socketPath: socketPath, readTimeoutMilliseconds: 2_000),
                   (try? client.callRaw("system.info", NoParams())) != nil { return }
                guard process.isRunning else { throw TestError("pasjesd exited: \(log)") }
                usleep(50_000)
            }
            throw TestError("pasjesd did not answer: \(log)")
        }

        var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

        func client() throws -> RPCClient { try RPCClient(socketPath: socketPath, readTimeoutMilliseconds: 15_000) }

        /// Runs `script` (with the disk's path as `$1`) inside pasjesd's mount namespace.
        @discardableResult
        func inside(_ script: String) throws -> (status: Int32, output: String) {
            try Shell.run(["nsenter", "-t", "\(process.pid)", "-m", "sh", "-c", script, "sh", disk.path])
        }

        func lines(containing text: String) -> Int {
            log.split(separator: "\n").filter { $0.contains(text) }.count
        }
    }

    private func charge(_ key: String) -> SaleChargeParams {
        SaleChargeParams(idempotencyKey: key, counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)],
                         clientNumber: "1001", reason: "schijf-test")
    }

    /// Started on a full disk, SQLite cannot make the file it reads with and says "disk I/O
    /// error": pasjesd called that a damaged ledger (exit 65, "restore the newest backup"). It is
    /// the disk: exit 75, which systemd restarts, and a sentence that says not to restore.
    @Test func startingOnAFullDiskIsNotDamageAndStartsOnceSpaceIsFreed() throws {
        let seed = try DaemonProcess()
        #expect(seed.stop() == 0)
        let daemon = try SmallDiskDaemon(seed: seed.databasePath, config: "", beforeStart: #"""
            dd if=/dev/zero of="$1/filler" bs=4096 2>/dev/null; \#
            "$3" --database "$1/ledger.sqlite" --socket "$4" --config "$5" --no-readers; \#
            echo "first start exit=$?"; rm -f "$1/filler";
            """#)
        #expect(daemon.log.contains("first start exit=75"), "\(daemon.log)")
        #expect(daemon.log.contains("is vol") && daemon.log.contains("zet GEEN reservekopie terug"), "\(daemon.log)")
        #expect(!daemon.log.contains("beschadigd"), "\(daemon.log)")
        let c = try daemon.client()
        _ = try c.call("sale.charge", charge("after-start"), as: SaleResult.self)
        #expect(daemon.process.stop(SIGTERM) == 0, "\(daemon.log)")
    }

    @Test func aFullDiskRefusesWithStorageFullBooksNothingAndSellingResumesWhenSpaceIsFreed() throws {
        // A demo ledger stopped cleanly: one self-contained file, no WAL, to copy onto the small disk.
        let seed = try DaemonProcess()
        #expect(seed.stop() == 0)
        let daemon = try SmallDiskDaemon(seed: seed.databasePath, config: """
            [storage]
            warn_below_mb = 1
            check_seconds = 1
            """)
        let c = try daemon.client()
        let roomy = try c.call("system.info", NoParams(), as: SystemInfo.self)
        let roomyFree = try #require(roomy.storageFreeBytes)
        #expect(roomyFree > 1_000_000 && roomyFree <= 8 * 1_048_576, "the tmpfs, not the host's disk: \(roomyFree)")
        #expect(roomy.storageWarnBelowBytes == 1_000_000)
        _ = try c.call("sale.charge", charge("before"), as: SaleResult.self)
        let balanceBefore = try c.call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self).balance
        let verifiedBefore = try c.call("ledger.verify", NoParams(), as: VerifyResult.self)

        // Fill the disk from inside pasjesd's namespace: dd stops at ENOSPC.
        try daemon.inside(#"dd if=/dev/zero of="$1/filler" bs=4096 2>/dev/null; exit 0"#)
        for attempt in ["full-1", "full-2"] {
            do {
                _ = try c.call("sale.charge", charge(attempt), as: SaleResult.self)
                Issue.record("a charge was booked on a full disk")
            } catch let error as RPCError {
                #expect(error.reason == "storage_full", "\(error) \(daemon.log)")
                #expect(error.message == "De schijf van de kassacomputer is vol: er is niets geboekt. Waarschuw de beheerder.")
            }
        }
        do {
            _ = try c.call("counter.create", CounterCreateParams(id: "atelier", name: "Atelier", categories: ["dagbesteding"]),
                           as: CounterInfo.self)
            Issue.record("a counter was made on a full disk")
        } catch let error as RPCError {
            #expect(error.reason == "storage_full", "every write, not only charges: \(error)")
        }
        #expect(daemon.process.isRunning, "pasjesd stays up")
        let full = try c.call("system.info", NoParams(), as: SystemInfo.self)
        #expect(try #require(full.storageFreeBytes) < 4_096)
        #expect(try c.call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self).balance == balanceBefore)
        let verifiedFull = try c.call("ledger.verify", NoParams(), as: VerifyResult.self)
        #expect(verifiedFull.ok && verifiedFull.seal == verifiedBefore.seal
                && verifiedFull.journalEntries == verifiedBefore.journalEntries, "nothing half-booked: \(verifiedFull)")
        // Once per episode and once per crossing, not once per refusal.
        #expect(daemon.lines(containing: "ledger disk full") == 1, "\(daemon.log)")
        #expect(daemon.lines(containing: "ledger disk almost full") == 1, "\(daemon.log)")

        // Space freed: the same key books now, without a restart.
        try daemon.inside(#"rm -f "$1/filler""#)
        let sold = try c.call("sale.charge", charge("full-1"), as: SaleResult.self)
        #expect(!sold.replayed)
        let balanceAfter = try c.call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self).balance
        #expect(balanceAfter == (try balanceBefore.subtracting(sold.fromWallet)))
        #expect(try c.call("ledger.verify", NoParams(), as: VerifyResult.self).ok)
        #expect(daemon.lines(containing: "ledger disk accepts bookings again") == 1, "\(daemon.log)")
        let deadline = Date().addingTimeInterval(10)
        while daemon.lines(containing: "ledger disk has room again") == 0 && Date() < deadline { usleep(100_000) }
        #expect(daemon.lines(containing: "ledger disk has room again") == 1, "the periodic check sees it: \(daemon.log)")

        // Full again: a new episode is logged again, and pasjesd still stops cleanly on a full disk.
        try daemon.inside(#"dd if=/dev/zero of="$1/filler" bs=4096 2>/dev/null; exit 0"#)
        #expect(throws: RPCError.self) { _ = try c.call("sale.charge", charge("full-3"), as: SaleResult.self) }
        #expect(daemon.lines(containing: "ledger disk full") == 2, "\(daemon.log)")
        #expect(daemon.process.stop(SIGTERM) == 0, "\(daemon.log)")
        // The namespace died with pasjesd: its tmpfs went with it, and the host never saw it.
        let mounts = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
        #expect(!mounts.contains(daemon.disk.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: daemon.disk.path).isEmpty)
    }
}
