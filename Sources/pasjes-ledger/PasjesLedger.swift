import ArgumentParser
import Foundation
import PasjesCore
import PasjesMoney

/// Offline maintenance of a ledger file: the demo, verification while the daemon is down,
/// and the booking loop that the crash test kills.
@main
struct PasjesLedger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pasjes-ledger",
        abstract: "Werk direct met een pasjes-grootboek (SQLite), zonder pasjesd.",
        subcommands: [Demo.self, Verify.self, Restore.self, Balances.self, ChargeLoop.self])
}

struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: "Het grootboekbestand (SQLite).")
    var database: String
}

extension PasjesLedger {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Maak een demo-grootboek (als het nog niet bestaat) en toon de saldi.")
        @OptionGroup var options: DatabaseOption

        func run() throws {
            let ledger = try Ledger(path: options.database, setup: Ledger.demoSetup)
            try ledger.seedDemo()
            print("Demo-grootboek: \(options.database)\n")
            try BalanceTable.print(ledger)
            let report = try ledger.verify()
            print("\nControle: \(report.transferCount) boekingen, \(report.problems.count) problemen")
        }
    }

    struct Balances: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Toon saldo, reserve en stoplicht per cliënt.")
        @OptionGroup var options: DatabaseOption

        func run() throws {
            try BalanceTable.print(try Ledger(path: options.database))
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Controleer journaal, hashketen, zegel, alle tabellen (opnieuw opgebouwd), saldi en nulsom. Exit 1 bij problemen.")
        @OptionGroup var options: DatabaseOption
        @Option(name: .long, help: "Een eerder getoond zegel (volgnummer:hash).")
        var seal: String?

        func run() throws {
            guard FileManager.default.fileExists(atPath: options.database) else {
                throw ValidationError("Bestand bestaat niet: \(options.database)")
            }
            var parsedSeal: JournalSeal?
            if let seal {
                guard let parsed = JournalSeal(text: seal) else {
                    throw ValidationError("Ongeldig zegel \(seal): verwacht volgnummer:hash (64 hexcijfers)")
                }
                parsedSeal = parsed
            }
            // Read-only: a damaged or older file is checked as it is, never migrated or written.
            let report = try Ledger.verifyReadOnly(path: options.database, seal: parsedSeal)
            print("\(report.journalCount) journaalregels, \(report.transferCount) boekingen, \(report.accountCount) rekeningen gecontroleerd")
            for problem in report.problems {
                print("PROBLEEM \(problem.kind): \(problem.message)")
            }
            if let seal = report.seal { print("Zegel: \(seal)") }
            if !report.isClean { throw ExitCode(1) }
            print("In orde.")
        }
    }

    /// Books charges in a loop and reports each commit; the crash test kills it with SIGKILL.
    struct ChargeLoop: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "charge-loop", abstract: "Test: boek steeds een koffie en meld elke commit.",
            shouldDisplay: false)
        @OptionGroup var options: DatabaseOption
        @Option var count: Int = 1_000_000
        @Option(help: "Prefix of the idempotency keys, so runs never collide.")
        var keyPrefix: String

        func run() throws {
            let ledger = try Ledger(path: options.database, setup: Ledger.demoSetup)
            try ledger.seedDemo()
            // A resident with a budget large enough for a million cups of tea.
            _ = try ledger.createClient(NewClient(number: "9999", name: "Belasting Test", zzp: "VV5"),
                                        idempotencyKey: "loop-client")
            _ = try ledger.linkCard(uid: "0C0C0C0C", clientNumber: "9999", idempotencyKey: "loop-card")
            _ = try ledger.allocate(clientNumber: "9999", month: Month(containing: Date()), amount: Amount(1_000_000_000),
                                    operator: .system, idempotencyKey: "loop-alloc-\(Month(containing: Date()))")
            let request = ChargeRequest(counterID: "restaurant", payer: .card(uid: "0C0C0C0C"),
                                        items: [ChargeItem(productCode: "THE", quantity: 1)])
            for index in 0..<count {
                let key = "\(keyPrefix)-\(index)"
                let result = try ledger.charge(request, operator: .system, idempotencyKey: key)
                // Printed only after the commit returned: anything printed must be in the file.
                FileHandle.standardOutput.write(Data("committed \(key) \(result.saleID)\n".utf8))
            }
        }
    }
}

enum BalanceTable {
    static func print(_ ledger: Ledger) throws {
        let header = ["Nr", "Naam", "Saldo", "Reserve", "Licht"]
        var rows = [header]
        for client in try ledger.clients() {
            let wallet = try ledger.wallet(clientNumber: client.number)
            rows.append([client.number, client.name, wallet.balance.formatted(ledger.unit),
                         wallet.reserve.formatted(ledger.unit), wallet.light.dutchWord])
        }
        let widths = (0..<header.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { column, text in
                let pad = String(repeating: " ", count: widths[column] - text.count)
                return column >= 2 && column <= 3 ? pad + text : text + pad
            }
            var line = cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            Swift.print(line)
        }
    }
}
