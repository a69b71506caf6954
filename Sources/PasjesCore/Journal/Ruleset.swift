import Crypto
import GRDB

/// How a command names the rows it creates: fixed by the journal (`ledger.create` or
/// `ledger.upgrade`), so a replay names them as the first booking did.
///
/// Why two: ledgers made before several locations numbered clients and accounts by SQLite's row
/// counter, which only agrees between two ledgers that applied exactly the same entries from the
/// very start. From the `ledger.upgrade` entry on (and in every new ledger), a row's id comes
/// from its number or code, so it is the same on every node, whatever else that node applied
/// before it, and a decision made at one position names the same rows at another.
enum Ruleset: Int, Codable, Sendable, Comparable {
    /// Row ids from SQLite's counter (ledgers journaled before 2026-12).
    case rowCounters = 1
    /// Row ids from numbers and codes.
    case codeDerived = 2

    /// What a new ledger books under.
    static let current = Ruleset.codeDerived

    static func < (lhs: Ruleset, rhs: Ruleset) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The ruleset in `meta` (absent: the ledger predates rulesets).
    static func stored(in db: Database) throws -> Ruleset {
        guard let text = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'ruleset'")) else {
            return .rowCounters
        }
        guard let value = Int(text), let ruleset = Ruleset(rawValue: value) else {
            throw LedgerError.databaseError.with("unknown ruleset \(text) in meta: this pasjesd is older than the ledger")
        }
        return ruleset
    }

    /// Records the ruleset in `meta` (a derived row: `ledger.create` and `ledger.upgrade` write it).
    func store(in db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('ruleset', ?)", arguments: [String(rawValue)])
    }
}

/// Row ids made from a number or code: the same on every node.
///
/// In [2^62, 2^63): never one of the small ids SQLite's counter gave the rows of older ledgers,
/// and positive. 62 bits of SHA-256: two codes of one organisation share an id with a
/// probability of about n²/2^63 (10^-11 for a million codes); if they ever did, the insert would
/// fail on the primary key and the command would be refused, never merged into another row.
enum StableRowID {
    static func client(number: String) -> Int64 { make("client\u{1F}" + number) }
    static func account(code: String) -> Int64 { make("account\u{1F}" + code) }

    private static func make(_ seed: String) -> Int64 {
        let digest = SHA256.hash(data: Array(seed.utf8))
        var bits: UInt64 = 0
        for byte in digest.prefix(8) { bits = (bits << 8) | UInt64(byte) }
        return Int64(bitPattern: (bits & 0x3FFF_FFFF_FFFF_FFFF) | 0x4000_0000_0000_0000)
    }
}
