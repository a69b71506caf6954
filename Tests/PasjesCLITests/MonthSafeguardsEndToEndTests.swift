import Foundation
import PasjesTestSupport
import Testing

/// Issue 20's money and trust, through the built `pasjes` and a pasjesd that stands in November
/// and January 2026/27: an allocation's reversal takes its solidarity contribution back, a grant
/// can be undone and a large one needs --ja, months close in order and only when confirmed, and
/// a closed month's report and statements cover only who was there.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct MonthSafeguardsEndToEndTests {
    private static let config = """
        [solidarity]
        percent = 2
        confirm_above = 5000
        """

    @Test func solidarityMoneyIsUndoneWithItsAllocationAndByAGrantReversal() throws {
        let clock = MovableClock(try Date("2026-11-15T11:00:00Z", strategy: .iso8601))
        let daemon = try InProcessDaemon(demo: false, config: Self.config, clock: clock.daemonClock)
        defer { daemon.stop() }
        func pasjes(_ arguments: String...) throws -> CLIRun { try TestSupport.pasjes(arguments, socket: daemon.socketPath) }
        for number in ["1001", "1002"] {
            #expect(try pasjes("client", "create", number, "--name", "Cliënt \(number)", "--zzp", "VV5", "--location", "L",
                               "--department", "D").status == 0)
        }
        #expect(try pasjes("budget", "allocate", "1001", "--month", "2026-11", "--amount", "100").status == 0)
        #expect(try pasjes("budget", "solidarity").stdout.contains("€ 2,00"))
        let reversed = try pasjes("budget", "reverse", "1001", "--month", "2026-11", "--reden", "verkeerde cliënt")
        #expect(reversed.status == 0 && reversed.stdout.contains("Uit solidariteitspot"), "\(reversed.all)")
        #expect(try pasjes("budget", "solidarity").stdout.contains("In de solidariteitspot: € 0,00"))

        #expect(try pasjes("budget", "allocate", "1001", "--month", "2026-11", "--amount", "100").status == 0)
        let large = try pasjes("budget", "grant", "1002", "--amount", "60", "--reden", "rolstoel")
        #expect(large.status == 1 && large.stderr.contains("--ja") && large.stderr.contains("€ 50,00"), "\(large.all)")
        let confirmed = try pasjes("budget", "grant", "1002", "--amount", "60", "--reden", "rolstoel", "--ja")
        #expect(confirmed.stderr.contains("solidarity_insufficient"), "past the confirmation, the pot decides: \(confirmed.all)")
        let grant = try pasjes("budget", "grant", "1002", "--amount", "1,50", "--reden", "bril", "--json")
        let transferID = try #require(grant.json["transferId"] as? String, "\(grant.all)")
        let back = try pasjes("budget", "grant-reverse", transferID, "--reden", "verkeerde cliënt")
        #expect(back.status == 0 && back.stdout.contains("In de pot: € 2,00"), "\(back.all)")
        let twice = try pasjes("budget", "grant-reverse", transferID, "--reden", "nog eens")
        #expect(twice.status == 1 && twice.stderr.contains("al teruggedraaid"), "\(twice.all)")
        let verified = try pasjes("verify")
        #expect(verified.status == 0, "\(verified.all)")
    }

    @Test func monthsCloseInOrderOnlyWhenConfirmedAndCoverWhoWasThere() throws {
        let clock = MovableClock(try Date("2026-11-15T11:00:00Z", strategy: .iso8601))
        let daemon = try InProcessDaemon(demo: false, clock: clock.daemonClock)
        defer { daemon.stop() }
        func pasjes(_ arguments: String...) throws -> CLIRun { try TestSupport.pasjes(arguments, socket: daemon.socketPath) }
        func client(_ number: String) throws {
            #expect(try pasjes("client", "create", number, "--name", "Cliënt \(number)", "--zzp", "VV5", "--location", "L",
                               "--department", "D").status == 0)
        }
        try client("1001")
        try client("1003")
        #expect(try pasjes("client", "update", "1003", "--status", "ended").status == 0)
        #expect(try pasjes("budget", "allocate", "1001", "--month", "2026-11", "--amount", "100").status == 0)
        clock.advance(seconds: 48 * 24 * 3600)   // 2 January 2027

        let before = try pasjes("month", "close", "2026-10", "--ja")
        #expect(before.status == 1 && before.stderr.contains("vóór de eerste boeking"), "\(before.all)")
        let skipped = try pasjes("month", "close", "2026-12", "--ja")
        #expect(skipped.status == 1 && skipped.stderr.contains("2026-11 is nog niet afgesloten"), "\(skipped.all)")
        let unconfirmed = try pasjes("month", "close", "2026-11")
        #expect(unconfirmed.status == 1 && unconfirmed.stderr.contains("--ja"), "\(unconfirmed.all)")
        #expect(unconfirmed.stdout.contains("Af te sluiten") && unconfirmed.stdout.contains("november 2026"),
                "\(unconfirmed.stdout)")
        #expect(try pasjes("month", "report", "2026-11").stdout.contains(": open"), "not closed without --ja")
        let closed = try pasjes("month", "close", "2026-11", "--ja")
        #expect(closed.status == 0, "\(closed.all)")

        // A resident who arrives after the close is no row of the closed month; only who had a booking gets a statement.
        try client("1002")
        let report = try pasjes("month", "report", "2026-11", "--json")
        let numbers = (report.json["clients"] as? [[String: Any]])?.compactMap { $0["number"] as? String }
        #expect(numbers == ["1001", "1003"], "\(report.stdout)")
        let folder = try TestSupport.temporaryFolder("statements")
        let statements = try pasjes("statement", "--all", "--month", "2026-11", "--html-only", "--out", folder.path)
        #expect(statements.status == 0, "\(statements.all)")
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(written == ["maandoverzicht-2026-11-1001.html"], "\(written)")
    }

    @Test func aPersonAtATerminalIsAskedBeforeTheClose() throws {
        let clock = MovableClock(try Date("2026-11-15T11:00:00Z", strategy: .iso8601))
        let daemon = try InProcessDaemon(demo: false, clock: clock.daemonClock)
        defer { daemon.stop() }
        func pasjes(_ arguments: String...) throws -> CLIRun { try TestSupport.pasjes(arguments, socket: daemon.socketPath) }
        #expect(try pasjes("client", "create", "1001", "--name", "Cliënt 1001", "--zzp", "VV5", "--location", "L",
                           "--department", "D").status == 0)
        #expect(try pasjes("budget", "allocate", "1001", "--month", "2026-11", "--amount", "100").status == 0)
        clock.advance(seconds: 17 * 24 * 3600)   // 2 December 2026
        func close() throws -> Terminal {
            try Terminal(["/bin/sh", "-c", "\"$0\" month close 2026-11; echo KLAAR; sleep 60", TestSupport.binary("pasjes")],
                         columns: 100, environment: ["PASJES_SOCKET": daemon.socketPath])
        }
        let no = try close()
        let asked = no.wait(for: "Cliënten:        1", "Doorgaan? [j/N]")
        #expect(asked.found, "\(asked.screen)")
        no.send("n", "Enter")
        let declined = no.wait(for: "Niets gedaan.", "KLAAR")
        #expect(declined.found, "\(declined.screen)")
        #expect(try pasjes("month", "report", "2026-11").stdout.contains(": open"))
        let yes = try close()
        #expect(yes.wait(for: "Doorgaan? [j/N]").found)
        yes.send("j", "Enter")
        let closed = yes.wait(for: "Zegel", "KLAAR")
        #expect(closed.found, "\(closed.screen)")
        #expect(try pasjes("month", "report", "2026-11").stdout.contains("afgesloten"))
    }
}
