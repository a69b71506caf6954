import ArgumentParser
import Foundation
import PasjesProtocol

/// The root command: `pasjes <group> <action>`, every action one request to pasjesd.
public struct PasjesCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pasjes",
        abstract: "Beheer van pasjesd: cliënten, passen, producten, budgetten, verkopen.",
        discussion: """
            Afsluitstatus: 0 gelukt, 1 geweigerd door pasjesd, 2 verkeerd gebruik, 3 pasjesd niet bereikbaar.
            Aanvullen in de shell: pasjes --generate-completion-script bash|zsh|fish
            """,
        subcommands: [
            InfoCommand.self, ClientCommand.self, CardCommand.self, ProductCommand.self,
            CounterCommand.self, BudgetCommand.self, SaleCommand.self, WalletCommand.self,
            VerifyCommand.self, BackupCommand.self, WatchCommand.self, ImportCommand.self,
            MonthCommand.self, ExportCommand.self, StatementCommand.self, ContactCommand.self,
            ArrangementCommand.self, AbsenceCommand.self,
            ActivityCommand.self, CentralCommand.self,
        ])

    public init() {}

    /// Parses `arguments` (the process's when nil), runs the command and exits with
    /// 0 (ok), 1 (refused), 2 (usage) or 3 (pasjesd unreachable).
    public static func runMain(_ arguments: [String]? = nil) -> Never {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(LeadingGlobalOptions.moved(arguments ?? Array(CommandLine.arguments.dropFirst())))
        } catch {
            finish(with: error)
        }
        do {
            try command.run()
        } catch {
            finish(with: error)
        }
        Foundation.exit(ExitStatus.ok.rawValue)
    }

    private static func finish(with error: any Error) -> Never {
        let (status, message) = ExitCodes.outcome(for: error)
        guard let message else {
            // Help screens in Dutch; completion scripts and the like as argument-parser prints them.
            let text = fullMessage(for: error)
            guard status == 0, text.hasPrefix("OVERVIEW:") || text.hasPrefix("USAGE:") else { exit(withError: error) }
            Output.print(ArgumentParserDutch.translate(text))
            Foundation.exit(status)
        }
        if !message.isEmpty { Output.error(message) }
        Foundation.exit(status)
    }
}

/// `pasjes info`
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Toon versie, eenheid, database, uw rol en de kaartlezers.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try global.connect().run(.systemInfo, NoParams(), as: SystemInfo.self) { Formatting.systemInfo($0) }
    }
}

/// `pasjes verify`
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Controleer het grootboek: journaal, hash-keten, alle tabellen opnieuw opgebouwd; status 1 bij problemen.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Een eerder getoond zegel (volgnummer:hash): vindt ook weggeknipte of herschreven journaalregels.")
    var seal: String?

    func validate() throws {
        if let seal, JournalSeal(text: seal) == nil {
            throw ValidationError("--seal \(seal): verwacht volgnummer:hash zoals verify het toont (42:9f86…, 64 hexcijfers)")
        }
    }

    func run() throws {
        let (result, raw) = try global.connect().callWithRaw(.ledgerVerify, VerifyParams(seal: seal), as: VerifyResult.self)
        if global.json {
            Output.printJSON(raw)
        } else if result.ok {
            Output.print("Grootboek in orde: \(result.journalEntries ?? 0) journaalregels, \(result.transfers) boekingen, "
                         + "\(result.accounts) rekeningen; alle tabellen kloppen met het journaal.")
        } else {
            var table = Table([.init("Soort"), .init("Tabel"), .init("Boeking"), .init("Rekening"), .init("Probleem")])
            for problem in result.problems {
                table.add([problem.kind, problem.table ?? problem.journalSeq.map { "journaal \($0)" } ?? "",
                           problem.transferId ?? "", problem.account ?? "", problem.message])
            }
            Output.print(table.render())
        }
        if !global.json, let seal = result.seal {
            Output.print("Zegel: \(seal)  (bewaar dit buiten het grootboek; later: pasjes verify --seal \(seal))")
        }
        if !result.ok {
            let count = result.problems.count
            throw CLIFailure(.refused, "Grootboek NIET in orde: \(count) \(count == 1 ? "probleem" : "problemen") gevonden.")
        }
    }
}
