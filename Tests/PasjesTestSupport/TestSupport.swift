import Foundation

/// Helpers that tests share: built binaries, temporary folders, child processes.
public enum TestSupport {
    /// The folder with the package's built executables (next to the test bundle).
    ///
    /// `PASJES_BIN_DIR` overrides it, e.g. to test a release build.
    public static var binDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["PASJES_BIN_DIR"] {
            return URL(fileURLWithPath: override)
        }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // The runner is `.../debug/pasjesPackageTests.xctest` (a file on Linux).
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("pasjes-ledger").path) { return url }
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// The path of a built executable such as `pasjesd`.
    public static func binary(_ name: String) -> String {
        binDirectory.appendingPathComponent(name).path
    }

    /// The repository root (for scripts under `scripts/` and `Hardware/`).
    public static func repositoryRoot(file: String = #filePath) -> URL {
        var url = URL(fileURLWithPath: file)
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("no Package.swift above \(file)")
    }

    /// A new empty folder under /tmp, unique to this call.
    ///
    /// Kept short: Unix socket paths must fit in 108 bytes.
    public static func temporaryFolder(_ label: String = "t") throws -> URL {
        let url = URL(fileURLWithPath: "/tmp/pasjes-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
