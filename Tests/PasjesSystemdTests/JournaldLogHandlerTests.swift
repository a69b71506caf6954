import Foundation
import Logging
import Testing
@testable import PasjesSystemd
#if canImport(Glibc)
import Glibc
#endif

/// 2026-11-24T09:15:02Z
private let fixedClock: @Sendable () -> Int = { 1_795_511_702 }

/// Logs through a real `Logger` into a pipe and returns what arrived.
private func capture(journal: Bool, level: Logger.Level = .trace, label: String = "pasjesd",
                     _ body: (inout Logger) -> Void) -> String {
    var fds: [Int32] = [0, 0]
    precondition(pipe(&fds) == 0)
    var logger = Logger(label: label) {
        JournaldLogHandler(label: $0, level: level, fileDescriptor: fds[1], journal: journal, clock: fixedClock)
    }
    body(&logger)
    close(fds[1])
    defer { close(fds[0]) }
    return Sock.readAll(fds[0])
}

@Suite struct JournaldLogHandlerTests {
    @Test func plainLinesHaveTimestampLevelAndSortedMetadata() {
        let out = capture(journal: false) { logger in
            logger[metadataKey: "counter"] = "restaurant"
            logger.info("charged", metadata: ["card": "04A2", "amount": "350"])
        }
        #expect(out == "2026-11-24T09:15:02Z info pasjesd: charged amount=350 card=04A2 counter=restaurant\n")
    }

    @Test func journalLinesHavePriorityPrefixAndNoTimestamp() {
        let out = capture(journal: true) { logger in
            logger.info("charged", metadata: ["amount": "350"])
        }
        #expect(out == "<6>pasjesd: charged amount=350\n")
    }

    @Test func levelsMapToSdDaemonPriorities() {
        let out = capture(journal: true) { logger in
            logger.trace("t"); logger.debug("d"); logger.info("i"); logger.notice("n")
            logger.warning("w"); logger.error("e"); logger.critical("c")
        }
        #expect(out == ["<7>pasjesd: t", "<7>pasjesd: d", "<6>pasjesd: i", "<5>pasjesd: n",
                        "<4>pasjesd: w", "<3>pasjesd: e", "<2>pasjesd: c"].map { $0 + "\n" }.joined())
        let plain = capture(journal: false) { $0.warning("w") }
        #expect(plain == "2026-11-24T09:15:02Z warning pasjesd: w\n")
    }

    /// swift-log stops at critical: a critical line with `alert` is journald's priority 1 (alert).
    @Test func aCriticalLineWithAlertIsPriorityOne() {
        let out = capture(journal: true) { logger in
            logger.critical("ledger damaged", metadata: ["alert": "ledger_damaged"])
            logger.critical("c")
            logger.error("e", metadata: ["alert": "x"])
        }
        #expect(out == ["<1>pasjesd: ledger damaged alert=ledger_damaged", "<2>pasjesd: c", "<3>pasjesd: e alert=x"]
            .map { $0 + "\n" }.joined())
        let plain = capture(journal: false) { $0.critical("ledger damaged", metadata: ["alert": "ledger_damaged"]) }
        #expect(plain == "2026-11-24T09:15:02Z alert pasjesd: ledger damaged alert=ledger_damaged\n")
    }

    @Test func belowTheLevelNothingIsWritten() {
        let out = capture(journal: true, level: .notice) { logger in
            logger.info("quiet"); logger.notice("loud")
        }
        #expect(out == "<5>pasjesd: loud\n")
    }

    @Test func oneMessageIsOneLine() {
        let out = capture(journal: true) { logger in
            logger.error("reader gone\n<0>forged emergency\r\u{1B}[31m", metadata: ["why": "a\nb"])
        }
        #expect(out == "<3>pasjesd: reader gone\\n<0>forged emergency\\r\\x1B[31m why=a\\nb\n")
        #expect(out.filter { $0 == "\n" }.count == 1)
    }

    @Test func ambiguousValuesAreQuoted() {
        let out = capture(journal: false) { logger in
            logger.notice("x", metadata: [
                "name": "De Wit", "empty": "", "eq": "a=b", "quote": "say \"hi\"",
                "list": ["1", "2"], "dict": ["b": "2", "a": "1"],
            ])
        }
        #expect(out == #"2026-11-24T09:15:02Z notice pasjesd: x dict={a:1,b:2} empty="" eq="a=b" list=[1,2] name="De Wit" quote="say \"hi\"""# + "\n")
    }

    @Test func metadataProviderAndErrorsAreIncluded() {
        struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let provider = Logger.MetadataProvider { ["request": "r1"] }
        let handler = JournaldLogHandler(label: "pasjesd", level: .info, metadataProvider: provider,
                                         fileDescriptor: fds[1], journal: true, clock: fixedClock)
        handler.log(event: LogEvent(level: .error, message: "failed", error: Boom(), metadata: ["request": "r2"],
                                    source: nil, file: #fileID, function: #function, line: #line))
        close(fds[1])
        #expect(Sock.readAll(fds[0]) == "<3>pasjesd: failed error=boom request=r2\n")
        close(fds[0])
    }

    @Test func timestamps() {
        #expect(JournaldLogHandler.timestamp(0) == "1970-01-01T00:00:00Z")
        #expect(JournaldLogHandler.timestamp(1_795_511_702) == "2026-11-24T09:15:02Z")
        #expect(JournaldLogHandler.timestamp(951_782_400) == "2000-02-29T00:00:00Z")
    }

    /// JOURNAL_STREAM counts only when it names this very descriptor (device and inode).
    @Test func journalStreamMustMatchTheDescriptor() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let fd = open(dir.path + "/f", O_CREAT | O_WRONLY, 0o600)
        defer { close(fd) }
        var info = stat()
        #expect(fstat(fd, &info) == 0)
        #expect(JournaldLogHandler.isJournalStream("\(info.st_dev):\(info.st_ino)", fileDescriptor: fd))
        #expect(!JournaldLogHandler.isJournalStream("\(info.st_dev):\(info.st_ino + 1)", fileDescriptor: fd))
        #expect(!JournaldLogHandler.isJournalStream("\(info.st_dev + 1):\(info.st_ino)", fileDescriptor: fd))
        #expect(!JournaldLogHandler.isJournalStream(nil, fileDescriptor: fd))
        #expect(!JournaldLogHandler.isJournalStream("", fileDescriptor: fd))
        #expect(!JournaldLogHandler.isJournalStream("\(info.st_dev)", fileDescriptor: fd))
        #expect(!JournaldLogHandler.isJournalStream("\(info.st_dev):\(info.st_ino):1", fileDescriptor: fd))
        #expect(!JournaldLogHandler.isJournalStream("\(info.st_dev):\(info.st_ino)", fileDescriptor: 1_000_000))
    }

    /// Many threads at once: every line arrives whole (one write(2) per line).
    @Test func concurrentLinesDoNotInterleave() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path + "/log"
        let fd = open(path, O_CREAT | O_WRONLY | O_APPEND, 0o600)
        let handler = JournaldLogHandler(label: "pasjesd", level: .info, fileDescriptor: fd, journal: true)
        let payload = String(repeating: "x", count: 300)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    let logger = Logger(label: "pasjesd") { _ in handler }
                    for i in 0..<200 { logger.info("\(payload)", metadata: ["task": "\(task)", "i": "\(i)"]) }
                }
            }
        }
        close(fd)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1600)
        #expect(lines.allSatisfy { $0.hasPrefix("<6>pasjesd: \(payload) i=") && $0.contains(" task=") })
    }
}
