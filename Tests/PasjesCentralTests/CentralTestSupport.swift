import Foundation
import Logging
import PasjesCentral
import PasjesCore

/// Quiet: the tests read results, not log lines.
let quietLogger: Logger = {
    var logger = Logger(label: "pasjes.central.test")
    logger.logLevel = .critical
    return logger
}()

/// A migrated log with nodes added on demand.
struct CentralFixture {
    let server: TestPostgres

    /// Starts a server and migrates it; nil when skipped (see `TestPostgres.start`).
    static func make(tcp: Bool = false) async throws -> CentralFixture? {
        guard let server = try await TestPostgres.start(tcp: tcp) else { return nil }
        _ = try await CentralAdmin.migrate(url: server.adminURL, logger: quietLogger)
        return CentralFixture(server: server)
    }

    /// Adds node `name` and connects as it.
    func node(_ name: String, deadlineMilliseconds: Int = 15_000) async throws -> (log: CentralLog, credentials: CentralCredentials) {
        let file = server.folder + "/\(name).central"
        let credentials = try await CentralAdmin.addNode(url: server.adminURL, name: name, credentialsFile: file, logger: quietLogger)
        let log = try await CentralLog.connect(urls: [server.nodeURL], credentialsFile: file,
                                               deadlineMilliseconds: deadlineMilliseconds, logger: quietLogger)
        return (log, credentials)
    }
}

/// The journal's time text of now plus `offsetMilliseconds`.
func timeText(offsetMilliseconds: Int = 0) -> String {
    Ledger.wireTimestamp(Date().addingTimeInterval(Double(offsetMilliseconds) / 1_000))
}

/// A plain online proposal of `origin`'s entry `originSeq`.
func proposal(_ origin: String, _ originSeq: Int64, command: String = #"{"n":1}"#, reads: [String] = [],
              writes: [String] = [], decidedAt: Int64 = 0, createdAt: String = timeText(), offline: Bool = false) -> CentralProposal {
    CentralProposal(origin: origin, originSeq: originSeq, createdAt: createdAt, operatorUID: 1000, operatorName: "kassa",
                    counterID: "restaurant", kind: "test.entry", version: 1, idempotencyKey: "\(origin)-\(originSeq)",
                    command: command, result: #"{"ok":true}"#, offline: offline, reads: reads, writes: writes,
                    decidedAt: decidedAt)
}
