import Foundation
import PasjesMoney

/// What a node may sell while the organisation's log is out of reach (`[offline]` in its
/// config): the organisation's risk, in minor units and hours.
public struct OfflineLimits: Sendable, Hashable {
    /// The most one offline sale may cost.
    public var maxSale: Int64
    /// The most one card may spend offline per local day (queued sales together).
    public var maxCardDay: Int64
    /// The most all queued entries together may cost.
    public var maxTotal: Int64
    /// The oldest a queued entry may be; past it the node sells nothing more offline.
    public var maxAgeHours: Int64

    /// Makes them.
    public init(maxSale: Int64, maxCardDay: Int64, maxTotal: Int64, maxAgeHours: Int64) {
        self.maxSale = maxSale
        self.maxCardDay = maxCardDay
        self.maxTotal = maxTotal
        self.maxAgeHours = maxAgeHours
    }
}

/// The outbox as the limits see it when one more sale is asked for.
struct OutboxTotals: Sendable, Equatable {
    var queuedAmount: Int64
    var cardDayAmount: Int64
    /// Milliseconds since 1970 of the oldest queued entry; nil when the outbox is empty.
    var oldestMilliseconds: Int64?
}

extension LedgerError {
    /// A sale beyond one of the offline limits: nothing queued. The message names the limit.
    static func offlineLimit(_ message: String) -> LedgerError {
        LedgerError(code: "offline_limit", message: message)
    }
}

/// The offline limits as a pure function: no I/O, no clock.
enum OfflineLimitDecision {
    /// Refuses a sale of `amount` beyond a limit, with a Dutch message naming which.
    static func check(amount: Int64, totals: OutboxTotals, limits: OfflineLimits, nowMilliseconds: Int64,
                      unit: AmountUnit) throws {
        func money(_ minor: Int64) -> String { Amount(max(0, minor)).formatted(unit) }
        if let oldest = totals.oldestMilliseconds, nowMilliseconds - oldest > limits.maxAgeHours * 3_600_000 {
            throw LedgerError.offlineLimit(
                "Offline: de wachtrij is ouder dan \(limits.maxAgeHours) uur; er wordt niets meer offline verkocht tot de centrale weer bereikbaar is.")
                .with("oldest queued \(oldest), now \(nowMilliseconds)")
        }
        if amount > limits.maxSale {
            throw LedgerError.offlineLimit("Offline mag één verkoop hoogstens \(money(limits.maxSale)) kosten.")
                .with("sale \(amount) > max_sale \(limits.maxSale)")
        }
        if totals.cardDayAmount + amount > limits.maxCardDay {
            throw LedgerError.offlineLimit(
                "Offline mag deze pas vandaag nog \(money(limits.maxCardDay - totals.cardDayAmount)) besteden.")
                .with("card day \(totals.cardDayAmount) + \(amount) > max_card_day \(limits.maxCardDay)")
        }
        if totals.queuedAmount + amount > limits.maxTotal {
            throw LedgerError.offlineLimit(
                "Offline is het totaal bereikt: er kan nog \(money(limits.maxTotal - totals.queuedAmount)) offline verkocht worden.")
                .with("queued \(totals.queuedAmount) + \(amount) > max_total \(limits.maxTotal)")
        }
    }
}
