import Foundation

/// Latencies of one run, and what they add up to.
struct Measurement {
    var label: String
    var latenciesNanoseconds: [UInt64]
    var elapsedSeconds: Double

    var perSecond: Double { Double(latenciesNanoseconds.count) / elapsedSeconds }

    func percentile(_ p: Double) -> Double {
        let sorted = latenciesNanoseconds.sorted()
        guard !sorted.isEmpty else { return 0 }
        let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)
        return Double(sorted[max(0, index)]) / 1_000_000
    }

    var maxMilliseconds: Double { Double(latenciesNanoseconds.max() ?? 0) / 1_000_000 }

    func line() -> String {
        // Padded here: Foundation on Linux ignores the width of `%@`.
        label.padding(toLength: 50, withPad: " ", startingAt: 0)
            + String(format: " %9.0f/s   p50 %7.3f ms   p99 %7.3f ms   max %7.3f ms",
                     perSecond, percentile(0.50), percentile(0.99), maxMilliseconds)
    }
}

/// Operations per second of wall time, and CPU time (all threads of the process) per operation.
struct Rate {
    var perSecond: Double
    var cpuMicrosecondsEach: Double

    /// Times `body`, which performs `operations` operations.
    static func of(_ operations: Int, _ body: () throws -> Void) rethrows -> Rate {
        let wallStart = DispatchTime.now().uptimeNanoseconds
        let cpuStart = processCPUNanoseconds()
        try body()
        let cpu = Double(processCPUNanoseconds() - cpuStart)
        let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart)
        return Rate(perSecond: Double(operations) / (wall / 1e9), cpuMicrosecondsEach: cpu / 1_000 / Double(operations))
    }

    /// CPU time this process used so far, every thread counted.
    static func processCPUNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}

/// Runs `body(thread, index)` `perThread` times on each of `threads` threads; times each call.
func measure(_ label: String, threads: Int, perThread: Int, _ body: @escaping @Sendable (Int, Int) throws -> Void) throws -> Measurement {
    let lock = NSLock()
    nonisolated(unsafe) var all: [UInt64] = []
    nonisolated(unsafe) var failure: (any Error)?
    let group = DispatchGroup()
    let start = DispatchTime.now().uptimeNanoseconds
    for thread in 0..<threads {
        group.enter()
        Thread {
            var local: [UInt64] = []
            local.reserveCapacity(perThread)
            do {
                for index in 0..<perThread {
                    let before = DispatchTime.now().uptimeNanoseconds
                    try body(thread, index)
                    local.append(DispatchTime.now().uptimeNanoseconds - before)
                }
            } catch {
                lock.withLock { failure = error }
            }
            lock.withLock { all += local }
            group.leave()
        }.start()
    }
    group.wait()
    if let failure { throw failure }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return Measurement(label: label, latenciesNanoseconds: all, elapsedSeconds: elapsed)
}

/// A built executable next to this one (`pasjesd`, `pasjes-vcard`).
func sibling(_ name: String) -> String {
    URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent(name).path
}
