import ArgumentParser
import Foundation
import Synchronization
import PasjesProtocol

/// `pasjes statement 1001 --month 2026-11 --out DIR` and `pasjes statement --all --month 2026-11 --out DIR`
struct StatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "Het maandoverzicht voor bewoner en familie: één A4, als HTML en PDF (weasyprint).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Cliëntnummer (of --all).", valueName: "nummer")) var clientNumber: String?
    @Flag(name: .customLong("all"), help: "Voor elke cliënt met een toekenning of boeking in de maand, met voortgang.") var all = false
    @Option(help: ArgumentHelp("Maand JJJJ-MM.", valueName: "maand")) var month: String
    @Option(help: ArgumentHelp("Map voor de bestanden (standaard: de huidige map).", valueName: "map")) var out: String?
    @Flag(name: .customLong("html-only"), help: "Alleen HTML, geen PDF.") var htmlOnly = false

    func validate() throws {
        if !Formatting.isMonth(month) { throw ValidationError("--month: JJJJ-MM, niet '\(month)'") }
        if all == (clientNumber != nil) { throw ValidationError("geef een cliëntnummer of --all, niet allebei") }
    }

    func run() throws {
        let daemon = try global.connect()
        let folder = try OutputFolder(out ?? FileManager.default.currentDirectoryPath)
        let numbers = try all
            ? MonthReportCommand.fetch(month, from: daemon).clients.filter(\.hadBookings).map(\.number) : [clientNumber!]
        let madeOn = String(Formatting.localTime(WireTime.now()).prefix(10))
        var jobs: [(html: URL, pdfName: String)] = []
        var failures: [String] = []
        for (index, number) in numbers.enumerated() {
            do {
                let statement = try Self.fetch(number, month: month, from: daemon)
                let base = "maandoverzicht-\(month)-\(number)"
                let html = try folder.write(Array(StatementHTML.render(statement, madeOn: madeOn).utf8), as: base + ".html")
                jobs.append((html, base + ".pdf"))
            } catch {
                // With --all one resident's failure must not cost everyone after them their statement.
                guard all else { throw error }
                failures.append("\(number): \(ExitCodes.outcome(for: error).message ?? "\(error)")")
            }
            if all { Progress.show("HTML", index + 1, numbers.count) }
        }
        if !htmlOnly && !jobs.isEmpty { try PDFRenderer.render(jobs, into: folder, progress: all) }
        let written = all ? "\(jobs.count) maandoverzichten in \(folder.url.path)"
            : "Geschreven: \(jobs[0].html.path)" + (htmlOnly ? "" : " en \(folder.url.appendingPathComponent(jobs[0].pdfName).path)")
        Output.print(written)
        guard failures.isEmpty else {
            throw CLIFailure(.refused, "\(failures.count) van \(numbers.count) maandoverzichten niet gemaakt:\n  "
                                 + failures.joined(separator: "\n  "))
        }
    }

    /// Every page of one resident's statement.
    static func fetch(_ number: String, month: String, from daemon: Daemon) throws -> MonthStatementResult {
        try daemon.allPages(.monthStatement, as: MonthStatementResult.self, next: \.next, params: {
            MonthStatementParams(month: month, clientNumber: number, offset: $0)
        }, join: { whole, page in
            whole.purchases += page.purchases
            whole.credits += page.credits
            whole.contacts += page.contacts
        })
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

/// HTML to PDF with WeasyPrint (paged CSS), many files per Python process: starting WeasyPrint
/// and loading its fonts costs more than rendering one page, and `--all` makes thousands. One
/// process per core (at most 4), each with its share of the files and one font configuration
/// for all of them (measured here: 0.66 s a page alone, 0.54 s with the fonts kept).
enum PDFRenderer {
    static let script = """
        import json, sys
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
        fonts = FontConfiguration()
        for line in sys.stdin:
            source, target = json.loads(line)
            weasyprint.HTML(filename=source).write_pdf(target, font_config=fonts)
            print("ok", flush=True)
        """

    /// The most renderer processes: each holds WeasyPrint in memory (about 100 MB).
    static let maxProcesses = 4

    /// Renders each job's HTML to its PDF in `folder`. WeasyPrint writes by name, so it writes
    /// into a private folder of our own and each PDF is then moved into place (`OutputFolder`).
    static func render(_ jobs: [(html: URL, pdfName: String)], into folder: OutputFolder, progress: Bool) throws {
        let staging = try folder.staging()
        defer { try? FileManager.default.removeItem(at: staging) }
        let staged = jobs.map { (html: $0.html, pdf: staging.appendingPathComponent($0.pdfName)) }
        try render(staged, log: staging, progress: progress)
        for job in jobs { try folder.publish(staging.appendingPathComponent(job.pdfName), as: job.pdfName) }
    }

    private static func render(_ jobs: [(html: URL, pdf: URL)], log folder: URL, progress: Bool) throws {
        let count = max(1, min(maxProcesses, ProcessInfo.processInfo.activeProcessorCount, jobs.count))
        let shares = (0..<count).map { index in stride(from: index, to: jobs.count, by: count).map { jobs[$0] } }
        let done = Mutex(0)
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        for share in shares where !share.isEmpty {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                do {
                    try renderShare(share, log: folder) {
                        let total = done.withLock { value -> Int in
                            value += 1
                            return value
                        }
                        if progress { Progress.show("PDF", total, jobs.count) }
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        group.wait()
        let rendered = done.withLock { $0 }
        if let failure = failures.withLock({ $0.first }) {
            if failure.contains("ontbreekt") { throw CLIFailure(.refused, failure) }
            throw CLIFailure(.refused, "PDF maken mislukt na \(rendered) van \(jobs.count): \(failure)")
        }
    }

    /// One renderer process over `share`, calling `rendered` after each PDF.
    private static func renderShare(_ share: [(html: URL, pdf: URL)], log folder: URL, rendered: () -> Void) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script]
        let input = Pipe()
        let output = Pipe()
        // Warnings go to a file, not a pipe: thousands of them must not block the renderer.
        let log = folder.appendingPathComponent("weasyprint-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: log)
        do { try process.run() } catch {
            throw RendererFailure("PDF maken lukt niet: python3 met weasyprint ontbreekt (apt install weasyprint).")
        }
        // One JSON array a line: a path may hold a tab or a newline (`--out` with a tab ended in a traceback).
        var list = Data()
        for job in share {
            list += try JSONEncoder().encode([job.html.path, job.pdf.path])
            list.append(0x0A)
        }
        input.fileHandleForWriting.write(list)
        try? input.fileHandleForWriting.close()
        var done = 0
        var pending = Data()
        while case let chunk = output.fileHandleForReading.availableData, !chunk.isEmpty {
            pending += chunk
            while let newline = pending.firstIndex(of: 0x0A) {
                pending.removeSubrange(...newline)
                done += 1
                rendered()
            }
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0, done == share.count else {
            let problem = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw RendererFailure(String(problem.suffix(400)))
        }
    }
}

/// Why one renderer process failed, in words for the administrator.
struct RendererFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
