import Foundation
import PasjesProtocol

/// An import staged on pasjesd: rows sent in pages that each fit one protocol line, then one
/// check that lists every problem and one commit that books all rows or none.
struct ImportUpload {
    let daemon: Daemon
    let importId: String

    /// The bytes one page of rows may take: the line limit less room for the envelope and the id.
    static let pageBudget = ProtocolLimits.maxLineBytes - 1_024

    /// Starts an import of `kind` on pasjesd.
    static func begin(_ kind: ImportKind, daemon: Daemon) throws -> ImportUpload {
        let begun = try daemon.call(.importBegin, ImportBeginParams(kind: kind), as: ImportBeginResult.self)
        return ImportUpload(daemon: daemon, importId: begun.importId)
    }

    /// Sends `rows` in pages measured by their encoded size; `params` wraps one page.
    func send<Row: Encodable>(_ rows: [Row], _ params: (String, [Row]) -> ImportRowsParams) throws {
        let encoder = JSONEncoder()
        var page: [Row] = []
        var size = 0
        for row in rows {
            let rowSize = try encoder.encode(row).count + 1
            if !page.isEmpty, size + rowSize > Self.pageBudget {
                _ = try daemon.call(.importRows, params(importId, page), as: ImportRowsResult.self)
                page = []
                size = 0
            }
            page.append(row)
            size += rowSize
        }
        if !page.isEmpty { _ = try daemon.call(.importRows, params(importId, page), as: ImportRowsResult.self) }
    }

    /// What a commit would do and every problem, fetched page by page.
    func check(toch: Bool) throws -> (new: Int, alreadyPresent: Int, problems: [ImportRowError]) {
        var problems: [ImportRowError] = []
        var offset: Int? = 0
        var last: ImportCheckResult?
        while let from = offset {
            let page = try daemon.call(.importCheck, ImportCheckParams(importId: importId, toch: toch ? true : nil, offset: from),
                                       as: ImportCheckResult.self)
            problems += page.problems.map { ImportRowError(line: $0.line, $0.message) }
            offset = page.next
            last = page
        }
        return (last?.new ?? 0, last?.alreadyPresent ?? 0, problems)
    }

    /// Books every staged row in one transaction.
    func commit(key: String, toch: Bool) throws -> ImportCommitResult {
        try daemon.call(.importCommit, ImportCommitParams(importId: importId, idempotencyKey: key, toch: toch ? true : nil),
                        as: ImportCommitResult.self)
    }

    /// Stages `rows`, reports every problem (the file's own in `local` too), and books unless `dryRun`.
    static func run<Row: Encodable>(
        _ kind: ImportKind, rows: [Row], local: ImportProblems, daemon: Daemon, path: String, fileKey: [String],
        toch: Bool, dryRun: Bool, _ params: (String, [Row]) -> ImportRowsParams
    ) throws -> ImportSummary {
        if rows.isEmpty {
            throw CLIFailure(.refused, ImportFile.report(local.errors.isEmpty ? ImportProblems.noRows : local, path: path))
        }
        let upload = try begin(kind, daemon: daemon)
        try upload.send(rows, params)
        let checked = try upload.check(toch: toch)
        let problems = ImportProblems(local.errors + checked.problems)
        if !problems.errors.isEmpty { throw CLIFailure(.refused, ImportFile.report(problems, path: path)) }
        guard !dryRun, checked.new > 0 else {
            return ImportSummary(imported: checked.new, alreadyPresent: checked.alreadyPresent, dryRun: dryRun)
        }
        let booked = try upload.commit(key: IdempotencyKey.derived(fileKey + [toch ? "toch" : ""]), toch: toch)
        return ImportSummary(imported: booked.created, alreadyPresent: booked.alreadyPresent, dryRun: false)
    }
}

extension ImportProblems {
    /// A file with a header and nothing under it.
    static let noRows = ImportProblems([ImportRowError(line: 0, "het bestand heeft geen regels onder de kopregel")])
}

extension PlannedClient {
    /// The row as `import.rows` carries it.
    var wireRow: ImportClientRow {
        ImportClientRow(line: line, number: params.number, name: params.name, zzp: params.zzp, location: params.location,
                        department: params.department, allowOwnContribution: params.allowOwnContribution,
                        ownContributionCap: params.ownContributionCap)
    }
}
