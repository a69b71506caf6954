import Foundation
import NIOConcurrencyHelpers
@testable import PasjesDaemon
import PasjesProtocol
import Testing

/// Tap-token rules as plain functions, with a clock the test moves.
@Suite struct TapTokenTests {
    final class Clock: Sendable {
        let now = NIOLockedValueBox(Date(timeIntervalSince1970: 1_800_000_000))
        func advance(seconds: Double) { now.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
    }

    /// The first attempt is still queued for the group commit when its token expires; the
    /// cashier's screen retries with the same key. That retry must hear "pending" (retry
    /// again), never "expired", which the screen shows as a decline while the sale then books.
    @Test func aRetryWhileTheFirstAttemptIsInFlightIsPendingEvenAfterExpiry() throws {
        let clock = Clock()
        let tokens = TapTokens(ttlSeconds: 60, clock: { clock.now.withLockedValue { $0 } })
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
        let tokens = TapTokens(ttlSeconds: 60, clock: { clock.now.withLockedValue { $0 } })
        let (token, _) = tokens.issue(counter: "dagbesteding", reader: "r1", uid: "04C3D4E5")
        #expect(try tokens.live(token) == ("dagbesteding", "04C3D4E5"))
        clock.advance(seconds: 60)
        #expect(throws: RPCError.tapTokenExpired) { try tokens.live(token) }
        #expect(throws: RPCError.tapTokenUnknown) { try tokens.live("nope") }
    }
}
