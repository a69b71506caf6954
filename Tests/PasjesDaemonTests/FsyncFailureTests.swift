import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

/// An fsync that fails (a dying disk, a full thin-provisioned volume): a fault no real
/// filesystem here can be made to show on cue, so a small LD_PRELOAD library makes `fsync` and
/// `fdatasync` answer EIO while a trigger file exists. The charge is refused with a reason, not
/// `internal_error`; pasjesd stays up; and its SQLite connection is usable again afterwards:
/// the next charge books without a restart.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjesd"))
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/cc"), "needs pasjesd and a C compiler (cc)"))
struct FsyncFailureTests {
    /// fsync and fdatasync fail with EIO while the file named by PASJES_FAULT_FSYNC exists.
    static let shim = """
        #define _GNU_SOURCE
        #include <dlfcn.h>
        #include <errno.h>
        #include <stdlib.h>
        #include <unistd.h>
        static int failing(void) {
            const char *trigger = getenv("PASJES_FAULT_FSYNC");
            return trigger && access(trigger, F_OK) == 0;
        }
        int fsync(int fd) {
            if (failing()) { errno = EIO; return -1; }
            int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
            return real(fd);
        }
        int fdatasync(int fd) {
            if (failing()) { errno = EIO; return -1; }
            int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
            return real(fd);
        }
        """

    @Test func aFailedFsyncIsRefusedWithAReasonAndTheNextChargeBooks() throws {
        let folder = try TestSupport.temporaryFolder("fsync")
        let source = folder.appendingPathComponent("fsync-fault.c").path
        let library = folder.appendingPathComponent("fsync-fault.so").path
        try Self.shim.write(toFile: source, atomically: true, encoding: .utf8)
        let compiled = try Shell.run(["/usr/bin/cc", "-shared", "-fPIC", "-o", library, source, "-ldl"])
        try #require(compiled.status == 0, "\(compiled.output)")
        let trigger = folder.appendingPathComponent("fail-fsync").path

        let daemonFolder = folder.appendingPathComponent("d")
        try FileManager.default.createDirectory(at: daemonFolder, withIntermediateDirectories: true)
        let daemon = try DaemonProcess(folder: daemonFolder,
                                       environment: ["LD_PRELOAD": library, "PASJES_FAULT_FSYNC": trigger])
        let c = try daemon.client()
        func charge(_ key: String) -> SaleChargeParams {
            SaleChargeParams(idempotencyKey: key, counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)],
                             clientNumber: "1001", reason: "fsync-test")
        }
        _ = try c.call("sale.charge", charge("before"), as: SaleResult.self)
        let balanceBefore = try c.call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self).balance
        let sealBefore = try c.call("ledger.verify", NoParams(), as: VerifyResult.self).seal

        try Data().write(to: URL(fileURLWithPath: trigger))
        for attempt in 1...2 {
            do {
                _ = try c.call("sale.charge", charge("during"), as: SaleResult.self)
                Issue.record("attempt \(attempt): a charge was acknowledged although its fsync failed")
            } catch let error as RPCError {
                #expect(error.reason == "database_error", "attempt \(attempt): \(error) \(daemon.log)")
                #expect(error.message == "De administratie kon dit niet opslaan.")
            }
        }
        #expect(daemon.process?.isRunning == true, "pasjesd stays up")
        #expect(daemon.log.components(separatedBy: "ledger write failed").count - 1 == 1, "one error line, not one per request")
        try FileManager.default.removeItem(atPath: trigger)

        #expect(try c.call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self).balance == balanceBefore)
        #expect(try c.call("ledger.verify", NoParams(), as: VerifyResult.self).seal == sealBefore, "nothing of it committed")
        let sold = try c.call("sale.charge", charge("during"), as: SaleResult.self)
        #expect(!sold.replayed, "the refused attempt left nothing under its key")
        #expect(daemon.log.contains("ledger disk accepts bookings again"))
        #expect(try c.call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self).balance
                == (try balanceBefore.subtracting(sold.fromWallet)))
        #expect(daemon.stop(SIGTERM) == 0, "\(daemon.log)")
        // After a restart the ledger holds exactly the acknowledged sales: the failed attempt's
        // WAL frames were overwritten by the next commit, not replayed by SQLite's recovery.
        try daemon.start()
        let verified = try daemon.client().call("ledger.verify", NoParams(), as: VerifyResult.self)
        #expect(verified.ok)
        #expect(try daemon.client().call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self).balance
                == (try balanceBefore.subtracting(sold.fromWallet)))
        #expect(daemon.stop(SIGTERM) == 0)
    }
}
