import Foundation
import Logging
import PasjesCentral
import PasjesCore
import PasjesDaemon
import Synchronization

/// One node of a benchmark's organisation: its ledger, booking through its log.
struct BenchNode: Sendable {
    let ledger: Ledger
    let node: CentralNode
    let log: CentralLog
    /// The stream conflicts its ledger decided again after.
    let proposer: CountingProposer
}

/// An organisation for one benchmark section: a private PostgreSQL whose migrated log starts
/// with the head office's prepared ledger (seeded as `pasjes central seed` does), that ledger
/// booking through the log as node `hoofd`, and replica nodes added on demand.
final class BenchOrganisation {
    let server: ScratchPostgres
    let folder: URL
    let headOffice: BenchNode
    /// The log's first entry, which every replica starts from.
    let first: JournalEntry
    /// How fast the head office's journal went into the empty log.
    let seeded: Rate
    /// The entries the seed put into the log.
    let seededEntries: Int64
    static let logger: Logger = {
        var logger = Logger(label: "pasjes.bench.central")
        logger.logLevel = .error
        return logger
    }()

    private init(server: ScratchPostgres, folder: URL, headOffice: BenchNode, first: JournalEntry, seeded: Rate,
                 seededEntries: Int64) {
        self.server = server
        self.folder = folder
        self.headOffice = headOffice
        self.first = first
        self.seeded = seeded
        self.seededEntries = seededEntries
    }

    /// Starts a server, books `prepare` on the head office's embedded ledger, seeds the log with
    /// its journal and makes it node `hoofd`.
    static func make(in folder: URL, prepare: (Ledger) throws -> Void = { _ in }) throws -> BenchOrganisation {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let server = try ScratchPostgres.start()
        do {
            let adminURL = server.adminURL
            _ = try waitForTask { try await CentralAdmin.migrate(url: adminURL, logger: logger) }
            let ledger = try LedgerBench.preparedLedger(path: folder.appendingPathComponent("hoofd.sqlite").path, node: "hoofd")
            try prepare(ledger)
            let journalLength = try ledger.journalHead()?.seq ?? 0
            var appended: Int64 = 0
            let seeded = try Rate.of(Int(journalLength)) {
                appended = try waitForTask {
                    try await CentralAdmin.seed(url: adminURL, logger: logger) { after in
                        try ledger.entries(after: after, limit: Ledger.maxReplicaBatch).map(CentralEntry.init(seeding:))
                    }.appended
                }
            }
            let headOffice = try Self.connect(ledger, as: "hoofd", to: server, in: folder)
            try headOffice.node.start()
            headOffice.ledger.setProposer(headOffice.proposer)
            guard let first = try waitForTask({ try await headOffice.log.entries(after: 0, limit: 1) }).first else {
                throw BenchError("the seeded log is empty")
            }
            return BenchOrganisation(server: server, folder: folder, headOffice: headOffice, first: JournalEntry(central: first),
                                     seeded: seeded, seededEntries: appended)
        } catch {
            server.stop()
            throw error
        }
    }

    /// A new node `name`: a replica from the log's first entry; `start` catches it up with the
    /// log, books through it and journals its identity.
    func node(_ name: String, start: Bool = true, offlineLimits: OfflineLimits? = nil,
              deadlineMilliseconds: Int = 5_000) throws -> BenchNode {
        let ledger = try Ledger.replica(at: folder.appendingPathComponent("\(name).sqlite").path, startingWith: first, node: name)
        let member = try Self.connect(ledger, as: name, to: server, in: folder, offlineLimits: offlineLimits,
                                      deadlineMilliseconds: deadlineMilliseconds)
        if start {
            try member.node.start()
            member.ledger.setProposer(member.proposer)
            try member.ledger.join()
        }
        return member
    }

    private static func connect(_ ledger: Ledger, as name: String, to server: ScratchPostgres, in folder: URL,
                                offlineLimits: OfflineLimits? = nil, deadlineMilliseconds: Int = 5_000) throws -> BenchNode {
        let file = folder.appendingPathComponent("\(name).central").path
        let (adminURL, nodeURL) = (server.adminURL, server.nodeURL)
        let log = try waitForTask {
            _ = try await CentralAdmin.addNode(url: adminURL, name: name, credentialsFile: file, logger: logger)
            return try await CentralLog.connect(urls: [nodeURL], credentialsFile: file, deadlineMilliseconds: deadlineMilliseconds,
                                                logger: logger)
        }
        let node = CentralNode(ledger: ledger, log: log, logger: logger, offlineLimits: offlineLimits)
        return BenchNode(ledger: ledger, node: node, log: log, proposer: CountingProposer(node: node))
    }

    /// Closes the nodes' connections and stops the server.
    func stop(_ nodes: [BenchNode] = []) {
        for member in nodes + [headOffice] { try? waitForTask { await member.log.close() } }
        server.stop()
    }
}

/// A node's proposer that counts the stream conflicts after which its ledger decides again.
final class CountingProposer: LedgerProposer {
    let node: CentralNode
    let conflicts = Atomic<Int>(0)

    init(node: CentralNode) { self.node = node }

    var offlineLimits: OfflineLimits? { node.offlineLimits }
    func forwardOutbox() throws { try node.forwardOutbox() }
    func queued() { node.queued() }

    func propose(_ decision: Decision) throws -> JournalEntry {
        do {
            return try node.propose(decision)
        } catch let error as LedgerError where error == .streamConflict {
            conflicts.add(1, ordering: .relaxed)
            throw error
        }
    }
}
