import Foundation
import Logging
import NIOConcurrencyHelpers
@testable import PasjesDaemon
import Testing

/// The low-space warning: once per crossing of `[storage] warn_below_mb`, and one error line per
/// full-disk episode, however many requests meet it.
@Suite struct StorageWatchTests {
    /// Keeps `level message` per log line.
    struct Lines: LogHandler {
        let kept: NIOLockedValueBox<[String]>
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { kept.withLockedValue { $0.append("\(event.level) \(event.message)") } }
    }

    @Test func warnsOncePerCrossingAndOncePerFullEpisode() {
        let free = NIOLockedValueBox<Int64?>(500_000_000)
        let kept = NIOLockedValueBox<[String]>([])
        let logger = Logger(label: "t") { _ in Lines(kept: kept) }
        let watch = StorageWatch(databasePath: "/var/lib/pasjes/pasjes.sqlite", warnBelowBytes: 200_000_000,
                                 measure: { _ in free.withLockedValue { $0 } })
        #expect(watch.folder == "/var/lib/pasjes")
        func lines() -> [String] { kept.withLockedValue { $0 } }

        #expect(watch.check(logger: logger) == 500_000_000)
        #expect(lines().isEmpty, "room at start: nothing to say")
        free.withLockedValue { $0 = 150_000_000 }
        watch.check(logger: logger)
        free.withLockedValue { $0 = 100_000_000 }
        watch.check(logger: logger)
        #expect(lines().count == 1 && lines()[0].hasPrefix("warning ledger disk almost full"), "\(lines())")
        free.withLockedValue { $0 = 300_000_000 }
        watch.check(logger: logger)
        watch.check(logger: logger)
        #expect(lines().count == 2 && lines()[1].hasPrefix("notice ledger disk has room again"), "\(lines())")

        free.withLockedValue { $0 = 0 }
        watch.noteFull(logger: logger, detail: "SQLITE_FULL")
        watch.noteFull(logger: logger, detail: "SQLITE_FULL")
        #expect(lines().filter { $0.hasPrefix("error ledger disk full") }.count == 1, "\(lines())")
        #expect(lines().filter { $0.hasPrefix("warning ledger disk almost full") }.count == 2, "the full disk is a crossing too")
        watch.noteWriteSucceeded(logger: logger)
        watch.noteWriteSucceeded(logger: logger)
        #expect(lines().filter { $0.hasPrefix("notice ledger disk accepts bookings again") }.count == 1, "\(lines())")
        watch.noteFull(logger: logger, detail: nil)
        #expect(lines().filter { $0.hasPrefix("error ledger disk full") }.count == 2, "a new episode is told again")
        watch.noteWriteFailed(logger: logger, detail: "disk I/O error")
        watch.noteWriteFailed(logger: logger, detail: "disk I/O error")
        #expect(lines().filter { $0.hasPrefix("error ledger write failed") }.count == 1, "\(lines())")
    }

    @Test func startingBelowTheMarginWarnsAtOnce() {
        let kept = NIOLockedValueBox<[String]>([])
        let logger = Logger(label: "t") { _ in Lines(kept: kept) }
        let watch = StorageWatch(databasePath: "/l.sqlite", warnBelowBytes: 200_000_000, measure: { _ in 1_000 })
        watch.check(logger: logger)
        #expect(kept.withLockedValue { $0 }.count == 1)
    }

    @Test func measuresTheRealFilesystemWithStatvfs() throws {
        let folder = NSTemporaryDirectory()
        let free = try #require(StorageWatch.availableBytes(folder))
        #expect(free > 0)
        #expect(StorageWatch.availableBytes("/no/such/folder/\(UUID())") == nil)
    }

    @Test func theMarginIsReadFromTheConfig() throws {
        var configuration = DaemonConfiguration()
        #expect(configuration.storageWarnBelowMegabytes == 200 && configuration.storageCheckSeconds == 60)
        try configuration.apply(toml: "[storage]\nwarn_below_mb = 50\ncheck_seconds = 5")
        #expect(configuration.storageWarnBelowMegabytes == 50 && configuration.storageCheckSeconds == 5)
    }
}
