import Foundation
import PasjesProtocol

extension Dispatcher {
    /// This node's position in the organisation's log; nil when pasjesd is embedded.
    func centralInfo() -> CentralInfo? {
        guard let central else { return nil }
        let position = central.position()
        return CentralInfo(
            node: position.node, headOffice: configuration.central?.headOffice ?? false, state: position.state,
            appliedSeq: position.appliedSeq, logHeadSeq: position.logHeadSeq,
            lagEntries: max(0, position.logHeadSeq - position.appliedSeq),
            lastContact: position.lastContact.map { $0.formatted(.iso8601) })
    }
}
