import Foundation
import PasjesCore
import PasjesProtocol

extension Dispatcher {
    /// This node's position in the organisation's log; nil when pasjesd is embedded.
    func centralInfo() -> CentralInfo? {
        guard let central else { return nil }
        let position = central.position()
        var info = CentralInfo(
            node: position.node, headOffice: configuration.central?.headOffice ?? false, state: position.state,
            appliedSeq: position.appliedSeq, logHeadSeq: position.logHeadSeq,
            lagEntries: max(0, position.logHeadSeq - position.appliedSeq),
            lastContact: position.lastContact.map { $0.formatted(.iso8601) })
        info.sync = SyncInfo(central.syncState(), node: position.node, limits: configuration.offline)
        return info
    }
}

extension SyncInfo {
    /// The wire form of a node's sync state, with what its limits leave.
    init(_ state: SyncState, node: String, limits: OfflineLimits?, now: Date = Date()) {
        let oldestAge = state.queue.oldestMilliseconds.map { max(0, Int64(now.timeIntervalSince1970 * 1000) - $0) / 1000 }
        self.init(
            node: node, state: state.state, offlineSince: state.offlineSince.map { $0.formatted(.iso8601) },
            queuedCount: state.queue.count, queuedAmount: state.queue.amount, oldestAgeSeconds: oldestAge,
            totalLeft: limits.map { max(0, $0.maxTotal - state.queue.amount) },
            limits: limits.map { OfflineLimitsInfo(maxSale: $0.maxSale, maxCardDay: $0.maxCardDay, maxTotal: $0.maxTotal,
                                                   maxAgeHours: $0.maxAgeHours) })
    }
}
