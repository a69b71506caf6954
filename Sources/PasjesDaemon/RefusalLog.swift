import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Logs refused requests with uid and counter, at most a few lines per uid per minute.
///
/// One member of the socket group sending thousands of forbidden requests must not flood the
/// journal: journald rate-limits per service, and would then drop the sale lines an operator
/// needs. What is not logged is counted and reported in the next line for that uid.
final class RefusalLog: Sendable {
    /// Lines per uid per window.
    static let linesPerWindow = 10
    static let windowSeconds: Int64 = 60
    /// Uids tracked at once; beyond it the table starts over (a new window for everyone).
    static let maxTrackedUIDs = 1_024

    private struct Window {
        var startedAt: NIODeadline
        var logged = 0
        var suppressed = 0
    }

    private let windows = NIOLockedValueBox<[UInt32: Window]>([:])
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Logs one refusal unless this uid already had its share of lines in this window.
    func refused(_ what: String, peer: Peer, counter: String? = nil, detail: String) {
        let now = NIODeadline.now()
        let suppressedBefore: Int? = windows.withLockedValue { table in
            if table.count >= RefusalLog.maxTrackedUIDs, table[peer.uid] == nil { table.removeAll() }
            var window = table[peer.uid] ?? Window(startedAt: now)
            var carried = 0
            if now - window.startedAt >= .seconds(RefusalLog.windowSeconds) {
                carried = window.suppressed
                window = Window(startedAt: now)
            }
            defer { table[peer.uid] = window }
            guard window.logged < RefusalLog.linesPerWindow else {
                window.suppressed += 1
                return nil
            }
            window.logged += 1
            return carried
        }
        guard let suppressedBefore else { return }
        var metadata: Logger.Metadata = [
            "method": "\(what)", "uid": "\(peer.uid)", "user": "\(peer.user)", "role": "\(peer.role.rawValue)",
            "counter": "\(counter ?? "-")", "detail": "\(detail)",
        ]
        if suppressedBefore > 0 { metadata["suppressed"] = "\(suppressedBefore)" }
        if window(of: peer.uid)?.logged == RefusalLog.linesPerWindow {
            metadata["note"] = "further refusals of this uid are counted, not logged, for \(RefusalLog.windowSeconds) s"
        }
        logger.warning("refused", metadata: metadata)
    }

    private func window(of uid: UInt32) -> Window? {
        windows.withLockedValue { $0[uid] }
    }
}
