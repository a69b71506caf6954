import Foundation
import NIOConcurrencyHelpers
import PasjesCore
import PasjesProtocol

/// Imports staged in memory between `import.begin` and `import.commit`.
///
/// A file of 3,000 residents does not fit one protocol line, so its rows arrive in pages and
/// are booked by one command. Staged rows are bounded (rows, bytes, open imports, age) and live
/// only in this process: a restart drops an unfinished import, and the CLI simply begins again.
final class ImportStaging: Sendable {
    static let maxRows = 20_000
    static let maxBytes = 16 * 1024 * 1024
    static let maxOpenImports = 16
    static let ttlSeconds = 3_600

    struct Staged: Sendable {
        var kind: ImportKind
        var clients: [ClientImportRow] = []
        var cards: [CardImportRow] = []
        var bytes = 0
        var expiresAtUptimeNanoseconds: UInt64
        var rowCount: Int { kind == .clients ? clients.count : cards.count }
    }

    private let imports = NIOLockedValueBox<[String: Staged]>([:])
    private let clock: DaemonClock

    init(clock: DaemonClock) { self.clock = clock }

    /// A new, empty import of `kind`.
    func begin(_ kind: ImportKind) throws -> String {
        let now = clock.uptimeNanoseconds()
        let id = UUID().uuidString.lowercased()
        try imports.withLockedValue { open in
            open = open.filter { $0.value.expiresAtUptimeNanoseconds > now }
            guard open.count < Self.maxOpenImports else {
                throw RPCError.refused(.importTooLarge, detail: "\(Self.maxOpenImports) imports open at once")
            }
            open[id] = Staged(kind: kind, expiresAtUptimeNanoseconds: now + UInt64(Self.ttlSeconds) * 1_000_000_000)
        }
        return id
    }

    /// Adds a page of rows; refuses rows of the other kind and an import over its bounds.
    func add(_ params: ImportRowsParams) throws -> Int {
        try withImport(params.importId) { staged in
            let clients = params.clients ?? []
            let cards = params.cards ?? []
            guard staged.kind == .clients ? cards.isEmpty : clients.isEmpty else {
                throw RPCError.invalidParams("this import holds \(staged.kind.rawValue) only")
            }
            let bytes = clients.reduce(0) { $0 + $1.textBytes } + cards.reduce(0) { $0 + $1.uid.utf8.count + $1.clientNumber.utf8.count }
            guard staged.rowCount + clients.count + cards.count <= Self.maxRows, staged.bytes + bytes <= Self.maxBytes else {
                throw RPCError.refused(.importTooLarge, detail: "at most \(Self.maxRows) rows and \(Self.maxBytes) bytes")
            }
            staged.bytes += bytes
            staged.clients += clients.map(\.ledgerRow)
            staged.cards += cards.map { CardImportRow(line: $0.line, uid: $0.uid, clientNumber: $0.clientNumber) }
            return staged.rowCount
        }
    }

    /// The import with `id`, unexpired.
    func staged(_ id: String) throws -> Staged {
        try withImport(id) { $0 }
    }

    private func withImport<T>(_ id: String, _ body: (inout Staged) throws -> T) throws -> T {
        let now = clock.uptimeNanoseconds()
        return try imports.withLockedValue { open in
            guard var staged = open[id], staged.expiresAtUptimeNanoseconds > now else {
                open[id] = nil
                throw RPCError.refused(.importUnknown, detail: id)
            }
            let result = try body(&staged)
            open[id] = staged
            return result
        }
    }
}

extension ImportClientRow {
    var textBytes: Int {
        [number, name, zzp, location, department].reduce(0) { $0 + $1.utf8.count }
    }

    var ledgerRow: ClientImportRow {
        ClientImportRow(line: line, client: NewClient(
            number: number, name: name, zzp: zzp, location: location, department: department,
            allowOwnContribution: allowOwnContribution ?? false, ownContributionCap: ownContributionCap))
    }
}
