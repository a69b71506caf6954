#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PasjesCentral
import PasjesCore

/// What `central verify` found on one node.
struct CentralVerification: Sendable {
    var globalSeq: Int64
    var replicaHash: String
    var logHash: String
    var tables: Int
    var problems: [VerifyReport.Problem]
}

extension CentralNode {
    /// Replays the whole log into a fresh ledger in a private folder beside this one and compares
    /// it, table by table, with this replica at the same position; the fresh copy is removed
    /// afterwards. Blocks (SQLite, the log): call it off Swift's pool.
    func verifyAgainstLog() throws -> CentralVerification {
        let folder = (ledger.path as NSString).deletingLastPathComponent + "/.pasjes-verify-\(UUID().uuidString)"
        guard mkdir(folder, 0o700) == 0 else {
            throw LedgerError.databaseError.with("kan \(folder) niet aanmaken: \(String(cString: strerror(errno)))")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let log = self.log
        guard let first = try waitForTask({ try await log.entries(after: 0, limit: 1) }).first else {
            throw LedgerError.invalidInput.with("het logboek is leeg")
        }
        let fresh = try Ledger.replica(at: folder + "/replay.sqlite", startingWith: JournalEntry(central: first))
        // The replica goes on applying meanwhile: replay up to its head, compare at one position,
        // and go round again when it moved between the two (bounded: a busy node is compared
        // at some position within these rounds, or the check says it could not).
        for _ in 0..<Self.verifyRounds {
            let target = try ledger.journalHead()?.seq ?? 0
            var replayed = try fresh.journalHead()?.seq ?? 0
            while replayed < target {
                let after = replayed
                let page = try waitForTask { try await log.entries(after: after, limit: Ledger.maxReplicaBatch) }
                    .filter { $0.globalSeq <= target }
                guard let last = page.last else { break }
                _ = try fresh.apply(foreign: page.map(JournalEntry.init(central:)))
                replayed = last.globalSeq
            }
            guard let differences = try ledger.tableDifferences(from: fresh) else { continue }
            let position = try fresh.journalHead()
            let logEntry = try waitForTask { try await log.entries(after: (position?.seq ?? 1) - 1, limit: 1) }.first
            return CentralVerification(globalSeq: position?.seq ?? 0, replicaHash: position?.hash ?? "",
                                       logHash: logEntry?.hash ?? "", tables: differences.tables,
                                       problems: differences.problems)
        }
        throw LedgerError.busy.with("dit knooppunt boekte sneller dan de controle kon bijhouden; probeer het later opnieuw")
    }

    static let verifyRounds = 20
}
