import Foundation
import PasjesMoney
import PasjesTestSupport
import Testing

/// Issue 20 (items 7, 9, 11, 12): October as `MonthEndToEndTests` books it, a real pasjesd on
/// it and the built `pasjes`: what an administrator types and reads.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct AdministratorSecondPassTests {
    /// A daemon on October's ledger and `pasjes` against it.
    private func october() throws -> (InProcessDaemon, URL, (String...) throws -> CLIRun) {
        let folder = try TestSupport.temporaryFolder("secondpass")
        try MonthEndToEndTests.october(in: folder)
        let daemon = try InProcessDaemon(folder: folder, demo: false)
        return (daemon, folder, { try TestSupport.pasjes($0, socket: daemon.socketPath) })
    }

    /// Runs of `pasjes` with whitespace collapsed, so a wrapped sentence still reads as one.
    private func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func theStatementSaysWhatHappensToWhatIsLeftAndShowsABar() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/weasyprint") else { return }
        let (daemon, folder, pasjes) = try october()
        defer { daemon.stop() }
        let run = try pasjes("statement", "1002", "--month", "2026-10", "--out", folder.path)
        #expect(run.status == 0, "\(run.all)")
        let pdf = folder.appendingPathComponent("maandoverzicht-2026-10-1002.pdf").path
        let text = flat(try Shell.runSeparately(["pdftotext", "-layout", pdf, "-"]).stdout)
        #expect(text.contains("blijft staan tot € 10,00, de rest gaat terug naar de zorgorganisatie"), "\(text)")
        // 1002: € 30,00 in, € 2,40 reversed back, € 12,50 spent: € 17,50 left.
        #expect(text.contains("Gebruikt € 12,50") && text.contains("over € 17,50"), "\(text)")
    }
}
