import ArgumentParser
import Foundation
import PasjesCentral
import PasjesMoney
import PasjesProtocol

/// `pasjes central seed --url URL`: through the embedded pasjesd whose ledger starts the log.
struct CentralSeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Zet het journaal van deze (nog losse) pasjesd als eerste inhoud in een leeg logboek.",
        discussion: """
            Vanaf het begin boekt deze pasjesd niets meer: start hem daarna opnieuw met [central] (als hoofdkantoor). \
            Een afgebroken seed gaat verder waar hij stopte; een logboek dat niet met dit journaal begint wordt geweigerd.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: ArgumentHelp("PostgreSQL als beheerder (alleen voor dit verzoek).", valueName: "url"))
    var url: String

    func run() throws {
        try global.connect().run(.centralSeed, CentralSeedParams(url: url), as: CentralSeedResult.self) { result in
            "Logboek gevuld: \(result.appended) regels toegevoegd, kop \(result.headSeq) (\(result.headHash.prefix(12))…).\n"
                + "Deze pasjesd boekt niets meer: zet [central] in zijn configuratie (head_office = true) en start hem opnieuw."
        }
    }
}

/// `pasjes central snapshot FILE`
struct CentralSnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Schrijf een gecontroleerde kopie van deze replica (met zijn plaats in het logboek) voor een nieuw knooppunt.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Nieuw bestand (absoluut pad, bestaat nog niet).", valueName: "bestand"))
    var file: String

    func validate() throws {
        guard file.hasPrefix("/") else { throw ValidationError("\(file): geef een absoluut pad; pasjesd schrijft het bestand") }
    }

    func run() throws {
        try global.connect().run(.centralSnapshot, CentralSnapshotParams(path: file), as: CentralSnapshotResult.self) { result in
            "Kopie gemaakt: \(result.path) (\(result.bytes / 1_024) KiB), plaats in het logboek \(result.globalSeq).\n"
                + "Een nieuw knooppunt start ermee als --database; het haalt de rest uit het logboek."
        }
    }
}

/// `pasjes central verify`
struct CentralVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Speel het hele logboek opnieuw af en vergelijk het tabel voor tabel met deze replica.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let result = try global.connect().call(.centralVerify, NoParams(), as: CentralVerifyResult.self)
        if global.json {
            Output.printJSON(encoding: result)
            guard result.problemCount == 0 else { throw ExitCode(1) }
            return
        }
        let clean = result.problemCount == 0
        Output.print("""
            Knooppunt \(result.node): logboek afgespeeld tot \(result.globalSeq), \(result.tables) tabellen vergeleken \
            in \(result.milliseconds) ms.
            Kop hier \(result.replicaHash.prefix(12))…, in het logboek \(result.logHash.prefix(12))….
            """ + (clean ? "\nIn orde: deze replica is het logboek." : "\nVERSCHILLEN (\(result.problemCount)):\n"
                + result.problems.map { "  \($0)" }.joined(separator: "\n")))
        guard clean else { throw CLIFailure(.refused, "De replica wijkt af van het logboek.") }
    }
}

/// `pasjes central status --url URL`: what every node last reported, from PostgreSQL.
struct CentralStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Elk knooppunt: laatste contact, toegepaste plaats, achterstand, klokverschil en offline wachtrij.")

    @Option(name: .long, help: ArgumentHelp("PostgreSQL als beheerder.", valueName: "url"))
    var url: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let url = self.url
        let status = try runBlocking { try await CentralAdmin.status(url: url) }
        if global.json { return Output.printJSON(encoding: status) }
        var table = Table([Table.Column("Knooppunt"), Table.Column("Laatste contact"), Table.Column("Toegepast", .right),
                           Table.Column("Achterstand", .right), Table.Column("Klokverschil", .right),
                           Table.Column("Wachtrij", .right), Table.Column("Oudste", .right)])
        var limits: [String] = []
        for node in status.nodes {
            let age = node.lastContact.map { "\(Int(status.now.timeIntervalSince($0).rounded())) s geleden" } ?? "nooit"
            let applied = node.appliedSeq.map(String.init) ?? "-"
            let lag = node.appliedSeq.map { String(max(0, status.headSeq - $0)) } ?? "-"
            let skew = node.clockSkewMilliseconds.map { "\($0) ms" } ?? "-"
            // What the node last reported: a node offline now reports nothing, so this is its
            // queue at its last contact.
            let queue = node.queuedCount.map { count in "\(count) (\(node.queuedAmount ?? 0) ct)" } ?? "-"
            let oldest = node.oldestQueuedMilliseconds.map {
                "\(max(0, Int(status.now.timeIntervalSince1970 - Double($0) / 1000) / 60)) min"
            } ?? "-"
            table.add([node.name, age, applied, lag, skew, queue, oldest])
            limits.append("  \(node.name): \(node.offlineLimits ?? "geen [offline]: verkoopt niet zonder centrale")")
        }
        Output.print("Logboek: \(status.headSeq) regels, kop \(status.headHash.prefix(12))…\n"
                     + table.render(ifEmpty: "Nog geen knooppunten: pasjes central node add NAAM.")
                     + (limits.isEmpty ? "" : "\nOffline-limieten (centen, uren):\n" + limits.joined(separator: "\n"))
                     + "\n" + openRisks())
    }

    /// The flagged offline sales, as this machine's pasjesd (a replica of the log) knows them.
    private func openRisks() -> String {
        guard let daemon = try? global.connect(),
              let result = try? daemon.call(.saleRisks, SaleRisksParams(open: true), as: SaleRisksResult.self) else {
            return "Offline-risico: pasjesd op \(global.socketPath) niet bereikbaar (pasjes sale risks op een knooppunt)."
        }
        guard let first = result.risks.first else { return "Offline-risico: geen open verkopen." }
        let amount = result.risks.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
        var lines = ["Offline-risico: \(result.risks.count)\(result.truncated ? "+" : "") open, samen "
                     + "\(Amount(amount).formatted(first.unit)) (pasjes sale risks; afhandelen met pasjes sale settle-risk)"]
        for risk in result.risks.prefix(10) {
            lines.append("  \(risk.saleId)  \(risk.node)  \(risk.clientNumber)  \(risk.amount.formatted(first.unit))  "
                         + MonthFormatting.riskReason(risk.reason))
        }
        return lines.joined(separator: "\n")
    }
}
