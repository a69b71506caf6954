import Foundation
import PasjesTestSupport
import Testing

/// A resident in hospital is not booked for that day's activity, at the desk nor by the
/// administrator, and the roster says why: through the built `pasjes` and a pasjesd that stands
/// in November 2026.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct AbsenceDayEndToEndTests {
    @Test func aBookingOnAHospitalDayIsRefusedAndTheRosterSaysWhy() throws {
        let clock = MovableClock(try Date("2026-11-15T11:00:00Z", strategy: .iso8601))
        let daemon = try InProcessDaemon(demo: true, clock: clock.daemonClock)
        defer { daemon.stop() }
        func pasjes(_ arguments: String...) throws -> CLIRun { try TestSupport.pasjes(arguments, socket: daemon.socketPath) }
        #expect(try pasjes("activity", "create", "schilder", "--name", "Schilderles", "--price", "12,50", "--capacity", "8",
                           "--place", "Atelier", "--duration", "90").status == 0)
        let session = "SCHILDER-20261120-1000"
        let planned = try pasjes("activity", "schedule", "SCHILDER", "--day", "2026-11-20", "--time", "10:00")
        #expect(planned.status == 0 && planned.stdout.contains(session), "\(planned.all)")
        #expect(try pasjes("activity", "book", "1001", session).status == 0)
        let away = try pasjes("absence", "add", "1001", "--from", "2026-11-19", "--through", "2026-11-21", "--reason", "hospital")
        #expect(away.status == 0, "\(away.all)")

        let refused = try pasjes("activity", "book", "1001", session)
        #expect(refused.status == 1 && refused.stderr.contains("client_absent") && refused.stderr.contains("ziekenhuis"),
                "\(refused.all)")
        let roster = try pasjes("activity", "roster", session)
        #expect(roster.stdout.contains("afwezig (ziekenhuis)"), "\(roster.all)")
        clock.advance(seconds: 5 * 24 * 3600 - 1_800)   // 20 November, 10:30 in Amsterdam
        let desk = try pasjes("activity", "checkin", "1001", session)
        #expect(desk.status == 1 && desk.stderr.contains("client_absent"), "\(desk.all)")
        #expect(try pasjes("verify").status == 0)
    }
}
