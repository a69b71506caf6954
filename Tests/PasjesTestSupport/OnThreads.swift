import Foundation
import Synchronization

extension TestSupport {
    /// Runs `body(0..<count)` at once, each on a thread of its own, and waits without holding a
    /// thread of Swift's cooperative pool.
    ///
    /// Why not a task group: each call blocks on a socket, and the pool has one thread per core
    /// (two here). Sixteen blocked tasks starve the in-process daemon that must answer them and
    /// every other test of the run, until their timeouts fire (the whole suite took 12 minutes).
    public static func onThreads<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) async throws -> [T] {
        let results = Mutex<[Int: Result<T, any Error>]>([:])
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let remaining = Mutex(count)
            for index in 0..<count {
                let thread = Thread {
                    let outcome = Result { try body(index) }
                    results.withLock { $0[index] = outcome }
                    let last = remaining.withLock { left -> Bool in
                        left -= 1
                        return left == 0
                    }
                    if last { continuation.resume() }
                }
                thread.start()
            }
            if count == 0 { continuation.resume() }
        }
        return try results.withLock { all in try (0..<count).map { try all[$0]!.get() } }
    }
}
