import Foundation
import Logging
import PasjesCentral
import PasjesCore
import PasjesTestSupport

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
        let log = try await server.connect(credentialsFile: file, deadlineMilliseconds: deadlineMilliseconds)
        return (log, credentials)
    }
}

extension TestPostgres {
    /// Connects as the node of `credentialsFile` to `urls` (this server's node URL by default).
    /// A connect that should succeed and does not throws with the client's warnings and the end
    /// of the server's log: "unavailable" alone says nothing about why.
    func connect(urls: [String]? = nil, credentialsFile: String, deadlineMilliseconds: Int = 15_000) async throws -> CentralLog {
        let lines = LogLines()
        let started = ContinuousClock.now
        do {
            return try await CentralLog.connect(urls: urls ?? [nodeURL], credentialsFile: credentialsFile,
                                                deadlineMilliseconds: deadlineMilliseconds,
                                                logger: lines.logger(label: "pasjes.central.test", level: .warning))
        } catch {
            let serverLog = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? "(no server log)"
            throw TestError("""
                connect failed after \(ContinuousClock.now - started) (deadline \(deadlineMilliseconds) ms): \(error)
                client: \(lines.text)
                server log, last 3000 characters: \(serverLog.suffix(3_000))
                """)
        }
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
