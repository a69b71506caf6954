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

    /// A weekly series at 02:30 over the night the clocks go forward (the last Sunday of March
    /// of next year, computed): that day is left out, and the administrator reads why.
    @Test func aWeeklySeriesOverTheClockChangeSaysWhichDayItSkipped() throws {
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        func pasjes(_ arguments: String...) throws -> CLIRun { try TestSupport.pasjes(arguments, socket: daemon.socketPath) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        let year = calendar.component(.year, from: Date()) + 1
        let lastOfMarch = calendar.date(from: DateComponents(year: year, month: 3, day: 31, hour: 12))!
        let back = (calendar.component(.weekday, from: lastOfMarch) + 6) % 7  // Sunday is weekday 1
        let change = calendar.date(byAdding: .day, value: -back, to: lastOfMarch)!
        func text(_ date: Date, dutch: Bool = false) -> String {
            let p = calendar.dateComponents([.year, .month, .day], from: date)
            return dutch ? String(format: "%02d-%02d-%04d", p.day!, p.month!, p.year!)
                : String(format: "%04d-%02d-%02d", p.year!, p.month!, p.day!)
        }
        let first = calendar.date(byAdding: .day, value: -7, to: change)!
        let until = calendar.date(byAdding: .day, value: 7, to: change)!
        #expect(try pasjes("activity", "create", "nacht", "--name", "Nachtwandeling", "--price", "0", "--capacity", "5",
                           "--category", "welzijn", "--no-influenceable").status == 0)
        let planned = try pasjes("activity", "schedule", "NACHT", "--day", text(first), "--time", "02:30",
                                 "--until", text(until))
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stdout.contains("Overgeslagen: \(text(change, dutch: true))"), "\(planned.stdout)")
        #expect(planned.stdout.contains("02:30 bestaat die nacht niet"))
        #expect(!planned.stdout.contains("03:30"), "never moved to 03:30 silently")
        let single = try pasjes("activity", "schedule", "NACHT", "--day", text(change), "--time", "02:15")
        #expect(single.status != 0)
        #expect((single.stderr + single.stdout).contains("bestaat niet op \(text(change, dutch: true))"), "\(single.stderr)")
    }
}
