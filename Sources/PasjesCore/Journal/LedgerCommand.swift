import Foundation
import GRDB

/// A write to the ledger: typed, versioned and `Codable`, executed by `Ledger.execute`.
///
/// The journal stores the command's canonical JSON; `verify` decodes it again by `kind` and
/// replays it. So `kind` and the JSON shape of a version never change once shipped: a new
/// shape is a new version (or a new kind), and an old one stays decodable.
protocol LedgerCommand: Codable, Sendable {
    associatedtype Result: Codable & Sendable
    /// The journal's name for the command, e.g. `sale.charge`.
    static var kind: String { get }
    /// The version of the JSON shape.
    static var version: Int { get }
    /// Who asked, for the journal (nil for the ledger itself).
    var journalOperator: Operator? { get }
    /// Where it was asked, for the journal.
    var journalCounter: String? { get }
    /// The request's idempotency key, when it has one.
    var idempotencyKey: String? { get }
    /// True for a command that is journaled although it books no row (a node saying who it is).
    var journalsWithoutChange: Bool { get }
    /// True for an entry whose result, applied from the log, may differ from its origin's (a
    /// sale decided offline, applied on a state its origin could not see): it is journaled with
    /// its origin's result, so every chain stays the log's, and replicas compare what it booked.
    var keepsOriginResult: Bool { get }
    /// Checks the rules and books, inside the booking transaction. The time and new ids come
    /// from the ledger's execution context, never from the clock or a random source.
    func apply(to ledger: Ledger, in db: Database) throws -> Result
    /// The streams it reads and writes when executed at `time` (see `Streams/`), found read-only.
    func streams(in db: Database, at time: Date) throws -> CommandStreams
    /// Its canonical JSON written around `requestJSON`, the canonical JSON of its request as the
    /// command wrote it while it ran (`ExecutionContext.requestJSON`); nil: encode it whole.
    func canonicalJSON(aroundRequest requestJSON: String) throws -> String?
}

extension LedgerCommand {
    static var version: Int { 1 }
    var journalOperator: Operator? { nil }
    var journalCounter: String? { nil }
    var idempotencyKey: String? { nil }
    var journalsWithoutChange: Bool { false }
    var keepsOriginResult: Bool { false }
    func canonicalJSON(aroundRequest requestJSON: String) throws -> String? { nil }
}

/// One JSON form for hashing and for the journal: keys sorted, slashes left alone.
enum CanonicalJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Whether `json` holds a slash: where it does not, it is also the sorted-key JSON with
    /// slashes escaped that idempotency rows have always held.
    static func containsSlash(_ json: String) -> Bool {
        // Searched in the contiguous bytes: the generic search through the UTF-8 view cost
        // about 9 k instructions on a charge's result.
        json.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "/")) }
            ?? json.utf8.contains(UInt8(ascii: "/"))
    }
}

/// Every command the journal can hold, by kind: what `verify` can replay.
///
/// Adding a command means adding it here; a kind missing from this list is a replay failure
/// that `verify` names, never a silent skip.
enum CommandRegistry {
    static let types: [any LedgerCommand.Type] = [
        LedgerCreate.self, LedgerImport.self, LedgerUpgrade.self, NodeJoin.self,
        ClientCreate.self, ClientUpdate.self, ClientImport.self, CardImport.self,
        CardLink.self, CardBlock.self, CardUnblock.self, CardReplace.self,
        ProductCreate.self, ProductUpdate.self, CounterCreate.self, CounterSetLocation.self, TariffsSet.self,
        BudgetAllocate.self, BudgetAllocateAll.self, BudgetReverse.self, AllocationsLand.self,
        SaleCharge.self, SaleReverse.self, SaleSettleRisk.self,
        CardIssue.self,
        MonthClose.self, ClientContactAdd.self,
        ArrangementAdd.self, ArrangementEnd.self, ClientAbsenceRecord.self, BudgetGrant.self, SolidaritySet.self,
        BudgetGrantReverse.self,
        ActivityCreate.self, ActivitySchedule.self, ActivityBook.self, ActivityCheckIn.self,
        ActivityCancelBooking.self, ActivityCancelSession.self, ActivityClose.self, ActivityRelease.self,
        ActivityRulesSet.self,
    ]

    static let byKind: [String: any LedgerCommand.Type] = {
        var table: [String: any LedgerCommand.Type] = [:]
        for type in types {
            precondition(table[type.kind] == nil, "two commands of kind \(type.kind)")
            table[type.kind] = type
        }
        return table
    }()
}
