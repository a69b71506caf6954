import ArgumentParser
import Foundation
import PasjesCore

extension PasjesLedger {
    /// `pasjes-ledger restore FILE --database PATH`
    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Zet een kopie van pasjes backup terug (alleen als pasjesd niet draait).",
            discussion: """
                De kopie wordt eerst gecontroleerd; het bestand dat ze vervangt wordt opzij gezet \
                (PATH.vervangen-<tijd>), nooit verwijderd.
                """)
        @Argument(help: ArgumentHelp("De kopie (een bestand van pasjes backup).", valueName: "bestand"))
        var copy: String
        @OptionGroup var options: DatabaseOption

        func run() throws {
            guard FileManager.default.fileExists(atPath: copy) else {
                throw ValidationError("Bestand bestaat niet: \(copy)")
            }
            let users = Self.processesUsing(options.database)
            guard users.isEmpty else {
                throw ValidationError("""
                    \(options.database) is open in proces \(users.map(String.init).joined(separator: ", ")) (pasjesd?). \
                    Stop het eerst: systemctl stop pasjesd.socket pasjesd
                    """)
            }
            let done = try Ledger.restore(copy: copy, to: options.database)
            print("Teruggezet: \(copy) → \(options.database)")
            if let aside = done.setAside { print("Het vervangen bestand staat opzij: \(aside)") }
            print("Zegel van de kopie: \(done.seal)")
            print("Volgende stap: systemctl start pasjesd.socket pasjesd, dan pasjes verify --seal \(done.seal)")
            print("Wat na de kopie geboekt was, staat er niet in: boek dat opnieuw (de kassabonnen, pasjes watch).")
        }

        /// Processes with `path` (or its WAL) open, from /proc: SQLite's own locks do not say
        /// whether a daemon holds the file between two transactions.
        static func processesUsing(_ path: String) -> [Int32] {
            let targets = Set([path, path + "-wal", path + "-shm"].map { URL(fileURLWithPath: $0).standardizedFileURL.path })
            let me = getpid()
            let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return processes.compactMap(Int32.init).filter { pid in
                guard pid != me else { return false }
                let folder = "/proc/\(pid)/fd"
                let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
                return descriptors.contains { fd in
                    (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\(fd)")).map(targets.contains) ?? false
                }
            }.sorted()
        }
    }
}
