import Foundation
import NIOCore

/// The daemon's two clocks: the wall clock for what is recorded, the monotonic one for how long
/// something in memory lives.
///
/// A booking keeps its wall-clock time (it is journaled, and a replay must give the same answer),
/// but a tap token's minute or a timer must not end early or live on when NTP or a person moves
/// the wall clock. Tests pass clocks they move by hand; pasjesd always runs on `system`.
public struct DaemonClock: Sendable {
    /// Now, as the calendar has it (UTC; months and days are computed in Europe/Amsterdam).
    public let wall: @Sendable () -> Date
    /// Nanoseconds on a clock that only moves forward at the rate of real time.
    public let uptimeNanoseconds: @Sendable () -> UInt64

    /// Clocks given by a test.
    public init(wall: @escaping @Sendable () -> Date, uptimeNanoseconds: @escaping @Sendable () -> UInt64) {
        self.wall = wall
        self.uptimeNanoseconds = uptimeNanoseconds
    }

    /// The machine's clocks: `Date()` and CLOCK_MONOTONIC (through NIODeadline).
    public static let system = DaemonClock(wall: { Date() }, uptimeNanoseconds: { NIODeadline.now().uptimeNanoseconds })
}
