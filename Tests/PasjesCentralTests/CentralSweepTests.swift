import Foundation
import PasjesCore
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Background writers on the organisation's log (issue 23, items 4 and 5): the activity rules
/// are the head office's, and only the node of a session's location sweeps it, the head office
/// after a day as a fallback. Real pasjesd processes on a real PostgreSQL.
@Suite(.serialized) struct CentralSweepTests {
    /// The sessions the seed ledger holds, by name.
    final class Sessions: @unchecked Sendable {
        var ids: [String: String] = [:]
        subscript(_ name: String) -> String { ids[name] ?? "?" }
    }

    /// Europe/Amsterdam: where sessions are planned.
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        return calendar
    }()

    /// A session of `code` starting at `start` (to the minute, local time); an hour earlier
    /// when that local time does not exist (the night the clocks go forward).
    private static func schedule(_ ledger: Ledger, _ code: String, at start: Date) throws -> String {
        var lastError: (any Error)?
        for shift in [0.0, -3_600] {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: start.addingTimeInterval(shift))
            let day = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            let time = String(format: "%02d:%02d", parts.hour!, parts.minute!)
            do {
                return try ledger.schedule(SessionPlan(activityCode: code, firstDay: day, startTime: time),
                                           operator: Operator(uid: 0, name: "test"))[0].id
            } catch { lastError = error }
        }
        throw lastError!
    }

    /// The demo home three days ago, with a desk at LOCA and one at LOCB and their sessions:
    /// ended two hours ago, ended two days ago, and (LOCA) one in two days; 1001 booked on the
    /// ended ones and the coming one.
    private static func seedLedger(now: Date, sessions: Sessions) -> (String) throws -> Void {
        { path in
            let clock = now.addingTimeInterval(-3 * 86_400)
            let ledger = try Ledger(path: path, setup: Ledger.demoSetup, clock: { clock })
            try ledger.seedDemo()
            let admin = Operator(uid: 0, name: "test")
            for (desk, location) in [("desk-a", "LOCA"), ("desk-b", "LOCB")] {
                _ = try ledger.createCounter(Counter(id: desk, name: "Atelier \(location)", categories: [.dagbesteding]))
                _ = try ledger.setCounterLocation(id: desk, location: location)
                let code = "KOOR" + location.suffix(1)
                _ = try ledger.createActivity(Activity(code: code, name: "Koor \(location)", category: .dagbesteding,
                                                       price: Amount(500), capacity: 10, place: "Atelier",
                                                       durationMinutes: 60, counterID: desk), operator: admin)
                for (name, hoursFromNow) in [("recent", -3.0), ("old", -50.0)] {
                    let id = try schedule(ledger, code, at: now.addingTimeInterval(hoursFromNow * 3_600))
                    sessions.ids["\(location)-\(name)"] = id
                    _ = try ledger.book(BookingRequest(sessionID: id, payer: .client(number: "1001")), operator: admin,
                                        idempotencyKey: "book-\(id)")
                }
            }
            let coming = try schedule(ledger, "KOORA", at: now.addingTimeInterval(48 * 3_600))
            sessions.ids["LOCA-coming"] = coming
            _ = try ledger.book(BookingRequest(sessionID: coming, payer: .client(number: "1001")), operator: admin,
                                idempotencyKey: "book-coming")
            try ledger.close()
        }
    }

    private static func state(_ node: DaemonProcess, _ session: String) throws -> SessionState {
        try node.client().call("activity.roster", ActivitySessionParams(session: session), as: RosterResult.self).session.state
    }

    private static func waitUntilClosed(_ node: DaemonProcess, _ session: String, timeoutSeconds: Double = 30) throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            if try state(node, session) == .closed { return }
            usleep(100_000)
        }
        throw TestError("session \(session) was never closed: \(node.log)")
    }

    /// LOCA's node uses the head office's activity rules (and says its own file differs), sweeps
    /// its own overdue session and leaves LOCB's alone; the head office closes LOCB's session
    /// that ended two days ago; LOCA's two-day-old session, in both nodes' sweeps, is closed once.
    @Test func aLocationSweepsItsOwnSessionsWithTheRulesOfTheLog() async throws {
        let sessions = Sessions()
        let now = Date()
        guard let site = try await CentralSite.make(
            nodes: ["loca"], headOfficeConfig: "[activities]\ncutoff_hours = 336\nsweep_seconds = 1\n",
            prepare: Self.seedLedger(now: now, sessions: sessions)) else { return }
        defer { site.stop() }
        // The head office stores its rules in the log once it is online.
        let deadline = Date().addingTimeInterval(20)
        var stored = ""
        while Date() < deadline {
            stored = try await site.fixture.server.psql(
                "SELECT count(*) FROM pasjes.entries WHERE kind = 'activityRules.set'").output
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if stored == "1" { break }
            usleep(100_000)
        }
        #expect(stored == "1", "the head office stored its [activities] rules in the log: \(site.headOffice.log)")

        let loca = try DaemonProcess(demo: false, config: site.config("loca") + """

            location = "loca"
            [activities]
            cutoff_hours = 0
            sweep_seconds = 1
            """)
        defer { loca.stop() }
        try CentralSite.waitUntilOnline(loca)
        // Said once the node has caught up (just after it comes online).
        let warning = "[activities] in the config file differ from the organisation's log; using the log's (change them at the head office)"
        let warned = Date().addingTimeInterval(20)
        while !loca.log.contains(warning), Date() < warned { usleep(100_000) }
        #expect(loca.log.components(separatedBy: warning).count == 2, "said once: \(loca.log)")

        // The log's cutoff (14 days), not the file's (0): cancelling two days ahead is late.
        let cancelled = try loca.client().call("activity.cancel", ActivityBookingParams(
            idempotencyKey: "cancel-coming", session: sessions["LOCA-coming"], clientNumber: "1001"),
            as: ActivityCancelResult.self)
        #expect(cancelled.late == true, "the log's cutoff of 336 hours: \(cancelled)")
        #expect(cancelled.state == .cancelled && cancelled.charged.minorUnits == 0, "the log's late policy (release)")

        // LOCA's node closes its own session two hours after its end; the head office one of
        // LOCB that ended two days ago.
        try Self.waitUntilClosed(loca, sessions["LOCA-recent"])
        try Self.waitUntilClosed(site.headOffice, sessions["LOCB-old"])
        try Self.waitUntilClosed(loca, sessions["LOCA-old"])
        // A few more sweeps of both: LOCB's recent session is LOCB's node's, and no day overdue.
        sleep(3)
        let head = try await site.logHead()
        for node in [site.headOffice, loca] {
            try CentralSite.waitUntilApplied(node, head)
            #expect(try Self.state(node, sessions["LOCB-recent"]) == .open)
            for name in ["LOCA-recent", "LOCA-old", "LOCB-old"] { #expect(try Self.state(node, sessions[name]) == .closed) }
        }
        // Every close once in the log, whoever swept it.
        for name in ["LOCA-recent", "LOCA-old", "LOCB-old"] {
            let closes = try await site.fixture.server.psql(
                "SELECT count(*) FROM pasjes.entries WHERE kind = 'activity.close' AND command LIKE '%\(sessions[name])%'").output
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(closes == "1", "\(name): \(closes) closes")
        }
        let closedBy = try await site.fixture.server.psql(
            "SELECT origin FROM pasjes.entries WHERE kind = 'activity.close' AND command LIKE '%\(sessions["LOCA-recent"])%'").output
        #expect(closedBy.contains("loca"), "LOCA's node closed its own session: \(closedBy)")
        let fallback = try await site.fixture.server.psql(
            "SELECT origin FROM pasjes.entries WHERE kind = 'activity.close' AND command LIKE '%\(sessions["LOCB-old"])%'").output
        #expect(fallback.contains("hq"), "the head office closed LOCB's two-day-old session: \(fallback)")
        for node in [site.headOffice, loca] {
            let verified = try TestSupport.pasjes(["central", "verify"], socket: node.socketPath)
            #expect(verified.status == 0 && verified.stdout.contains("In orde"), "\(verified.all)")
        }
    }
}
