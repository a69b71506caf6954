import Foundation

/// A node's place in the organisation's log, as `system.info` shows it.
public struct CentralInfo: Codable, Hashable, Sendable {
    /// The node's name (the origin of its entries).
    public var node: String
    /// Whether this node is the head office.
    public var headOffice: Bool
    /// `catching_up` (writes refused until it has the log), `online`, or `log_fork` (writing
    /// stopped: the log does not continue this ledger).
    public var state: String
    /// The log's entries applied to this ledger.
    public var appliedSeq: Int64
    /// The newest entry this node has seen in the log.
    public var logHeadSeq: Int64
    /// Entries seen in the log and not applied here yet.
    public var lagEntries: Int64
    /// When the log last answered (ISO 8601, UTC); nil before the first answer.
    public var lastContact: String?

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
