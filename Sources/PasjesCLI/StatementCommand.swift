import ArgumentParser
import Foundation
import PasjesProtocol

/// `pasjes statement 1001 --month 2026-11 --out DIR` and `pasjes statement --all --month 2026-11 --out DIR`
struct StatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "Het maandoverzicht voor bewoner en familie: één A4, als HTML en PDF (weasyprint).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Cliëntnummer (of --all).", valueName: "nummer")) var clientNumber: String?
    @Flag(name: .customLong("all"), help: "Voor elke cliënt, met voortgang.") var all = false
    @Option(help: ArgumentHelp("Maand JJJJ-MM.", valueName: "maand")) var month: String
    @Option(help: ArgumentHelp("Map voor de bestanden (standaard: de huidige map).", valueName: "map")) var out: String?
    @Flag(name: .customLong("html-only"), help: "Alleen HTML, geen PDF.") var htmlOnly = false

    func validate() throws {
        if !Formatting.isMonth(month) { throw ValidationError("--month: JJJJ-MM, niet '\(month)'") }
        if all == (clientNumber != nil) { throw ValidationError("geef een cliëntnummer of --all, niet allebei") }
    }

    func run() throws {
        let daemon = try global.connect()
        let folder = URL(fileURLWithPath: out ?? FileManager.default.currentDirectoryPath)
        let numbers = try all ? MonthReportCommand.fetch(month, from: daemon).clients.map(\.number) : [clientNumber!]
        let madeOn = String(Formatting.localTime(WireTime.now()).prefix(10))
        var jobs: [(html: URL, pdf: URL)] = []
        for (index, number) in numbers.enumerated() {
            let statement = try daemon.call(.monthStatement, MonthStatementParams(month: month, clientNumber: number),
                                            as: MonthStatementResult.self)
            let base = folder.appendingPathComponent("maandoverzicht-\(month)-\(number)")
            let html = base.appendingPathExtension("html")
            do {
                try Data(StatementHTML.render(statement, madeOn: madeOn).utf8).write(to: html)
            } catch {
                throw CLIFailure(.usage, "Kan \(html.path) niet schrijven: \(error.localizedDescription)")
            }
            jobs.append((html, base.appendingPathExtension("pdf")))
            if all { Progress.show("HTML", index + 1, numbers.count) }
        }
        if !htmlOnly { try PDFRenderer.render(jobs, progress: all) }
        Output.print(all ? "\(jobs.count) maandoverzichten in \(folder.path)"
                         : "Geschreven: \(jobs[0].html.path)" + (htmlOnly ? "" : " en \(jobs[0].pdf.path)"))
    }
}

/// The current time as the wire writes it (for "opgemaakt op").
enum WireTime {
    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}

/// A one-line progress bar on standard error.
enum Progress {
    static func show(_ label: String, _ done: Int, _ total: Int) {
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)\(done == total ? "\n" : "")".utf8))
    }
}

/// HTML to PDF with WeasyPrint (paged CSS), many files in one Python process: starting
/// WeasyPrint costs more than rendering one page, and `--all` makes thousands.
enum PDFRenderer {
    static let script = """
        import sys
        import weasyprint
        for line in sys.stdin:
            source, target = line.rstrip("\\n").split("\\t")
            weasyprint.HTML(filename=source).write_pdf(target)
            print("ok", flush=True)
        """

    static func render(_ jobs: [(html: URL, pdf: URL)], progress: Bool) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script]
        let input = Pipe()
        let output = Pipe()
        // Warnings go to a file, not a pipe: thousands of them must not block the renderer.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("pasjes-weasyprint-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: log)
        do { try process.run() } catch {
            throw CLIFailure(.refused, "PDF maken lukt niet: python3 met weasyprint ontbreekt (apt install weasyprint).")
        }
        let list = jobs.map { "\($0.html.path)\t\($0.pdf.path)\n" }.joined()
        input.fileHandleForWriting.write(Data(list.utf8))
        try? input.fileHandleForWriting.close()
        var done = 0
        var pending = Data()
        while case let chunk = output.fileHandleForReading.availableData, !chunk.isEmpty {
            pending += chunk
            while let newline = pending.firstIndex(of: 0x0A) {
                pending.removeSubrange(...newline)
                done += 1
                if progress { Progress.show("PDF", done, jobs.count) }
            }
        }
        process.waitUntilExit()
        let problem = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0, done == jobs.count else {
            throw CLIFailure(.refused, "PDF maken mislukt na \(done) van \(jobs.count): \(problem.suffix(400))")
        }
    }
}
