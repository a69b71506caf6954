import Foundation
import Logging
import PostgresNIO

extension CentralAdmin {
    /// Makes one embedded ledger's journal the first content of the log. `page(after)` gives the
    /// journal's entries after a position (empty at its end). A log that already holds entries
    /// must hold this journal's first ones (a seed that was cut off goes on where it stopped);
    /// any other log is refused. Returns the log's head afterwards and the entries appended now.
    public static func seed(url: String, logger: Logger = Logger(label: "pasjes.central"),
                            page: @escaping @Sendable (Int64) async throws -> [CentralEntry]) async throws -> (head: CentralHead, appended: Int64) {
        try await withAdminConnection(url: url, logger: logger) { connection in
            var head = try await head(connection, logger: logger)
            let before = head.globalSeq
            if head.globalSeq > 0 {
                let ours = try await page(head.globalSeq - 1).first
                guard let ours, ours.globalSeq == head.globalSeq, ours.hash == head.hash else {
                    throw CentralSetupError("Het logboek is niet leeg (\(head.globalSeq) regels) en is niet het begin van dit grootboek; "
                                            + "seed gaat alleen in een leeg logboek")
                }
                logger.notice("central: the log holds the first \(head.globalSeq) entries of this journal already; going on from there")
            }
            while true {
                let entries = try await page(head.globalSeq)
                guard !entries.isEmpty else { return (head, head.globalSeq - before) }
                try await connection.query("BEGIN", logger: logger)
                do {
                    for entry in entries {
                        try await connection.query("""
                            SELECT pasjes.seed_entry(\(entry.globalSeq), \(entry.origin), \(entry.originSeq), \(entry.createdAt),
                                \(entry.operatorUID), \(entry.operatorName), \(entry.counterID), \(entry.kind),
                                \(Int32(clamping: entry.version)), \(entry.idempotencyKey), \(entry.command), \(entry.result),
                                \(entry.hash))
                            """, logger: logger)
                    }
                    try await connection.query("COMMIT", logger: logger)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    let missing = (error as? PSQLError).map { Self.schemaMissing.contains($0.serverInfo?[.sqlState] ?? "") } ?? false
                    throw CentralSetupError("Seed bij regel \(head.globalSeq + 1) mislukt: \(describe(error))"
                                            + (missing ? "; draai eerst pasjes central migrate (v2-seed-entry)" : ""))
                }
                head = CentralHead(globalSeq: entries.last!.globalSeq, hash: entries.last!.hash)
            }
        }
    }

    static func head(_ connection: PostgresConnection, logger: Logger) async throws -> CentralHead {
        do {
            let rows = try await connection.query("SELECT global_seq, hash FROM pasjes.log_head", logger: logger)
            for try await (seq, hash) in rows.decode((Int64, String).self) { return CentralHead(globalSeq: seq, hash: hash) }
        } catch let error as PSQLError where Self.schemaMissing.contains(error.serverInfo?[.sqlState] ?? "") {
            throw CentralSetupError("Het logboek heeft nog geen schema (\(describe(error))): draai eerst pasjes central migrate")
        }
        throw CentralSetupError("pasjes.log_head is leeg: draai eerst pasjes central migrate")
    }

    /// Undefined table, function or schema: the log was never migrated, or not to this version.
    static let schemaMissing: Set<String> = ["42P01", "42883", "3F000"]
}
