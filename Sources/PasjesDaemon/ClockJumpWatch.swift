import Foundation
import Logging
import NIOConcurrencyHelpers

/// Notices when the wall clock moves against the monotonic clock, and says so in the log.
///
/// Bookings keep the wall-clock time they were made at (the journal replays them with it), so a
/// clock set back makes later bookings look older than earlier ones: a reversal's grace, a
/// month's boundary and the order of a statement all read those times. Nothing refuses on it —
/// a counter must keep selling — but the operator has to hear of it to fix the clock.
final class ClockJumpWatch: Sendable {
    /// Drift below this is NTP slewing or scheduling noise, not a jump.
    static let toleranceMilliseconds: Int64 = 2_000

    private let clock: DaemonClock
    /// Wall minus monotonic milliseconds at the last check: constant while neither jumps.
    private let offsetMilliseconds: NIOLockedValueBox<Int64>

    init(clock: DaemonClock) {
        self.clock = clock
        offsetMilliseconds = NIOLockedValueBox(Self.offset(clock))
    }

    private static func offset(_ clock: DaemonClock) -> Int64 {
        let wall = Int64((clock.wall().timeIntervalSince1970 * 1_000).rounded(.down))
        let monotonic = Int64(clock.uptimeNanoseconds() / 1_000_000)
        return wall &- monotonic
    }

    /// Compares the clocks once; logs a warning when the wall clock went back, a notice when
    /// it jumped forward. Returns the jump in milliseconds (0 when within the tolerance).
    @discardableResult
    func check(logger: Logger) -> Int64 {
        let now = Self.offset(clock)
        let jump = offsetMilliseconds.withLockedValue { last -> Int64 in
            let moved = now &- last
            last = now
            return abs(moved) > Self.toleranceMilliseconds ? moved : 0
        }
        if jump < 0 {
            logger.warning("wall clock jumped back: bookings now get earlier times than those before them; check NTP",
                           metadata: ["jump_ms": "\(jump)", "now": "\(clock.wall())"])
        } else if jump > 0 {
            logger.notice("wall clock jumped forward", metadata: ["jump_ms": "\(jump)"])
        }
        return jump
    }
}
