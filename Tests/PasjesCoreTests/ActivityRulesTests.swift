import Foundation
import GRDB
@testable import PasjesCore
import Testing

/// The organisation's activity rules as a journaled command (`activityRules.set`): stored once,
/// replayed to the same rules, and the same on a replica that applies the journal.
@Suite struct ActivityRulesTests {
    @Test func rulesAreStoredOnceAndReplayedToTheSameRules() throws {
        let t = try TestLedger()
        #expect(try t.ledger.storedActivityRules() == nil, "none until the head office stores them")
        let rules = ActivityRules(cutoffMinutes: 2_880, latePolicy: .charge, graceMinutes: 15)
        try t.ledger.setActivityRules(rules)
        #expect(try t.ledger.storedActivityRules() == rules)
        let head = try t.ledger.journalHead()?.seq
        try t.ledger.setActivityRules(rules)
        #expect(try t.ledger.journalHead()?.seq == head, "the same rules again book nothing")
        let changed = ActivityRules(cutoffMinutes: 60, latePolicy: .release, graceMinutes: 0)
        try t.ledger.setActivityRules(changed)
        #expect(try t.ledger.storedActivityRules() == changed)
        let kinds = try t.ledger.read { db in try String.fetchAll(db, sql: "SELECT kind FROM journal ORDER BY seq") }
        #expect(kinds.filter { $0 == "activityRules.set" }.count == 2)
        // verify rebuilds every table from the journal and compares: activity_rules too.
        let report = try t.ledger.verify()
        #expect(report.isClean, "\(report.problems.prefix(3))")

        // A replica applying the journal has the same rules.
        let entries = try t.ledger.entries(after: 0)
        let replica = try Ledger.replica(at: t.folder.appendingPathComponent("replica.sqlite").path,
                                         startingWith: entries[0], clock: { t.clock.now })
        _ = try replica.apply(foreign: Array(entries.dropFirst()))
        #expect(try replica.storedActivityRules() == changed)
        let problems = try t.ledger.read { one in try replica.read { two in try TableComparison.compare(live: one, rebuilt: two) } }
        #expect(problems.isEmpty, "\(problems.prefix(3))")
    }

    @Test func rulesOutOfRangeAreRefusedAndBookNothing() throws {
        let t = try TestLedger()
        let head = try t.ledger.journalHead()?.seq
        #expect(throws: LedgerError.self) {
            try t.ledger.setActivityRules(ActivityRules(cutoffMinutes: 30_000, latePolicy: .release, graceMinutes: 60))
        }
        #expect(try t.ledger.storedActivityRules() == nil)
        #expect(try t.ledger.journalHead()?.seq == head)
    }

    @Test func theRulesHaveAStreamOfTheirOwn() throws {
        let t = try TestLedger()
        let streams = try t.ledger.read { db in
            try ActivityRulesSet(rules: ActivityRules()).streams(in: db, at: t.clock.now)
        }
        #expect(streams.writes == [.activityRules] && streams.reads == [.activityRules])
        #expect(StreamName.activityRules.rawValue == "activity-rules" && StreamName.activityRules.kind == .activityRules)
    }
}
