import Foundation
import NIOConcurrencyHelpers
@testable import PasjesDaemon
import PasjesProtocol
import Testing

/// Tap-token rules as plain functions, with a clock the test moves.
@Suite struct TapTokenTests {
    /// A wall clock and a monotonic clock that the test moves; `advance` moves both, as time does.
    final class Clock: Sendable {
        let now = NIOLockedValueBox(Date(timeIntervalSince1970: 1_800_000_000))
        let uptime = NIOLockedValueBox<UInt64>(5_000_000_000)
        func advance(seconds: Double) {
            now.withLockedValue { $0 = $0.addingTimeInterval(seconds) }
            uptime.withLockedValue { $0 += UInt64(seconds * 1e9) }
        }
        /// The wall clock alone moves, as NTP or a person moves it.
        func jump(seconds: Double) { now.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
        var daemonClock: DaemonClock {
            DaemonClock(wall: { self.now.withLockedValue { $0 } }, uptimeNanoseconds: { self.uptime.withLockedValue { $0 } })
        }
    }

    /// The first attempt is still queued for the group commit when its token expires; the
    /// cashier's screen retries with the same key. That retry must hear "pending" (retry
    /// again), never "expired", which the screen shows as a decline while the sale then books.
    @Test func aRetryWhileTheFirstAttemptIsInFlightIsPendingEvenAfterExpiry() throws {
        let clock = Clock()
        let tokens = TapTokens(ttlSeconds: 60, clock: clock.daemonClock)
        let (token, _) = tokens.issue(counter: "restaurant", reader: "r0", uid: "04A22B1C")
        #expect(try tokens.claim(token, counter: "restaurant", key: "k1") == .charge(uid: "04A22B1C"))
        clock.advance(seconds: 61)
        #expect(throws: RPCError.chargePending) { try tokens.claim(token, counter: "restaurant", key: "k1") }
        // Another key is still refused as used, and once the first attempt booked, the same key replays.
        #expect(throws: RPCError.tapTokenUsed) { try tokens.claim(token, counter: "restaurant", key: "k2") }
        tokens.finish(token, key: "k1", charged: true)
        #expect(try tokens.claim(token, counter: "restaurant", key: "k1") == .replay(uid: "04A22B1C"))
    }

    @Test func aLiveTokenNamesItsCounterAndCardUntilItExpires() throws {
        let clock = Clock()
        let tokens = TapTokens(ttlSeconds: 60, clock: clock.daemonClock)
        let (token, _) = tokens.issue(counter: "dagbesteding", reader: "r1", uid: "04C3D4E5")
        #expect(try tokens.live(token) == ("dagbesteding", "04C3D4E5"))
        clock.advance(seconds: 60)
        #expect(throws: RPCError.tapTokenExpired) { try tokens.live(token) }
        #expect(throws: RPCError.tapTokenUnknown) { try tokens.live("nope") }
    }
}

/// Tap tokens measure their life on the monotonic clock: an NTP correction or a hand-set clock
/// neither expires every token nor keeps one alive.
@Suite struct TapTokenClockJumpTests {
    @Test(arguments: [3_600.0, -3_600.0])
    func aWallClockJumpDoesNotMoveATokensLife(jumpSeconds: Double) throws {
        let clock = TapTokenTests.Clock()
        let tokens = TapTokens(ttlSeconds: 60, clock: clock.daemonClock)
        let (token, shown) = tokens.issue(counter: "restaurant", reader: "r0", uid: "04A22B1C")
        #expect(shown == clock.now.withLockedValue { $0 }.addingTimeInterval(60), "the screen is told the wall time")
        clock.advance(seconds: 30)
        clock.jump(seconds: jumpSeconds)
        #expect(try tokens.live(token) == ("restaurant", "04A22B1C"), "alive after a jump of \(jumpSeconds) s")
        #expect(try tokens.claim(token, counter: "restaurant", key: "k1") == .charge(uid: "04A22B1C"))
        tokens.finish(token, key: "k1", charged: false)
        // 61 s of real time after the tap it has expired, whatever the wall clock says.
        clock.advance(seconds: 31)
        #expect(throws: RPCError.tapTokenExpired) { try tokens.live(token) }
        #expect(throws: RPCError.tapTokenExpired) { try tokens.claim(token, counter: "restaurant", key: "k2") }
    }
}
