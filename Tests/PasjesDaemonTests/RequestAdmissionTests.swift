import Foundation
import NIOConcurrencyHelpers
@testable import PasjesDaemon
import Testing

/// The gate that bounds the request bytes in work (issue 21 item 7): big lines wait their
/// turn, small requests pass them, and a waiter that is cancelled leaves the queue.
struct RequestAdmissionTests {
    /// Polls until `condition` holds (at most 10 s): the waiters are other tasks.
    private func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<1_000 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    /// Waits until `open` is set: holds an admission as long as the test wants.
    private static func hold(until open: NIOLockedValueBox<Bool>) async {
        while !open.withLockedValue({ $0 }) { try? await Task.sleep(for: .milliseconds(5)) }
    }

    @Test func bigLinesWaitTheirTurnAndSmallOnesPass() async throws {
        let line = 64 * 1024
        let admission = RequestAdmission(maxLineBytes: line)
        let inWork = NIOLockedValueBox(0)
        let mostInWork = NIOLockedValueBox(0)
        let open = NIOLockedValueBox(false)
        // Twice as many big lines as fit: the rest must wait until the first ones are done.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<(2 * RequestAdmission.linesAtOnce) {
                group.addTask {
                    try await admission.admitted(lineBytes: line) {
                        let now = inWork.withLockedValue { $0 += 1; return $0 }
                        mostInWork.withLockedValue { $0 = max($0, now) }
                        await Self.hold(until: open)
                        inWork.withLockedValue { $0 -= 1 }
                    }
                }
            }
            #expect(await eventually { admission.waitingCount == RequestAdmission.linesAtOnce })
            // A cashier's request is not queued behind them.
            let small = try await admission.admitted(lineBytes: 200) { "verkocht" }
            #expect(small == "verkocht")
            open.withLockedValue { $0 = true }
            try await group.waitForAll()
        }
        #expect(mostInWork.withLockedValue { $0 } == RequestAdmission.linesAtOnce)
        #expect(admission.waitingCount == 0)
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let line = 64 * 1024
        let admission = RequestAdmission(maxLineBytes: line)
        let open = NIOLockedValueBox(false)
        let admittedHolders = NIOLockedValueBox(0)
        let holders = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<RequestAdmission.linesAtOnce {
                    group.addTask {
                        try await admission.admitted(lineBytes: line) {
                            admittedHolders.withLockedValue { $0 += 1 }
                            await Self.hold(until: open)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(await eventually { admittedHolders.withLockedValue { $0 } == RequestAdmission.linesAtOnce })
        // The budget is taken: the next big line waits, and leaves when it is cancelled.
        let waiter = Task { try await admission.admitted(lineBytes: line) { true } }
        #expect(await eventually { admission.waitingCount == 1 })
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(admission.waitingCount == 0)
        open.withLockedValue { $0 = true }
        try await holders.value
        // The budget came back whole.
        #expect(try await admission.admitted(lineBytes: line * RequestAdmission.linesAtOnce) { true })
    }
}
