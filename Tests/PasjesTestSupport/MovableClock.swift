import Foundation
import PasjesDaemon
import Synchronization

/// A wall clock and a monotonic clock that a test moves by hand: an in-process daemon on any
/// day of the year, and wall-clock jumps that real time does not make.
public final class MovableClock: Sendable {
    private let state: Mutex<(wall: Date, uptimeNanoseconds: UInt64)>

    /// Both clocks standing at `wall`.
    public init(_ wall: Date) {
        state = Mutex((wall, 1_000_000_000))
    }

    /// Now, on the wall clock.
    public var now: Date { state.withLock { $0.wall } }

    /// Time passes: both clocks move.
    public func advance(seconds: Double) {
        state.withLock {
            $0.wall = $0.wall.addingTimeInterval(seconds)
            $0.uptimeNanoseconds += UInt64(max(0, seconds) * 1e9)
        }
    }

    /// Someone sets the wall clock (NTP, by hand): the monotonic clock does not move.
    public func jump(seconds: Double) {
        state.withLock { $0.wall = $0.wall.addingTimeInterval(seconds) }
    }

    /// The daemon's view of these clocks.
    public var daemonClock: DaemonClock {
        DaemonClock(wall: { self.state.withLock { $0.wall } },
                    uptimeNanoseconds: { self.state.withLock { $0.uptimeNanoseconds } })
    }
}
