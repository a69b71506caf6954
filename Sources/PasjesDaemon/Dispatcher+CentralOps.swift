import Foundation
import Logging
import PasjesCentral
import PasjesCore
import PasjesProtocol

// The organisation's log, seen from one pasjesd: seed it, copy a replica for a new node, verify.
extension Dispatcher {
    /// The administrators' methods of this file.
    static let centralRoutes: [Route] = [
        Route(.centralSeed, .admin, slow: true, CentralSeedParams.self) { d, p, peer, _ in try await d.centralSeed(p, peer: peer) },
        Route(.centralSnapshot, .admin, slow: true, CentralSnapshotParams.self) { d, p, peer, _ in
            try await d.centralSnapshot(p, peer: peer)
        },
        Route(.centralVerify, .admin, slow: true, NoParams.self) { d, _, peer, _ in try await d.centralVerify(peer: peer) },
    ]

    /// `central.seed`: this embedded ledger's journal becomes the first content of the log. From
    /// the start of the seed on, this pasjesd books nothing more (every write is refused with
    /// `ledger_seeded`): an entry booked here after the seed would be in no log. It goes on
    /// booking only as a node, restarted with `[central]`; a failed seed lets it book again.
    func centralSeed(_ p: CentralSeedParams, peer: Peer) async throws -> CentralSeedResult {
        guard central == nil else {
            throw RPCError(LedgerError.invalidInput.with("deze pasjesd is al een knooppunt van het logboek; seed gaat vanuit een pasjesd zonder [central]"))
        }
        guard p.url.utf8.count <= 2_048, !p.url.utf8.contains(where: { $0 < 0x20 }) else {
            throw RPCError.invalidParams("url: hoogstens 2048 tekens, zonder stuurtekens")
        }
        let ledger = self.ledger
        ledger.setProposer(SeededLedger())
        logger.notice("central seed: writes stopped; this ledger's journal goes into the organisation's log", metadata: [
            "uid": "\(peer.uid)"])
        do {
            let (head, appended) = try await CentralAdmin.seed(url: p.url, logger: logger) { after in
                try await offPool { try ledger.entries(after: after, limit: Ledger.maxReplicaBatch).map(CentralEntry.init(seeding:)) }
            }
            logger.notice("central seed done: restart pasjesd with [central] to book as a node", metadata: [
                "log_head": "\(head.globalSeq)", "appended": "\(appended)", "uid": "\(peer.uid)"])
            return CentralSeedResult(headSeq: head.globalSeq, headHash: head.hash, appended: appended)
        } catch {
            ledger.setProposer(nil)
            let message = (error as? CentralSetupError)?.message ?? "\(error)"
            logger.error("central seed failed; this pasjesd books again as before", metadata: ["error": "\(message)"])
            throw RPCError(LedgerError.centralRefused.with(message))
        }
    }

    /// `central.snapshot`: a checked copy of this ledger at one position of the log.
    func centralSnapshot(_ p: CentralSnapshotParams, peer: Peer) async throws -> CentralSnapshotResult {
        let path = p.path
        guard path.hasPrefix("/"), path.utf8.count <= 1_024, !path.utf8.contains(where: { $0 < 0x20 }) else {
            throw RPCError.invalidParams("path: een absoluut pad zonder stuurtekens")
        }
        try Self.checkBackupFolder((path as NSString).deletingLastPathComponent)
        let seal = try await blocking { try ledger.snapshot(to: path) }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        logger.notice("snapshot made for a new node", metadata: [
            "path": "\(path)", "global_seq": "\(seal.seq)", "bytes": "\(bytes)", "uid": "\(peer.uid)"])
        return CentralSnapshotResult(path: path, globalSeq: seal.seq, hash: seal.hash, bytes: bytes)
    }

    /// `central.verify`: the whole log replayed into a fresh ledger, compared with this replica.
    func centralVerify(peer: Peer) async throws -> CentralVerifyResult {
        guard let central else {
            throw RPCError(LedgerError.invalidInput.with("deze pasjesd is geen knooppunt van het logboek ([central] ontbreekt); gebruik pasjes verify"))
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let found = try await blocking { try central.verifyAgainstLog() }
        let milliseconds = Int64((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        var problems = found.problems.map { problem in
            let text = [problem.table, problem.kind, problem.message].compactMap { $0 }.joined(separator: ": ")
            return String(text.utf8.prefix(300)) ?? problem.kind
        }
        if found.replicaHash != found.logHash {
            problems.insert("kop \(found.globalSeq): dit knooppunt \(found.replicaHash.prefix(12)), logboek \(found.logHash.prefix(12))", at: 0)
        }
        let level: Logger.Level = problems.isEmpty ? .notice : .critical
        logger.log(level: level, "central verify: the log replayed and compared with this replica", metadata: [
            "global_seq": "\(found.globalSeq)", "tables": "\(found.tables)", "problems": "\(problems.count)",
            "ms": "\(milliseconds)", "uid": "\(peer.uid)"])
        return CentralVerifyResult(node: central.ledger.nodeID, globalSeq: found.globalSeq, replicaHash: found.replicaHash,
                                   logHash: found.logHash, tables: found.tables,
                                   problems: Array(problems.prefix(CentralVerifyResult.maximumProblems)),
                                   problemCount: problems.count, milliseconds: milliseconds)
    }
}

/// What an embedded ledger answers to a write once its journal went into the log.
struct SeededLedger: LedgerProposer {
    func propose(_ decision: Decision) throws -> JournalEntry {
        throw LedgerError.ledgerSeeded
    }
}

extension LedgerError {
    /// The ledger's journal went into the organisation's log: it books only as a node now.
    static let ledgerSeeded = LedgerError(
        code: "ledger_seeded",
        message: "Dit grootboek staat nu in het logboek van de centrale; er is niets geboekt. Start pasjesd opnieuw met [central].")
}
