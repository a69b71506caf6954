import Foundation
import PasjesProtocol
import PasjesTestSupport
import Synchronization
import Testing

/// `ledger.backup` while 16 connections charge, and `pasjes-ledger restore` of that copy.
@Suite struct BackupTests {
    private func ledgerTool(_ arguments: String...) throws -> (status: Int32, output: String) {
        try Shell.run([TestSupport.binary("pasjes-ledger")] + arguments)
    }

    private func charge(_ socketPath: String, key: String) throws -> String {
        let c = try RPCClient(socketPath: socketPath, readTimeoutMilliseconds: 10_000)
        return try c.call("sale.charge", SaleChargeParams(
            idempotencyKey: key, counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)],
            clientNumber: "9001", reason: "backup"), as: SaleResult.self).saleId
    }

    @Test func aBackupUnderLoadHoldsEveryAcknowledgedChargeAndRestores() throws {
        let daemon = try DaemonProcess()
        try ActivityMethodTests.resident(try daemon.client(), "9001", amount: 1_000_000_000)
        let socketPath = daemon.socketPath
        let folder = daemon.folder.appendingPathComponent("kopieen").path
        let stop = Atomic(false)
        let acknowledged = Mutex<[(key: String, sale: String, at: Date)]>([])
        // Threads of their own, not tasks: under the full suite the cooperative pool is busy
        // with other tests, and charging must start now, not when a pool thread is free.
        let finished = DispatchGroup()
        for client in 0..<16 {
            finished.enter()
            Thread {
                var index = 0
                while !stop.load(ordering: .relaxed) {
                    index += 1
                    let key = "b\(client)-\(index)"
                    if let sale = try? charge(socketPath, key: key) {
                        acknowledged.withLock { $0.append((key, sale, Date())) }
                    } else {
                        usleep(5_000)  // refused or slow: no busy loop on a loaded machine
                    }
                }
                finished.leave()
            }.start()
        }
        // Counted, not timed: the machine may be slow, the test waits for charges to flow.
        func waitUntil(_ count: Int) {
            let deadline = Date().addingTimeInterval(120)
            while acknowledged.withLock({ $0.count }) < count, Date() < deadline { usleep(20_000) }
        }
        waitUntil(50)
        let began = Date()
        let backup = try daemon.client().call("ledger.backup", BackupParams(dir: folder), as: BackupResult.self)
        waitUntil(acknowledged.withLock { $0.count } + 50)
        stop.store(true, ordering: .relaxed)
        finished.wait()
        let before = acknowledged.withLock { $0.filter { $0.at < began } }
        #expect(!before.isEmpty)
        #expect(acknowledged.withLock { $0.count } > before.count, "charges went on during the backup")

        var info = stat()
        #expect(lstat(backup.path, &info) == 0 && info.st_mode & 0o777 == 0o600, "the copy is 0600")
        #expect(backup.path.hasPrefix(folder + "/pasjes-") && backup.path.contains(backup.seal.split(separator: ":")[0] + "-"))
        let verified = try ledgerTool("verify", "--database", backup.path)
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("Zegel: \(backup.seal)"))

        // Restore refuses while pasjesd has the file open.
        let busy = try ledgerTool("restore", backup.path, "--database", daemon.databasePath)
        #expect(busy.status != 0 && busy.output.contains("systemctl stop"), "\(busy.output)")
        #expect(daemon.stop(SIGTERM) == 0)
        let copyBalances = try ledgerTool("balances", "--database", backup.path)
        let restored = try ledgerTool("restore", backup.path, "--database", daemon.databasePath)
        #expect(restored.status == 0, "\(restored.output)")
        #expect(restored.output.contains("pasjes verify --seal \(backup.seal)") && restored.output.contains("opzij"))
        #expect(try ledgerTool("balances", "--database", daemon.databasePath).output == copyBalances.output)

        try daemon.start()
        let c = try daemon.client()
        for charge in before {
            let replay = try c.call("sale.charge", SaleChargeParams(
                idempotencyKey: charge.key, counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)],
                clientNumber: "9001", reason: "backup"), as: SaleResult.self)
            #expect(replay.replayed && replay.saleId == charge.sale, "acknowledged before the backup began: \(charge.key)")
        }
        #expect(try c.call("ledger.verify", NoParams(), as: VerifyResult.self).ok)
    }

    @Test func theNewestCopiesAreKeptAndAFolderOthersMayWriteIsRefused() throws {
        let daemon = try DaemonProcess(config: "[backup]\nkeep = 2\n")
        let folder = daemon.folder.appendingPathComponent("kopieen").path
        let c = try daemon.client()
        var paths: [String] = []
        for _ in 0..<3 {
            paths.append(try c.call("ledger.backup", BackupParams(dir: folder), as: BackupResult.self).path)
            usleep(5_000)  // the copy's name carries the time to the millisecond
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(kept.count == 2 && !FileManager.default.fileExists(atPath: paths[0]), "\(kept)")
        let open = daemon.folder.appendingPathComponent("open").path
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: false)
        chmod(open, 0o777)
        let refused = #expect(throws: RPCError.self) { _ = try c.call("ledger.backup", BackupParams(dir: open), as: BackupResult.self) }
        #expect(refused?.message.contains("anderen mogen erin schrijven") == true || refused?.data?.detail?.contains("anderen") == true)
        let cli = try TestSupport.pasjes(["backup", folder], socket: daemon.socketPath)
        #expect(cli.status == 0 && cli.stdout.contains("Zegel:") && cli.stdout.contains("gecontroleerd"), "\(cli.stderr)")
    }
}
