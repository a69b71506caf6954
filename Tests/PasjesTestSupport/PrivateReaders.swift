import Foundation

/// A private pcscd with two virtual readers (scripts/pcscd-private), for one test.
///
/// Each test gets its own, in its own mount namespace and on free ports, so tests run side by
/// side and never touch a system pcscd. Needs root (the mount namespace).
public final class PrivateReaders: @unchecked Sendable {
    /// Reader names as pcscd reports them, for `Virtual PCD 00 00` (port 0) and `... 01`.
    public static let names = ["Virtual PCD 00 00", "Virtual PCD 00 01"]

    public let directory: URL
    public let socketPath: String
    public let ports: [Int]

    /// Whether this machine can run them.
    public static var available: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/pcscd")
            && FileManager.default.fileExists(atPath: "/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
    }

    public init(in directory: URL) throws {
        self.directory = directory
        let script = TestSupport.repositoryRoot().appendingPathComponent("scripts/pcscd-private").path
        let result = try Shell.run(["/bin/bash", script, "start", directory.path])
        guard result.status == 0 else { throw TestError("pcscd-private start failed: \(result.output)") }
        let env = try String(contentsOf: directory.appendingPathComponent("env"), encoding: .utf8)
        var values: [String: String] = [:]
        for line in env.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        guard let socket = values["PCSCLITE_CSOCK_NAME"], let port0 = values["VPCD_PORT_0"].flatMap(Int.init),
              let port1 = values["VPCD_PORT_1"].flatMap(Int.init) else { throw TestError("bad env file: \(env)") }
        socketPath = socket
        ports = [port0, port1]
    }

    /// Stops pcscd (to test recovery) or at the end.
    public func stop() throws {
        let script = TestSupport.repositoryRoot().appendingPathComponent("scripts/pcscd-private").path
        try Shell.run(["/bin/bash", script, "stop", directory.path])
    }

    /// Starts pcscd again on the same folder and ports.
    public func restart() throws {
        let script = TestSupport.repositoryRoot().appendingPathComponent("scripts/pcscd-private").path
        let result = try Shell.run(["/bin/bash", script, "start", directory.path, "--port-base", String(ports[0])])
        guard result.status == 0 else { throw TestError("pcscd-private restart failed: \(result.output)") }
    }

    /// Puts the card `uid` on reader `reader` (0 or 1) briefly, like a tap.
    public func tap(_ uid: String, reader: Int = 0, holdMilliseconds: Int = 1_000, garbage: Bool = false) throws {
        var arguments = [TestSupport.binary("pasjes-vcard"), "tap", uid, "--port", String(ports[reader]),
                         "--hold-ms", String(holdMilliseconds)]
        if garbage { arguments.append("--garbage") }
        let result = try Shell.run(arguments)
        guard result.status == 0 else { throw TestError("pasjes-vcard tap failed: \(result.output)") }
    }

    deinit { try? stop() }
}
