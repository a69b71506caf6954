import Foundation
import Logging
import PasjesCentral
import PasjesCore

/// What a node of several locations starts with: its client of the organisation's log and,
/// when its ledger file is new, the log's first entry to create it from.
public struct CentralStart: Sendable {
    /// The node's client of the log; it connects on its first call.
    public let log: CentralLog
    /// The log's first entry, fetched only for a new ledger file.
    public let firstEntry: JournalEntry?

    /// Reads the node's credentials (they must be `settings.node`'s) and, for a missing or empty
    /// ledger file, fetches the log's first entry. An existing file needs no answer from the
    /// log to start: pasjesd serves reads and refuses writes until it has caught up.
    public static func prepare(settings: CentralSettings, databasePath: String, logger: Logger) async throws -> CentralStart {
        let credentials: CentralCredentials
        let log: CentralLog
        do {
            credentials = try CentralCredentials.read(from: settings.credentialsFile)
            log = try CentralLog.unconnected(urls: settings.urls, credentialsFile: settings.credentialsFile,
                                             deadlineMilliseconds: settings.deadlineMilliseconds, logger: logger)
        } catch let error as CentralSetupError {
            throw ConfigurationError("[central]: \(error)")
        }
        guard credentials.node == settings.node else {
            throw ConfigurationError("[central] node = \(settings.node), maar \(settings.credentialsFile) is van node \(credentials.node)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: databasePath)[.size] as? Int) ?? 0
        guard size == 0 else { return CentralStart(log: log, firstEntry: nil) }
        let first: CentralEntry?
        do {
            first = try await log.entries(after: 0, limit: 1).first
        } catch {
            throw CentralFirstEntryUnavailable(underlying: "\(error)")
        }
        guard let first else {
            throw ConfigurationError("het logboek van de centrale is leeg: zet er eerst een grootboek in "
                                     + "(pasjes central seed) of start deze node van een snapshot (pasjes central snapshot)")
        }
        return CentralStart(log: log, firstEntry: JournalEntry(central: first))
    }
}

/// A new node could not fetch the log's first entry: nothing to start from yet (pasjesd exits
/// 75, and systemd starts it again).
public struct CentralFirstEntryUnavailable: Error, CustomStringConvertible {
    /// What the log's client said.
    public let underlying: String

    public var description: String {
        "deze node heeft nog geen grootboek en de centrale antwoordt niet (\(underlying)); "
            + "pasjesd probeert het opnieuw zodra systemd hem herstart"
    }
}
