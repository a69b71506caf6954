import Foundation
import PasjesCore
import PasjesMoney
import PasjesProtocol
import Synchronization

// Month close, the reconciliation report and the export files for finance (admins only).
extension Dispatcher {
    static let monthRoutes: [Route] = [
        Route(.monthClose, .admin, books: true, MonthCloseParams.self) { d, p, peer, _ in try await d.monthClose(p, peer: peer) },
        Route(.monthReport, .admin, MonthReportParams.self,
              integers: [.offset("clientOffset"), .limit("clientLimit")]) { d, p, _, _ in try await d.monthReport(p) },
        Route(.monthExport, .admin, MonthExportParams.self, integers: [.offset("offset")]) { d, p, _, _ in
            try await d.monthExport(p)
        },
        Route(.monthStatement, .admin, MonthStatementParams.self, integers: [.offset("offset")]) { d, p, _, _ in try await d.monthStatement(p) },
        Route(.clientContact, .admin, books: true, ClientContactParams.self) { d, p, _, _ in try await d.clientContact(p) },
    ]

    /// The most lines in one `month.report` page; a page also holds no more than fits one line.
    static let maxReportClients = 100
    /// The most bytes of text in one `month.export` page; JSON escaping (quotes, CRLF) at most
    /// doubles it, so a page stays under the 64 KiB line limit.
    static let exportPageBytes = 24 * 1024

    func monthClose(_ p: MonthCloseParams, peer: Peer) async throws -> MonthCloseInfo {
        let month = try Self.month(p.month)
        let record = try await blocking {
            try ledger.closeMonth(month, operator: peer.operatorRecord, idempotencyKey: p.idempotencyKey)
        }
        if !record.replayed {
            logger.notice("month closed", metadata: [
                "uid": "\(peer.uid)", "month": "\(month)", "seal": "\(record.seal)",
                "flowedBack": "\(record.flowedBack.minorUnits)",
            ])
        }
        return try Self.closeInfo(record)
    }

    /// The close record on the wire: the seal as `seq:hash`, as `pasjes verify --seal` takes it.
    static func closeInfo(_ record: MonthCloseRecord) throws -> MonthCloseInfo {
        try WireCopy.convert(record, adding: ["seal": .string(record.seal.description)])
    }

    /// The caches are per process; a key names this dispatcher's ledger file too, so two daemons
    /// in one process (the tests run many) never serve each other's pages.
    private var cacheScope: String { ledger.path }

    func monthReport(_ p: MonthReportParams) async throws -> MonthReportResult {
        let month = try Self.month(p.month)
        let offset = max(0, p.clientOffset ?? 0)
        let limit = min(max(1, p.clientLimit ?? Self.maxReportClients), Self.maxReportClients)
        // Later pages come from the report computed for the first page: one computation per
        // report, however many pages its clients fill.
        let (report, record) = try await blocking { () throws -> (MonthReport, MonthCloseRecord?) in
            let key = "\(cacheScope)|\(month)"
            if offset > 0, let cached = MonthReportCache.shared.get(key) { return cached }
            let fresh = (try ledger.monthReport(month), try ledger.monthCloseRecord(month))
            MonthReportCache.shared.set(key, fresh)
            return fresh
        }
        var shell = report
        shell.clients = []
        var whole: MonthReportResult = try WireCopy.convert(shell, adding: [
            "clientCount": .integer(Int64(report.clients.count)),
            "tieOut": try WireCopy.json(WireTieOut(report.tieOut)),
        ])
        whole.closed = try record.map(Self.closeInfo)
        if offset == 0 {
            let risks = try await saleRisks(SaleRisksParams(month: month.description)).risks
            if !risks.isEmpty {
                whole.offlineRisks = Array(risks.prefix(MonthReportResult.maxOfflineRisks))
                whole.offlineRiskCount = risks.count
            }
        }
        let clients: [ClientMonthInfo] = try WireCopy.convert(report.clients)
        let lists = (clients, whole.counters, whole.products, whole.operators, whole.locations)
        let count = clients.count + lists.1.count + lists.2.count + lists.3.count + lists.4.count
        // One sequence of lines: clients, then counters, products, operators and locations.
        return try ReplyPaging.page(count: count, offset: offset, limit: limit) { range, next in
            var page = whole
            page.clients = ReplyPaging.part(lists.0, startingAt: 0, in: range)
            page.counters = ReplyPaging.part(lists.1, startingAt: clients.count, in: range)
            page.products = ReplyPaging.part(lists.2, startingAt: clients.count + lists.1.count, in: range)
            page.operators = ReplyPaging.part(lists.3, startingAt: clients.count + lists.1.count + lists.2.count, in: range)
            page.locations = ReplyPaging.part(lists.4, startingAt: clients.count + lists.1.count + lists.2.count + lists.3.count,
                                              in: range)
            page.nextClientOffset = next
            return page
        }
    }

    func monthExport(_ p: MonthExportParams) async throws -> MonthExportResult {
        guard let kind = MonthExportKind(rawValue: p.kind) else {
            throw RPCError.invalidParams("kind: sales, clients, counters, hledger or memoriaal")
        }
        // `"month": "2026"` with hledger: the whole year in one journal.
        if kind == .hledger, p.month.count == 4, let year = Int(p.month) {
            return try await exportPage("\(year)", kind: kind, fileName: "pasjes-\(year).journal", offset: p.offset) {
                try $0.yearHledger(year)
            }
        }
        let month = try Self.month(p.month)
        let numbers = configuration.exportAccounts
        return try await exportPage(month.description, kind: kind, fileName: kind.fileName(month), offset: p.offset) {
            try $0.monthExport(month, kind: kind, numbers: numbers)
        }
    }

    /// One page of an export file of `period`, rendered by `render` for the first page.
    ///
    /// Page 2 and later come from the file rendered for page 1, so a large export is rendered
    /// once, not once per page, and its pages fit together even while sales go on.
    private func exportPage(_ period: String, kind: MonthExportKind, fileName: String, offset requested: Int?,
                            render: @escaping @Sendable (Ledger) throws -> String) async throws -> MonthExportResult {
        let offset = max(0, requested ?? 0)
        let key = "\(cacheScope)|\(period)|\(kind.rawValue)"
        let text = try await blocking { () throws -> [UInt8] in
            if offset > 0, let cached = MonthExportCache.shared.get(key) { return cached }
            let bytes = Array(try render(ledger).utf8)
            MonthExportCache.shared.set(key, bytes)
            return bytes
        }
        guard offset <= text.count else { throw RPCError.invalidParams("offset beyond the end (\(text.count) bytes)") }
        var end = min(offset + Self.exportPageBytes, text.count)
        if end < text.count, let newline = text[offset..<end].lastIndex(of: 0x0A) { end = newline + 1 }
        return MonthExportResult(month: period, kind: kind.rawValue, fileName: fileName,
                                 text: String(decoding: text[offset..<end], as: UTF8.self),
                                 nextOffset: end < text.count ? end : nil, totalBytes: text.count)
    }

    func monthStatement(_ p: MonthStatementParams) async throws -> MonthStatementResult {
        let month = try Self.month(p.month)
        let whole: MonthStatementResult = try WireCopy.convert(try await blocking {
            try ledger.statement(clientNumber: p.clientNumber, month: month)
        })
        let (purchases, credits, contacts) = (whole.purchases, whole.credits, whole.contacts)
        // One sequence: purchases, then credits, then contacts; the figures on every page.
        return try ReplyPaging.page(count: purchases.count + credits.count + contacts.count, offset: p.offset ?? 0,
                                    limit: .max) { range, next in
            var page = whole
            page.purchases = ReplyPaging.part(purchases, startingAt: 0, in: range)
            page.credits = ReplyPaging.part(credits, startingAt: purchases.count, in: range)
            page.contacts = ReplyPaging.part(contacts, startingAt: purchases.count + credits.count, in: range)
            page.next = next
            return page
        }
    }

    /// `client.contact`: someone the statement goes to.
    func clientContact(_ p: ClientContactParams) async throws -> ContactInfo {
        try WireCopy.convert(try await blocking {
            try ledger.addContact(clientNumber: p.clientNumber, ClientContact(role: p.role, name: p.name, email: p.email),
                                  idempotencyKey: p.idempotencyKey)
        })
    }

    private static func month(_ text: String) throws -> Month {
        guard let month = Month(text) else { throw RPCError(LedgerError.invalidMonth) }
        return month
    }
}

/// The tie-out on the wire: `balanced` is computed in Core, so it is copied explicitly.
private struct WireTieOut: Encodable {
    var balanced: Bool
    var checks: [TieOutCheck]
    init(_ tieOut: TieOut) {
        balanced = tieOut.balanced
        checks = tieOut.checks
    }
}

/// Core's report types and the wire's have the same JSON shape (months as `YYYY-MM`, amounts as
/// integers), so one is made from the other through JSON instead of field by field.
enum WireCopy {
    static func convert<Wire: Decodable>(_ value: some Encodable, adding extra: [String: JSONValue] = [:]) throws -> Wire {
        var object = try json(value)
        if case .object(var fields) = object {
            for (key, value) in extra { fields[key] = value }
            object = .object(fields)
        }
        return try JSONDecoder().decode(Wire.self, from: JSONEncoder().encode(object))
    }

    static func json(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }
}

/// The last few rendered export files, by month and kind, for their following pages.
final class MonthExportCache: Sendable {
    static let shared = MonthExportCache()
    /// A handful: enough for a few administrators exporting at once, bounded in memory.
    private static let capacity = 4
    private let files = Mutex<[(key: String, bytes: [UInt8])]>([])

    func get(_ key: String) -> [UInt8]? { files.withLock { $0.last { $0.key == key }?.bytes } }

    func set(_ key: String, _ bytes: [UInt8]) {
        files.withLock { files in
            files.removeAll { $0.key == key }
            files.append((key, bytes))
            if files.count > Self.capacity { files.removeFirst() }
        }
    }
}

/// The last few reports, by month, for their following pages.
final class MonthReportCache: Sendable {
    static let shared = MonthReportCache()
    private static let capacity = 2
    private let reports = Mutex<[(month: String, value: (MonthReport, MonthCloseRecord?))]>([])

    func get(_ month: String) -> (MonthReport, MonthCloseRecord?)? { reports.withLock { $0.last { $0.month == month }?.value } }

    func set(_ month: String, _ value: (MonthReport, MonthCloseRecord?)) {
        reports.withLock { reports in
            reports.removeAll { $0.month == month }
            reports.append((month, value))
            if reports.count > Self.capacity { reports.removeFirst() }
        }
    }
}
