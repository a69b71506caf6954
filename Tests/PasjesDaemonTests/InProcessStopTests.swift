import Foundation
import PasjesTestSupport
import Testing

/// An in-process daemon with the activity sweep stops at once, even while test code holds every
/// thread of the cooperative pool (as a test blocked on a socket read does).
@Suite(.serialized) struct InProcessStopTests {
    @Test func theSweepEndsWithTheShutdownWithoutTheCooperativePool() throws {
        let daemon = try InProcessDaemon(config: "[activities]\nsweep_seconds = 60")
        // This test's own thread is one of the pool's; hold the others until the stop is done.
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
        let release = DispatchSemaphore(value: 0)
        let held = DispatchSemaphore(value: 0)
        for _ in 0..<width {
            Task.detached {
                held.signal()
                release.wait()
            }
        }
        for _ in 0..<width { held.wait() }
        let started = Date()
        daemon.stop()
        let seconds = Date().timeIntervalSince(started)
        for _ in 0..<width { release.signal() }
        print("in-process pasjesd with the sweep stopped in \(String(format: "%.3f", seconds)) s with the pool held")
        #expect(!daemon.log.contains("did not stop within"), "\(daemon.log.suffix(1_000))")
        #expect(daemon.log.contains("stopped cleanly"))
    }
}
