import Foundation

/// A node's place in the organisation's log, as `system.info` shows it.
public struct CentralInfo: Codable, Hashable, Sendable {
    /// The node's name (the origin of its entries).
    public var node: String
    /// Whether this node is the head office.
    public var headOffice: Bool
    /// `catching_up` (writes refused until it has the log), `online`, `offline` (sales queued
    /// under the offline limits), or `log_fork` (writing stopped: the log does not continue
    /// this ledger).
    public var state: String
    /// The log's entries applied to this ledger.
    public var appliedSeq: Int64
    /// The newest entry this node has seen in the log.
    public var logHeadSeq: Int64
    /// Entries seen in the log and not applied here yet.
    public var lagEntries: Int64
    /// When the log last answered (ISO 8601, UTC); nil before the first answer.
    public var lastContact: String?
    /// Offline state and queue (the same as the `sync.changed` event's).
    public var sync: SyncInfo?

    /// Makes one.
    public init(node: String, headOffice: Bool, state: String, appliedSeq: Int64, logHeadSeq: Int64,
                lagEntries: Int64, lastContact: String?) {
        self.node = node
        self.headOffice = headOffice
        self.state = state
        self.appliedSeq = appliedSeq
        self.logHeadSeq = logHeadSeq
        self.lagEntries = lagEntries
        self.lastContact = lastContact
    }
}

/// A node's offline limits (`[offline]` in its config), in minor units and hours.
public struct OfflineLimitsInfo: Codable, Hashable, Sendable {
    public var maxSale: Int64
    public var maxCardDay: Int64
    public var maxTotal: Int64
    public var maxAgeHours: Int64

    /// Makes one.
    public init(maxSale: Int64, maxCardDay: Int64, maxTotal: Int64, maxAgeHours: Int64) {
        self.maxSale = maxSale
        self.maxCardDay = maxCardDay
        self.maxTotal = maxTotal
        self.maxAgeHours = maxAgeHours
    }
}

/// A node's link with the organisation's log and its queue of entries booked offline.
public struct SyncInfo: Codable, Hashable, Sendable {
    /// The node's name.
    public var node: String
    /// `online`, `offline`, `catching_up` or `log_fork`.
    public var state: String
    /// Since when the node is offline (ISO 8601, UTC); nil when it is not.
    public var offlineSince: String?
    /// Entries in the outbox (booked here, not yet in the log).
    public var queuedCount: Int
    /// Their sales together, minor units.
    public var queuedAmount: Int64
    /// Age of the oldest queued entry in seconds; nil when the outbox is empty.
    public var oldestAgeSeconds: Int64?
    /// What may still be sold offline in total (`max_total` − queued), minor units; nil without limits.
    public var totalLeft: Int64?
    /// The node's offline limits; nil without `[offline]` (offline it refuses every write).
    public var limits: OfflineLimitsInfo?

    /// Makes one.
    public init(node: String, state: String, offlineSince: String?, queuedCount: Int, queuedAmount: Int64,
                oldestAgeSeconds: Int64?, totalLeft: Int64?, limits: OfflineLimitsInfo?) {
        self.node = node
        self.state = state
        self.offlineSince = offlineSince
        self.queuedCount = queuedCount
        self.queuedAmount = queuedAmount
        self.oldestAgeSeconds = oldestAgeSeconds
        self.totalLeft = totalLeft
        self.limits = limits
    }
}
