import Foundation
import PasjesCore
import PasjesProtocol

// Imports staged in pages and booked all at once (see `ImportStaging`).
extension Dispatcher {
    /// The import methods.
    static let importRoutes: [Route] = [
        Route(.importBegin, .admin, ImportBeginParams.self) { d, p, _, _ in
            try ImportBeginResult(importId: d.imports.begin(p.kind), maxRows: ImportStaging.maxRows,
                              maxBytes: ImportStaging.maxBytes, expiresInSeconds: ImportStaging.ttlSeconds)
        },
        Route(.importRows, .admin, ImportRowsParams.self, integers: [
            WireInteger("clients.*.line", "regelnummer", 1...Int64(Int32.max), .invalidInput),
            WireInteger("cards.*.line", "regelnummer", 1...Int64(Int32.max), .invalidInput),
            .amount("clients.*.ownContributionCap", "maximum eigen bijdrage per maand", minimum: 0),
        ]) { d, p, _, _ in
            try ImportRowsResult(staged: d.imports.add(p))
        },
        Route(.importCheck, .admin, slow: true, ImportCheckParams.self, integers: [.offset("offset")]) { d, p, _, _ in
            try await d.importCheck(p)
        },
        Route(.importCommit, .admin, books: true, slow: true, ImportCommitParams.self) { d, p, _, _ in
            try await d.importCommit(p)
        },
    ]

    func importCheck(_ p: ImportCheckParams) async throws -> ImportCheckResult {
        let staged = try imports.staged(p.importId)
        let check = try await blocking {
            try staged.kind == .clients
                ? ledger.checkClientImport(staged.clients, toch: p.toch ?? false) : ledger.checkCardImport(staged.cards)
        }
        let problems = check.problems.map { ImportProblemInfo(line: $0.line, reason: $0.code, message: $0.message) }
        return try ReplyPaging.page(count: problems.count, offset: p.offset ?? 0, limit: problems.count) { range, next in
            ImportCheckResult(new: check.new, alreadyPresent: check.alreadyPresent, problemCount: problems.count,
                              problems: Array(problems[range]), next: next)
        }
    }

    func importCommit(_ p: ImportCommitParams) async throws -> ImportCommitResult {
        let staged = try imports.staged(p.importId)
        let result = try await blocking {
            try staged.kind == .clients
                ? ledger.importClients(staged.clients, toch: p.toch ?? false, idempotencyKey: p.idempotencyKey)
                : ledger.importCards(staged.cards, idempotencyKey: p.idempotencyKey)
        }
        return ImportCommitResult(created: result.created, alreadyPresent: result.alreadyPresent)
    }
}
