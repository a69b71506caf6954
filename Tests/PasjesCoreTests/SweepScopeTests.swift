import Foundation
import GRDB
@testable import PasjesCore
import PasjesMoney
import Testing

/// Which node's sweep closes which session (issue 23, item 4), and that two nodes closing one
/// session through one log book it once.
@Suite struct SweepScopeTests {
    /// Sessions on 20 November 10:00–12:00 (11:00Z end) at a desk of LOCA, of LOCB and of no
    /// location, each with one booking of 1001.
    private static func ledgerWithThreeDesks() throws -> (t: TestLedger, sessions: [String: String]) {
        let t = try TestLedger()
        try t.seedCatalogue()
        _ = try t.resident(0, amount: 20_000)
        var sessions: [String: String] = [:]
        for (desk, location) in [("desk-a", "LOCA"), ("desk-b", "LOCB"), ("desk-x", nil)] as [(String, String?)] {
            _ = try t.ledger.createCounter(Counter(id: desk, name: "Atelier \(desk)", categories: [.dagbesteding]))
            if let location { _ = try t.ledger.setCounterLocation(id: desk, location: location) }
            let code = "KOOR" + desk.suffix(1).uppercased()
            _ = try t.ledger.createActivity(
                Activity(code: code, name: "Koor \(desk)", category: .dagbesteding, price: Amount(500), capacity: 10,
                         place: "Atelier", durationMinutes: 120, counterID: desk), operator: TestLedger.admin)
            let session = try t.session(code)
            try t.book(session, "1001")
            sessions[location ?? "none"] = session
        }
        return (t, sessions)
    }

    private static func swept(_ t: TestLedger, _ scope: SweepScope, at time: String) throws -> Set<String> {
        t.clock.set(TestLedger.utc(time))
        return Set(try t.ledger.sweepActivities(scope: scope).map(\.sessionID))
    }

    @Test func aLocationSweepsOnlyItsOwnSessions() throws {
        let (t, sessions) = try Self.ledgerWithThreeDesks()
        #expect(try Self.swept(t, .location(nil), at: "2026-11-20T13:00:00Z").isEmpty, "a node without a location sweeps nothing")
        #expect(try Self.swept(t, .location("LOCA"), at: "2026-11-20T13:00:00Z") == [sessions["LOCA"]!])
        // A day later still only its own: LOCB's is another node's.
        #expect(try Self.swept(t, .location("LOCA"), at: "2026-11-23T13:00:00Z").isEmpty)
        #expect(try t.ledger.session(id: sessions["LOCB"]!).state == .open)
    }

    @Test func theHeadOfficeSweepsSessionsWithoutALocationAndAnyAfterADay() throws {
        let (t, sessions) = try Self.ledgerWithThreeDesks()
        // Two hours after the end: only the session whose desk has no location.
        #expect(try Self.swept(t, .headOffice(location: nil), at: "2026-11-20T13:00:00Z") == [sessions["none"]!])
        // 23 hours after: still not the locations' sessions.
        #expect(try Self.swept(t, .headOffice(location: nil), at: "2026-11-21T10:00:00Z").isEmpty)
        // More than 24 hours after: every location's, as a fallback.
        #expect(try Self.swept(t, .headOffice(location: nil), at: "2026-11-21T11:01:00Z")
                == [sessions["LOCA"]!, sessions["LOCB"]!])
    }

    @Test func theHeadOfficeSweepsItsOwnLocationAfterTheGracePeriod() throws {
        let (t, sessions) = try Self.ledgerWithThreeDesks()
        #expect(try Self.swept(t, .headOffice(location: "LOCB"), at: "2026-11-20T13:00:00Z")
                == [sessions["LOCB"]!, sessions["none"]!])
    }

    @Test func theEmbeddedSweepClosesEverySession() throws {
        let (t, sessions) = try Self.ledgerWithThreeDesks()
        #expect(try Self.swept(t, .all, at: "2026-11-20T13:00:00Z") == Set(sessions.values))
    }

    /// The head office (fallback) and LOCA's node both sweep LOCA's session more than a day
    /// after it ended, both deciding before either close is in the log. The log holds one close,
    /// the no-show is charged once, on both replicas. A staff close first (another key) makes
    /// the sweep's close find the session closed and book nothing.
    @Test func twoNodesClosingOneSessionBookItOnce() throws {
        let (t, sessions) = try Self.ledgerWithThreeDesks()
        let (log, b, nodes) = try NodeDouble.pair(t)
        let before = try t.ledger.wallet(clientNumber: "1001").balance.minorUnits
        t.clock.set(TestLedger.utc("2026-11-22T12:00:00Z"))
        let rules = ActivityRules(latePolicy: .charge)

        // Staff close LOCB's session at the head office; B's sweep has not seen it yet.
        _ = try t.ledger.closeSession(SessionRequest(sessionID: sessions["LOCB"]!), rules: rules, operator: TestLedger.admin,
                                      idempotencyKey: "staff-close")
        // The head office sweeps LOCA's and the unlocated session; B (LOCA's node) then sweeps
        // LOCA's on its old state: its proposal conflicts, it decides again and replays.
        let first = try t.ledger.sweepActivities(rules: rules, scope: .headOffice(location: nil))
        #expect(Set(first.map(\.sessionID)) == [sessions["LOCA"]!, sessions["none"]!])
        #expect(first.allSatisfy { !$0.replayed })
        let second = try b.sweepActivities(rules: rules, scope: .headOffice(location: "LOCA"))
        #expect(second.map(\.sessionID).sorted() == [sessions["LOCA"]!, sessions["none"]!].sorted())
        #expect(second.allSatisfy { $0.replayed }, "the second close is the first one's answer, booked nothing")
        #expect(nodes.1.conflicts.load(ordering: .relaxed) >= 1, "B decided on a state without the first close")

        for node in [nodes.0, nodes.1] { try node.catchUp(node.ledger!, to: log.count) }
        let closes = log.entries(from: 0, to: log.count).filter { $0.kind == "activity.close" }
        #expect(closes.count == 3, "one close per session: \(closes.map(\.idempotencyKey))")
        for ledger in [t.ledger, b] {
            // Three no-shows charged once each (5,00), never twice.
            #expect(try ledger.wallet(clientNumber: "1001").balance.minorUnits == before - 3 * 500)
            let sales = try ledger.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sales") ?? -1 }
            #expect(sales == 3)
            let report = try ledger.verify()
            #expect(report.isClean, "\(report.problems.prefix(3))")
        }
        let problems = try t.ledger.read { one in try b.read { two in try TableComparison.compare(live: one, rebuilt: two) } }
        #expect(problems.isEmpty, "\(problems.prefix(3))")
    }
}
