import Foundation
import PasjesTestSupport
import Testing

/// Issue 9, allocations: the built `pasjes` against a real pasjesd with `[tariffs]` in its config.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjesd"))
                            && FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct AllocationsEndToEndTests {
    typealias Run = CLIRun

    static let config = """
        [tariffs.VV5]
        day_tariff = 25063
        personal_share_percent = 40
        [tariffs.VV5.contributions]
        receptie = 500
        nachtzorg = 1200
        """

    func pasjes(_ arguments: [String], _ daemon: DaemonProcess) throws -> Run {
        try TestSupport.pasjes(arguments, socket: daemon.socketPath)
    }

    /// This month and the next in Europe/Amsterdam, as the daemon counts them, and the days of this one.
    static func months() -> (current: String, next: String, days: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        let now = Date()
        let nextDate = calendar.date(byAdding: .month, value: 1, to: now)!
        func text(_ date: Date) -> String {
            let parts = calendar.dateComponents([.year, .month], from: date)
            return String(format: "%04d-%02d", parts.year!, parts.month!)
        }
        return (text(now), text(nextDate), calendar.range(of: .day, in: .month, for: now)!.count)
    }

    func createClient(_ number: String, zzp: String, _ daemon: DaemonProcess) throws -> Run {
        try pasjes(["client", "create", number, "--name", "Cliënt \(number)", "--zzp", zzp, "--location", "De Linde",
                    "--department", "Noord", "--own-contribution", "nee"], daemon)
    }

    @Test func tariffsFromTheConfigAllocateByZZPAndRefuseUnknownCodes() throws {
        let daemon = try DaemonProcess(demo: false, config: Self.config)
        defer { daemon.stop() }
        #expect(try createClient("1001", zzp: "VV5", daemon).status == 0)
        let unknown = try createClient("1002", zzp: "VV9", daemon)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("Onbekend ZZP 'VV9': de tarieven kennen alleen VV5."), "\(unknown.stderr)")
        #expect(try pasjes(["client", "get", "1002"], daemon).status != 0, "nothing created")
        let update = try pasjes(["client", "update", "1001", "--zzp", "5VV"], daemon)
        #expect(update.status == 1)
        #expect(update.stderr.contains("(zzp_unknown)"), "\(update.stderr)")

        // No --amount: day tariff × days × 40 % − € 17,00 of contributions. A slow run started at
        // 23:59:30 on a month's last day may allocate after midnight: the month is the one before
        // or after the call, and the days are that month's.
        let before = Self.months()
        let allocated = try pasjes(["budget", "allocate", "1001", "--json"], daemon)
        let after = Self.months()
        #expect(allocated.status == 0, "\(allocated.stderr)")
        let month = allocated.json["month"] as? String
        #expect(month == before.current || month == after.current, "\(allocated.stdout)")
        let days = month == before.current ? before.days : after.days
        let expected = 25_063 * days * 4_000 / 10_000 - 1_700
        #expect((allocated.json["amount"] as? Int) == expected, "\(allocated.stdout)")
        #expect(try pasjes(["verify"], daemon).status == 0)
    }

    @Test func monthsOutsideThisAndNextAreRefusedWithTheRange() throws {
        let daemon = try DaemonProcess(demo: false, config: Self.config)
        defer { daemon.stop() }
        #expect(try createClient("1001", zzp: "VV5", daemon).status == 0)
        for month in ["2025-01", "2030-01"] {
            // The range named is that of the moment of the call, which a slow run may cross.
            let before = Self.months()
            let refused = try pasjes(["budget", "allocate", "1001", "--month", month, "--amount", "10,00"], daemon)
            let after = Self.months()
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("alleen voor \(before.current) of \(before.next)")
                    || refused.stderr.contains("alleen voor \(after.current) of \(after.next)"), "\(refused.stderr)")
            #expect(refused.stderr.contains("(invalid_month)"))
        }
        // After those refusals the current month can still be allocated.
        #expect(try pasjes(["budget", "allocate", "1001", "--amount", "10,00"], daemon).status == 0)
    }

    @Test func nextMonthIsAnnouncedNotSpendableAndCanBeReversed() throws {
        // About this month and the next: a month that turns halfway would make "next" this one.
        MonthTurn.waitIfWithin(seconds: 120)
        let daemon = try DaemonProcess(demo: false, config: Self.config)
        defer { daemon.stop() }
        let (current, next, _) = Self.months()
        #expect(try createClient("1002", zzp: "VV5", daemon).status == 0)
        #expect(try pasjes(["counter", "create", "rest", "--name", "Restaurant", "--category", "facilitair"], daemon).status == 0)
        #expect(try pasjes(["product", "create", "KOF", "--name", "Koffie", "--price", "1,20", "--category", "facilitair",
                            "--attributable", "--influenceable"], daemon).status == 0)
        #expect(try pasjes(["budget", "allocate", "1002", "--amount", "2,00"], daemon).status == 0)
        let announced = try pasjes(["budget", "allocate", "1002", "--month", next, "--amount", "500,00"], daemon)
        #expect(announced.status == 0, "\(announced.stderr)")
        #expect(announced.stdout.contains("Aangekondigd: gaat in op 1 "), "\(announced.stdout)")
        #expect(announced.stdout.contains("(tot dan niet te besteden)"))

        let wallet = try pasjes(["wallet", "1002", "--json"], daemon)
        #expect((wallet.json["balance"] as? Int) == 200, "\(wallet.stdout)")
        #expect((wallet.json["reserve"] as? Int) == 20, "this month's reserve")
        #expect((wallet.json["announced"] as? Int) == 50_000)
        #expect((wallet.json["announcedMonth"] as? String) == next)
        // Five coffees would fit next month's money, not this month's.
        let refused = try pasjes(["sale", "charge", "1002", "--counter", "rest", "--item", "KOF:5", "--reason", "pas vergeten"],
                                 daemon)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("(insufficient_funds)"), "\(refused.stderr)")

        let reversed = try pasjes(["budget", "reverse", "1002", "--month", next, "--reden", "te vroeg toegekend"], daemon)
        #expect(reversed.status == 0, "\(reversed.stderr)")
        #expect(reversed.stdout.contains("€ 500,00"), "\(reversed.stdout)")
        #expect(try pasjes(["wallet", "1002", "--json"], daemon).json["announced"] == nil)
        #expect(daemon.log.contains("allocation reversed"), "logged with uid and reason")
        #expect(daemon.log.contains("te vroeg toegekend"))

        // Spent from: this month's allocation cannot go back.
        #expect(try pasjes(["sale", "charge", "1002", "--counter", "rest", "--item", "KOF", "--reason", "pas vergeten"],
                           daemon).status == 0)
        let spent = try pasjes(["budget", "reverse", "1002", "--month", current, "--reden", "fout"], daemon)
        #expect(spent.status == 1)
        #expect(spent.stderr.contains("al betaald"), "\(spent.stderr)")
        #expect(spent.stderr.contains("(allocation_spent)"))
        // Next month can be allocated again after its reversal.
        #expect(try pasjes(["budget", "allocate", "1002", "--month", next, "--amount", "400,00"], daemon).status == 0)
        #expect(try pasjes(["verify"], daemon).status == 0)
    }

    @Test func aClientWhoLeftIsRefused() throws {
        let daemon = try DaemonProcess(demo: false, config: Self.config)
        defer { daemon.stop() }
        #expect(try createClient("1003", zzp: "VV5", daemon).status == 0)
        #expect(try pasjes(["client", "update", "1003", "--status", "ended"], daemon).status == 0)
        let refused = try pasjes(["budget", "allocate", "1003"], daemon)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("(client_not_active)"), "\(refused.stderr)")
    }
}
