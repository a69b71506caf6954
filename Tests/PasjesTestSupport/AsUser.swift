import Foundation

/// Runs programs as another Unix user (their uid, gid and groups via `setpriv`), for tests of
/// what pasjesd lets that user do.
public enum AsUser {
    /// Writes `script` into `folder` (world-readable: it runs as another user) and returns its path.
    public static func install(_ script: String, named name: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
        return path
    }

    /// The command line that runs `arguments` as `user`, with their uid, gid and groups.
    public static func command(_ user: String, _ arguments: [String]) throws -> [String] {
        let gid = try Shell.run(["id", "-g", user]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        return ["/usr/bin/setpriv", "--reuid=\(user)", "--regid=\(gid)", "--init-groups", "--"] + arguments
    }

    /// The system's python3: one found in root's PATH (pyenv) may be out of other users' reach.
    public static var python: String {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
    }

    /// Starts `script` with python3 as `user`; its output goes to a file in `folder`.
    public static func spawnPython(_ script: String, as user: String, arguments: [String], in folder: URL) throws -> SpawnedProcess {
        let output = folder.appendingPathComponent("out-\(UUID().uuidString.prefix(8)).txt").path
        return try SpawnedProcess(try command(user, [python, "-u", script] + arguments), outputPath: output)
    }
}
