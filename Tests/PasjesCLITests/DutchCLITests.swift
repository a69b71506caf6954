import ArgumentParser
import Foundation
import PasjesMoney
import PasjesProtocol
import Testing
@testable import PasjesCLI

/// Issue 9, "Input hygiene and language": the CLI speaks Dutch, checks input before sending.
@Suite("One language in the CLI")
struct DutchCLITests {
    /// The stderr text and status `pasjes arguments` ends with when parsing or validation fails.
    func usageOutcome(_ arguments: [String]) -> (status: Int32, message: String) {
        do {
            var command = try PasjesCommand.parseAsRoot(arguments)
            try command.validate()
            return (0, "")
        } catch {
            let outcome = ExitCodes.outcome(for: error)
            return (outcome.status, outcome.message ?? "")
        }
    }

    @Test(arguments: [
        ["client", "get"], ["nonsense"], ["client", "list", "--limit", "x"], ["product", "create", "T1"],
        ["client", "create", "1001", "--naam", "x"], ["client", "update", "1001", "--status", "weg"],
    ])
    func usageErrorsSayFoutNotError(arguments: [String]) {
        let outcome = usageOutcome(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.message.hasPrefix("Fout: "), "\(outcome.message)")
        for english in ["Error:", "Usage:", "Missing", "Unknown option", "Unexpected argument", "for more information", "is invalid"] {
            #expect(!outcome.message.contains(english), "\(outcome.message)")
        }
    }

    @Test func usageFailuresFoundLaterSayFoutToo() {
        #expect(ExitCodes.outcome(for: CLIFailure.usage("Ongeldig bedrag")).message == "Fout: Ongeldig bedrag")
    }

    @Test func helpScreensAreDutch() {
        let help = ArgumentParserDutch.translate(PasjesCommand.fullMessage(for: CleanExit.helpRequest(ClientCreate.self)))
        for dutch in ["OVERZICHT:", "GEBRUIK:", "ARGUMENTEN:", "OPTIES:", "Toon deze hulp.", "<nummer>", "--cap <bedrag>"] {
            #expect(help.contains(dutch), "\(help)")
        }
        for english in ["OVERVIEW:", "USAGE:", "OPTIONS:", "Show help information", "The socket", "Print the daemon"] {
            #expect(!help.contains(english), "\(help)")
        }
    }

    @Test func aNegativeAmountHearsItMustBePositiveWhateverTheSyntax() {
        for arguments in [
            ["product", "create", "T1", "--name", "x", "--price", "-1,00", "--category", "zorg", "--attributable", "--influenceable"],
            ["product", "update", "T1", "--price", "-1"], ["client", "update", "1001", "--cap", "-5"],
            ["client", "update", "1001", "--cap=-5,00"], ["product", "update", "T1", "--price", "€ -2"],
            ["budget", "allocate", "1001", "--amount", "-1,00"],
        ] {
            let outcome = usageOutcome(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.message.contains("bedrag moet positief zijn"), "\(arguments): \(outcome.message)")
        }
    }

    @Test(arguments: ["10 01", "1001/a", "é1", "1001_2"])
    func clientNumbersOutsideTheRuleAreRefusedWithTheRule(number: String) {
        for arguments in [["client", "create", number, "--name", "A", "--zzp", "VV5", "--location", "L", "--department", "D"],
                          ["client", "update", number, "--name", "A"]] {
            let outcome = usageOutcome(arguments)
            #expect(outcome.status == 2)
            #expect(outcome.message.contains("alleen uit letters (A-Z, a-z), cijfers en -"), "\(outcome.message)")
        }
    }

    @Test func blankNamesAreRefusedAndSpacesAroundNumbersAreFine() {
        #expect(usageOutcome(["client", "update", "1001", "--name", "   "]).message.contains("alleen uit spaties"))
        #expect(usageOutcome(["client", "update", " 1001 ", "--name", "Jan"]).status == 0)
    }

    @Test(arguments: [
        ("actief", "active"), ("active", "active"), ("Afwezig", "absent"), ("absent", "absent"), ("beëindigd", "ended"),
        ("be\u{0065}\u{0308}indigd", "ended"), ("beeindigd", "ended"), ("ended", "ended"), (" ACTIEF ", "active"),
    ])
    func statusesInDutchAndEnglish(typed: String, wire: String) throws {
        #expect(ClientStatusText.parse(typed)?.rawValue == wire)
        #expect(usageOutcome(["client", "update", "1001", "--status", typed]).status == 0)
        #expect(usageOutcome(["client", "list", "--status", typed]).status == 0)
    }

    @Test func refusalDetailsShowDutchAmounts() {
        let short = RPCError(code: RPCError.Code.refused, message: "Niet genoeg budget voor deze aankoop.",
                             reason: "insufficient_funds", detail: "own money not allowed, short 300")
        RefusalText.knownUnit.withLock { $0 = .cents }
        let text = ExitCodes.refusalText(short)
        #expect(text == "Geweigerd: Niet genoeg budget voor deze aankoop. (insufficient_funds)\n"
            + "  € 3,00 tekort; eigen bijdrage is voor deze cliënt niet toegestaan")
        #expect(RefusalText.dutchDetail("care 1000 > wallet 250", unit: .cents).hasPrefix("€ 7,50 tekort"))
        #expect(RefusalText.dutchDetail("own contribution cap: need 700, room 200", unit: .cents).hasPrefix("€ 5,00 tekort"))
        #expect(RefusalText.dutchDetail("own money not allowed, short 15", unit: .minutes).hasPrefix("15 min tekort"))
        #expect(RefusalText.dutchDetail("price must be > 0", unit: .cents) == "de prijs moet groter dan € 0,00 zijn")
        #expect(RefusalText.dutchDetail("04A22B1C", unit: .cents) == "04A22B1C")
    }

    @Test func aRefusalShowsTheDaemonsDutchMessageAndItsCode() {
        let refusal = RPCError(code: RPCError.Code.refused, message: "Deze kassa is niet bekend.", reason: "counter_unknown",
                               detail: "bar")
        #expect(ExitCodes.refusalText(refusal).hasPrefix("Geweigerd: Deze kassa is niet bekend. (counter_unknown)"))
    }

    @Test func dryRunJSONSaysWouldImport() throws {
        let dry = String(decoding: try JSONEncoder().encode(ImportSummary(imported: 2, alreadyPresent: 1, dryRun: true)), as: UTF8.self)
        #expect(dry.contains("\"wouldImport\":2"))
        #expect(!dry.contains("\"imported\""))
        let real = String(decoding: try JSONEncoder().encode(ImportSummary(imported: 2, alreadyPresent: 1, dryRun: false)), as: UTF8.self)
        #expect(real.contains("\"imported\":2"))
        #expect(!real.contains("wouldImport"))
    }

    @Test func problemsIsSpelledRight() {
        let two = ImportFile.report(ImportProblems([ImportRowError(line: 2, "a"), ImportRowError(line: 3, "b")]), path: "x.csv")
        #expect(two.hasPrefix("Niets geïmporteerd uit x.csv: 2 problemen gevonden."))
        let one = ImportFile.report(ImportProblems([ImportRowError(line: 2, "a")]), path: "x.csv")
        #expect(one.hasPrefix("Niets geïmporteerd uit x.csv: 1 probleem gevonden."))
    }

    @Test func emptyListsSaySo() {
        #expect(Formatting.clientTable([], unit: .cents) == "Geen cliënten gevonden.")
        #expect(Formatting.productTable([], unit: .cents) == "Geen producten gevonden.")
        #expect(Formatting.counterTable([]) == "Geen kassa's gevonden.")
    }

    @Test func readersSwitchedOffAreNotAFault() {
        func info(service: Bool?, enabled: Bool?) -> SystemInfo {
            SystemInfo(version: "1", unit: .cents, database: nil, uptimeSeconds: nil, peerUid: 0, peerUser: "root",
                       role: "admin", readerService: service, readersEnabled: enabled, readers: nil)
        }
        #expect(Formatting.systemInfo(info(service: false, enabled: false)).contains("uitgeschakeld"))
        #expect(!Formatting.systemInfo(info(service: false, enabled: false)).contains("NIET bereikbaar"))
        #expect(Formatting.systemInfo(info(service: false, enabled: true)).contains("NIET bereikbaar"))
        #expect(Formatting.systemInfo(info(service: true, enabled: true)).contains("bereikbaar"))
    }

    @Test func infoShowsTheLedgerDisksFreeSpaceInDutch() {
        func info(free: Int64?, margin: Int64? = 200_000_000) -> String {
            var info = SystemInfo(version: "1", unit: .cents, database: nil, uptimeSeconds: nil, peerUid: 0, peerUser: "root",
                                  role: "admin", readerService: true, readers: nil)
            info.storageFreeBytes = free
            info.storageWarnBelowBytes = margin
            return Formatting.systemInfo(info)
        }
        #expect(info(free: 3_456_789_012).contains("Vrije schijfruimte:  3,4 GB (waarschuwing onder 200 MB)"), "\(info(free: 3_456_789_012))")
        #expect(info(free: 150_400_000).contains("150 MB: BIJNA VOL, onder de grens van 200 MB; maak ruimte vrij"))
        #expect(info(free: 0).contains("0 kB: VOL, er kan niets worden geboekt; maak ruimte vrij"))
        #expect(!info(free: nil).contains("schijfruimte"), "an older daemon says nothing of it")
        #expect(Formatting.byteSize(999) == "0 kB" && Formatting.byteSize(12_345) == "12 kB")
    }

    @Test func csvPlafondUsesTheOneParserAndNumbersKeepTheRule() throws {
        let csv = "nummer;naam;zzp;locatie;afdeling;eigen_bijdrage;plafond\n1001;A;VV5;L;D;ja;12.5\n1002;B;VV5;L;D;ja;1.234\n10 03;C;VV5;L;D;;\n1004;\"  \";VV5;L;D;;\n"
        guard case .failure(let problems) = ClientImportPlan.plan(Array(csv.utf8), unit: .cents) else {
            Issue.record("expected failure"); return
        }
        #expect(problems.errors.map(\.line) == [3, 4, 5])
        #expect(problems.errors[0].message.contains("€ 1,234 of € 1.234,00"))
        #expect(problems.errors[1].message.contains("alleen uit letters"))
        #expect(problems.errors[2].message == "naam ontbreekt")
        let good = "nummer;naam;zzp;locatie;afdeling;eigen_bijdrage;plafond\n1001;A;VV5;L;D;ja;12.5\n"
        guard case .success(let planned) = ClientImportPlan.plan(Array(good.utf8), unit: .cents) else {
            Issue.record("expected success"); return
        }
        #expect(planned.first?.params.ownContributionCap == Amount(1_250))
    }
}
