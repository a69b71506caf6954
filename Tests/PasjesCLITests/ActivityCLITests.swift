import Foundation
import PasjesMoney
import PasjesTestSupport
import Testing

/// `pasjes activity …` as an administrator types it, against a real pasjesd on the demo database.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjesd"))
                && FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct ActivityCLITests {
    @Test func planBookAndReadTheRosterInDutch() throws {
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        let socket = daemon.socketPath
        func pasjes(_ arguments: String...) throws -> CLIRun { try TestSupport.pasjes(arguments, socket: socket) }

        let created = try pasjes("activity", "create", "schilder", "--name", "Schilderles", "--price", "12,50",
                                 "--capacity", "1", "--place", "Atelier", "--duration", "90")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("SCHILDER") && created.stdout.contains("€ 12,50"))
        let free = try pasjes("activity", "create", "zingen", "--name", "Samen zingen", "--price", "0", "--capacity", "30",
                              "--category", "welzijn", "--no-influenceable")
        #expect(free.status == 0, "\(free.stderr)")
        #expect(free.stdout.contains("gratis"))

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        let next = calendar.date(byAdding: .day, value: 7, to: Date())!
        let p = calendar.dateComponents([.year, .month, .day], from: next)
        let day = String(format: "%04d-%02d-%02d", p.year!, p.month!, p.day!)
        let session = "SCHILDER-\(day.replacingOccurrences(of: "-", with: ""))-1000"
        let planned = try pasjes("activity", "schedule", "SCHILDER", "--day", day, "--time", "10:00")
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stdout.contains(session) && planned.stdout.contains("10:00–11:30"))

        let booked = try pasjes("activity", "book", "1001", session)
        #expect(booked.status == 0, "\(booked.stderr)")
        #expect(booked.stdout.contains("geboekt") && booked.stdout.contains("Vastgehouden:") && booked.stdout.contains("€ 12,50"))
        let waiting = try pasjes("activity", "book", "1004", session)
        #expect(waiting.stdout.contains("wachtlijst, plaats 1"), "\(waiting.stdout)")
        let orange = try pasjes("activity", "book", "1002", session)
        #expect(orange.status == 1, "refused: exit 1")
        #expect(orange.stderr.contains("oranje") || orange.stdout.contains("oranje"), "\(orange.stderr)")

        let roster = try pasjes("activity", "roster", session)
        #expect(roster.status == 0)
        #expect(roster.stdout.contains("Daniëlle de Vries") && roster.stdout.contains("wachtlijst 1"))
        let json = try pasjes("activity", "roster", session, "--json")
        #expect(json.stdout.contains("\"state\" : \"waiting\"") || json.stdout.contains("\"state\":\"waiting\""), "\(json.stdout)")

        let wallet = try pasjes("wallet", "get", "1001")
        #expect(wallet.stdout.contains("Vastgehouden:") && wallet.stdout.contains("€ 12,50"), "\(wallet.stdout)")

        let cancelled = try pasjes("activity", "cancel", session, "--client", "1001")
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        #expect(cancelled.stdout.contains("Van de wachtlijst") && cancelled.stdout.contains("1004"), "\(cancelled.stdout)")
        let sessions = try pasjes("activity", "sessions", "--from", day, "--to", day)
        #expect(sessions.stdout.contains(session))
        #expect(try pasjes("verify").status == 0)
    }
}
