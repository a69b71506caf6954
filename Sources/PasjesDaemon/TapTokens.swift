import Foundation
import NIOConcurrencyHelpers
import PasjesProtocol

/// Single-use tokens handed out with every tap, so a cashier can only charge a presented card.
///
/// A token is bound to one counter and one card, expires after a short time, and is spent by
/// the first successful charge. The same idempotency key may still replay that charge.
///
/// A token's life is measured on the monotonic clock: a wall clock moved by an hour (NTP, a
/// hand-set clock) must neither expire every token of every counter nor keep a stale one alive.
/// The wall clock only says when it expires, for the screen.
final class TapTokens: Sendable {
    /// Tokens kept at once; the oldest expired ones go first.
    static let maxTokens = 4_096

    struct Grant: Sendable {
        var counter: String
        var reader: String
        var uid: String
        /// The monotonic moment it expires (`DaemonClock.uptimeNanoseconds`).
        var expiresAtUptimeNanoseconds: UInt64
        /// The idempotency key of the charge that holds (or spent) this token.
        var heldBy: String?
        var spent: Bool
    }

    /// What a charge may do with a token.
    enum Claim: Equatable {
        /// Go ahead with this card; call `finish` afterwards.
        case charge(uid: String)
        /// The token was spent by this same key: let the ledger replay the first result.
        case replay(uid: String)
    }

    private let grants = NIOLockedValueBox<[String: Grant]>([:])
    let ttl: TimeInterval
    private let ttlNanoseconds: UInt64
    private let clock: DaemonClock

    init(ttlSeconds: Int, clock: DaemonClock = .system) {
        precondition(ttlSeconds > 0 && ttlSeconds <= 86_400, "the configuration bounds the token life")
        ttl = TimeInterval(ttlSeconds)
        ttlNanoseconds = UInt64(ttlSeconds) * 1_000_000_000
        self.clock = clock
    }

    /// A fresh token for a tap of `uid` on `reader` at `counter`.
    func issue(counter: String, reader: String, uid: String) -> (token: String, expiresAt: Date) {
        var random = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(random.next() as UInt32, radix: 16) }.joined(separator: "-")
        let now = clock.uptimeNanoseconds()
        let expires = now + ttlNanoseconds
        grants.withLockedValue { table in
            if table.count >= TapTokens.maxTokens {
                table = table.filter { $0.value.expiresAtUptimeNanoseconds > now && !$0.value.spent }
                // Still full: drop the oldest half; their taps are stale anyway.
                if table.count >= TapTokens.maxTokens {
                    let keep = table.sorted { $0.value.expiresAtUptimeNanoseconds > $1.value.expiresAtUptimeNanoseconds }
                        .prefix(TapTokens.maxTokens / 2)
                    table = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
                }
            }
            table[token] = Grant(counter: counter, reader: reader, uid: uid, expiresAtUptimeNanoseconds: expires,
                                 heldBy: nil, spent: false)
        }
        return (token, clock.wall().addingTimeInterval(ttl))
    }

    /// Checks a token for a charge at `counter` with idempotency key `key` and holds it.
    func claim(_ token: String, counter: String, key: String) throws(RPCError) -> Claim {
        let now = clock.uptimeNanoseconds()
        let outcome = grants.withLockedValue { table -> Result<Claim, RPCError> in
            guard var grant = table[token] else { return .failure(.tapTokenUnknown) }
            guard grant.counter == counter else { return .failure(.tapTokenWrongCounter) }
            if grant.spent {
                return grant.heldBy == key ? .success(.replay(uid: grant.uid)) : .failure(.tapTokenUsed)
            }
            if let holder = grant.heldBy {
                // The same key still in flight (queued behind a group commit): its outcome is not
                // known yet, so this retry must hear "pending", never a decline such as expired.
                return .failure(holder == key ? .chargePending : .tapTokenUsed)
            }
            guard grant.expiresAtUptimeNanoseconds > now else { return .failure(.tapTokenExpired) }
            grant.heldBy = key
            table[token] = grant
            return .success(.charge(uid: grant.uid))
        }
        return try outcome.get()
    }

    /// The counter and card of a token that has not expired (spent or not): what a cashier may
    /// look up about the card presented to them.
    func live(_ token: String) throws(RPCError) -> (counter: String, uid: String) {
        let now = clock.uptimeNanoseconds()
        let grant = grants.withLockedValue { $0[token] }
        guard let grant else { throw .tapTokenUnknown }
        guard grant.expiresAtUptimeNanoseconds > now else { throw .tapTokenExpired }
        return (grant.counter, grant.uid)
    }

    /// The reader a token's tap came from (for the LED and beep).
    func reader(of token: String) -> String? {
        grants.withLockedValue { $0[token]?.reader }
    }

    /// Marks the token spent after a successful charge, or frees it after a refusal.
    func finish(_ token: String, key: String, charged: Bool) {
        grants.withLockedValue { table in
            guard var grant = table[token], grant.heldBy == key else { return }
            if charged {
                grant.spent = true
            } else {
                grant.heldBy = nil
            }
            table[token] = grant
        }
    }
}
