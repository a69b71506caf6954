import Foundation
import GRDB

/// Two ledgers compared at one journal head.
public struct ReplicaComparison: Sendable {
    /// The derived tables compared.
    public var tables: Int
    /// Every difference found (at most `TableComparison.maxProblemsPerTable` per table).
    public var problems: [VerifyReport.Problem]
}

extension Ledger {
    /// The derived tables of this ledger compared with `rebuilt`'s, row by row, at one journal
    /// head: nil when the two heads differ at the moment of reading (this one applied more
    /// meanwhile; catch `rebuilt` up and ask again). Both are read inside one read transaction
    /// each, so the comparison sees one consistent state of each file.
    public func tableDifferences(from rebuilt: Ledger) throws -> ReplicaComparison? {
        try read { live in
            let liveHead = try JournalEntry.headLink(in: live)
            return try rebuilt.read { other -> ReplicaComparison? in
                let otherHead = try JournalEntry.headLink(in: other)
                guard liveHead?.seq == otherHead?.seq else { return nil }
                var problems = try TableComparison.compare(live: live, rebuilt: other)
                if liveHead?.hash != otherHead?.hash {
                    problems.append(VerifyReport.Problem(kind: "seal_mismatch", message: """
                        kop \(liveHead?.seq ?? 0): hier \(liveHead?.hash.prefix(12) ?? "-"), \
                        opnieuw afgespeeld \(otherHead?.hash.prefix(12) ?? "-")
                        """))
                }
                return ReplicaComparison(tables: try TableComparison.derivedTables(in: live).count, problems: problems)
            }
        }
    }
}
