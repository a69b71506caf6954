import Foundation
import PasjesTestSupport
import Testing

/// Issue 19, finding 4: `--out DIR` followed a symlink planted in DIR (a root-owned 0600 file was
/// overwritten) and made files 0644 with names, contacts and purchases; a tab in DIR made the
/// PDF step end in a Python traceback.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct OutputFileTests {
    static func mode(_ path: String) -> Int {
        var info = stat()
        return lstat(path, &info) == 0 ? Int(info.st_mode & 0o7777) : -1
    }

    static func isSymlink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// A file someone else cares about, and a folder with a symlink to it under each name `names`.
    static func plant(_ names: [String], in folder: URL) throws -> URL {
        let victim = try TestSupport.temporaryFolder("victim").appendingPathComponent("geheim.txt")
        try Data("geheim".utf8).write(to: victim)
        chmod(victim.path, 0o600)
        for name in names {
            try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(name).path,
                                                       withDestinationPath: victim.path)
        }
        return victim
    }

    @Test func symlinksPlantedInTheFolderAreReplacedNotFollowedAndFilesArePrivate() throws {
        let daemon = try InProcessDaemon()
        defer { daemon.stop() }
        func pasjes(_ arguments: String...) throws -> CLIRun { try TestSupport.pasjes(arguments, socket: daemon.socketPath) }
        let folder = try TestSupport.temporaryFolder("out")
        let names = ["clienten-2026-11.csv", "pasjes-2026-11.journal", "maandoverzicht-2026-11-1001.html",
                     "maandoverzicht-2026-11-1001.pdf"]
        let victim = try Self.plant(names, in: folder)

        let csv = try pasjes("export", "csv", "--month", "2026-11", "--kind", "clients", "--out", folder.path)
        #expect(csv.status == 0, "\(csv.all)")
        let journal = try pasjes("export", "hledger", "--month", "2026-11", "--out", folder.path)
        #expect(journal.status == 0, "\(journal.all)")
        let statement = try pasjes("statement", "1001", "--month", "2026-11", "--out", folder.path)
        #expect(statement.status == 0, "\(statement.all)")

        #expect(try String(contentsOf: victim, encoding: .utf8) == "geheim", "the symlink's target is unchanged")
        #expect(Self.mode(victim.path) == 0o600)
        for name in names {
            let path = folder.appendingPathComponent(name).path
            #expect(!Self.isSymlink(path), "\(name) replaced the symlink")
            #expect(Self.mode(path) == 0o640, "\(name) is 0640, not \(String(Self.mode(path), radix: 8))")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == names.sorted(), "no temporary files left behind: \(left)")
    }

    @Test func aFolderOthersMayWriteIsRefusedUnlessStickyAndOurs() throws {
        let daemon = try InProcessDaemon()
        defer { daemon.stop() }
        func pasjes(_ arguments: String...) throws -> CLIRun { try TestSupport.pasjes(arguments, socket: daemon.socketPath) }
        let folder = try TestSupport.temporaryFolder("open")
        chmod(folder.path, 0o777)
        let export = try pasjes("export", "csv", "--month", "2026-11", "--kind", "sales", "--out", folder.path)
        #expect(export.status == 2 && export.stderr.contains("beschrijfbaar voor anderen"), "\(export.all)")
        let statement = try pasjes("statement", "1001", "--month", "2026-11", "--html-only", "--out", folder.path)
        #expect(statement.status == 2 && statement.stderr.contains("beschrijfbaar voor anderen"), "\(statement.all)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)

        // Sticky and ours, as a private /tmp-like folder: others cannot replace what we write.
        chmod(folder.path, 0o1777)
        let sticky = try pasjes("export", "csv", "--month", "2026-11", "--kind", "sales", "--out", folder.path)
        #expect(sticky.status == 0, "\(sticky.all)")
    }

    @Test func aTabInTheFolderNameGivesAPDFNotATraceback() throws {
        let daemon = try InProcessDaemon()
        defer { daemon.stop() }
        let folder = try TestSupport.temporaryFolder("tab").appendingPathComponent("uit\tmap")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let run = try TestSupport.pasjes(["statement", "1001", "--month", "2026-11", "--out", folder.path], socket: daemon.socketPath)
        #expect(run.status == 0 && !run.all.contains("Traceback"), "\(run.all)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("maandoverzicht-2026-11-1001.pdf").path))
    }
}
