import Foundation
import PasjesCentral
import Synchronization
import Testing

/// Many appenders at once: the global sequence stays gap-free and a reader following the log
/// sees every entry exactly once, in order; LISTEN hears of new entries.
@Suite struct CentralConcurrencyTests {
    @Test func twelveAppendersGiveAGapFreeLogThatAFollowerReadsExactlyOnceInOrder() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let names = (1...12).map { "node\($0)" }
        var logs: [CentralLog] = []
        for name in names { logs.append(try await fixture.node(name).log) }
        let (reader, _) = try await fixture.node("reader")
        // At least 3 s and 120 appends in all (at most 60 s): a machine busy with the rest of the
        // suite still races twelve appenders, and the test asserts no speed.
        let progress = AppendProgress(minimum: .seconds(3), appends: 120, atMost: .seconds(60))

        async let followed: [CentralEntry] = {
            var seen: [CentralEntry] = []
            var after: Int64 = 0
            var idleRounds = 0
            // Follow until the appenders are done and a few empty pages in a row say it is all read.
            while !progress.isDone || idleRounds < 3 {
                let page = try await reader.entries(after: after)
                if page.isEmpty {
                    if progress.isDone { idleRounds += 1 }
                    try await Task.sleep(for: .milliseconds(20))
                    continue
                }
                idleRounds = 0
                seen += page
                after = page.last!.globalSeq
            }
            return seen
        }()

        let appended = try await withThrowingTaskGroup(of: Int.self) { group in
            defer { progress.finish() }
            for (name, log) in zip(names, logs) {
                group.addTask {
                    var seq: Int64 = 0
                    while progress.goOn() {
                        seq += 1
                        _ = try await log.append(proposal(name, seq, writes: ["node:\(name)"]))
                        progress.appended()
                    }
                    return Int(seq)
                }
            }
            return try await group.reduce(0, +)
        }
        let seen = try await followed
        let head = try await reader.head()
        #expect(appended >= 120, "only \(appended) appends in 60 s")
        #expect(head.globalSeq == Int64(appended))
        #expect(seen.map(\.globalSeq) == Array(1...Int64(appended)), "the follower skipped or repeated an entry")
        var previous = String(repeating: "0", count: 64)
        var lastOfOrigin: [String: Int64] = [:]
        for entry in seen {
            #expect(entry.previousHash == previous, "chain broken at \(entry.globalSeq)")
            previous = entry.hash
            #expect(entry.originSeq == (lastOfOrigin[entry.origin] ?? 0) + 1, "origin \(entry.origin) out of order")
            lastOfOrigin[entry.origin] = entry.originSeq
        }
        #expect(previous == head.hash)
        print("central: \(appended) appends by 12 nodes in 3 s (\(appended / 3)/s), follower saw each once in order")
        for log in logs { await log.close() }
        await reader.close()
    }

    @Test(.timeLimit(.minutes(1))) func notifyReachesAListener() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let (log, _) = try await fixture.node("linde")
        let (listener, _) = try await fixture.node("eik")
        var heard = listener.notifications().makeAsyncIterator()
        // After LISTEN is in place the stream starts with the head: from then on nothing is missed.
        #expect(await heard.next() == 0)
        _ = try await log.append(proposal("linde", 1))
        _ = try await log.append(proposal("linde", 2))
        #expect(await heard.next() == 1)
        #expect(await heard.next() == 2)
        await log.close()
        await listener.close()
    }
}

/// When twelve appenders stop: after `minimum` once `appends` are in, or at `atMost`.
final class AppendProgress: Sendable {
    private let count = Atomic<Int>(0)
    private let done = Atomic<Bool>(false)
    private let minimumEnd: ContinuousClock.Instant
    private let hardEnd: ContinuousClock.Instant
    private let appends: Int

    init(minimum: Duration, appends: Int, atMost: Duration) {
        let now = ContinuousClock.now
        minimumEnd = now + minimum
        hardEnd = now + atMost
        self.appends = appends
    }

    /// Whether an appender goes on.
    func goOn() -> Bool {
        let now = ContinuousClock.now
        return now < hardEnd && (now < minimumEnd || count.load(ordering: .relaxed) < appends)
    }

    func appended() { count.add(1, ordering: .relaxed) }

    /// Every appender has stopped.
    func finish() { done.store(true, ordering: .releasing) }

    var isDone: Bool { done.load(ordering: .acquiring) }
}
