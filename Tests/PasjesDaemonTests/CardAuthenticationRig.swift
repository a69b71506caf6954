import Foundation
import PasjesCardCrypto
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport

/// A private pcscd, a pasjesd with a key file, and virtual NTAG 424 DNA cards: reader 0 is the
/// restaurant's, reader 1 the admin's issue reader (no counter).
final class CardAuthenticationRig: @unchecked Sendable {
    let folder: URL
    let readers: PrivateReaders
    private(set) var daemon: DaemonProcess
    private(set) var events: EventListener
    /// Every master key the test made, by version (written to the key file as asked).
    var masterKeys: [Int: CardKey]
    let keyFilePath: String
    let requireAuthentication: Bool

    init(versions: [Int] = [1], requireAuthentication: Bool = false, environment: [String: String] = [:]) throws {
        let folder = try TestSupport.temporaryFolder("auth")
        self.folder = folder
        readers = try PrivateReaders(in: folder.appendingPathComponent("pcscd"))
        self.requireAuthentication = requireAuthentication
        var keys: [Int: CardKey] = [:]
        for version in versions { keys[version] = try CardKey(NTAG424Commands.randomBytes(16)) }
        masterKeys = keys
        keyFilePath = folder.appendingPathComponent("card-keys").path
        try Self.writeKeyFile(keyFilePath, keys: keys, versions: versions)
        let daemonFolder = folder.appendingPathComponent("d")
        try FileManager.default.createDirectory(at: daemonFolder, withIntermediateDirectories: true)
        daemon = try DaemonProcess(folder: daemonFolder, readers: readers,
                                   config: Self.config(keyFile: keyFilePath, requireAuthentication: requireAuthentication),
                                   environment: environment)
        events = try EventListener(socketPath: daemon.socketPath, topics: [.cardTapped, .cardSuspect])
        try daemon.waitForReaders(count: 2)
    }

    static func config(keyFile: String, requireAuthentication: Bool) -> String {
        """
        [[readers]]
        match = "Virtual PCD 00 00"
        counter = "restaurant"
        [cards]
        require_auth = \(requireAuthentication)
        key_file = "\(keyFile)"
        issue_reader = "Virtual PCD 00 01"
        """
    }

    /// Writes the key file (root, 0600) with these versions of `masterKeys`.
    func writeKeyFile(versions: [Int]) throws {
        try Self.writeKeyFile(keyFilePath, keys: masterKeys, versions: versions)
    }

    static func writeKeyFile(_ path: String, keys: [Int: CardKey], versions: [Int]) throws {
        let text = versions.map { "\($0) \(Hex.encode(keys[$0]!.secretBytes, uppercase: true))" }.joined(separator: "\n")
        try? FileManager.default.removeItem(atPath: path)
        guard FileManager.default.createFile(atPath: path, contents: Data(("# test\n" + text + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw TestError("cannot write \(path)")
        }
    }

    /// Stops pasjesd and starts a new one on the same ledger (a changed key file, no fault).
    func restartDaemon(environment: [String: String] = [:]) throws {
        events.close()
        daemon.stop(SIGKILL)
        daemon = try DaemonProcess(folder: daemon.folder, demo: false, readers: readers,
                                   config: Self.config(keyFile: keyFilePath, requireAuthentication: requireAuthentication),
                                   environment: environment)
        events = try EventListener(socketPath: daemon.socketPath, topics: [.cardTapped, .cardSuspect])
        try daemon.waitForReaders(count: 2)
    }

    /// A virtual card's memory (its key) in the test folder; absent: a blank card.
    func cardFile(_ name: String) -> String { folder.appendingPathComponent("card-\(name)").path }

    /// Writes a card file holding `key` (a card made elsewhere: another site's, a test's).
    func writeCardFile(_ name: String, key: CardKey, version: Int) throws {
        let text = "key \(Hex.encode(key.secretBytes, uppercase: true))\nversion \(version)\n"
        try text.write(toFile: cardFile(name), atomically: true, encoding: .utf8)
    }

    /// Taps a card on the restaurant's reader: `extra` are pasjes-vcard flags (`--card-file F`, `--clone`).
    ///
    /// Waits 1.2 s first: vpcd polls a card's presence every ~0.4 s, and a card put on within one
    /// poll of the last one's lift is never seen gone (a hand is slower than that).
    func tap(_ uid: String, _ extra: [String] = []) throws {
        usleep(1_200_000)
        let result = try Shell.run([TestSupport.binary("pasjes-vcard"), "tap", uid, "--port", String(readers.ports[0]),
                                    "--hold-ms", "1000"] + extra)
        guard result.status == 0 else { throw TestError("pasjes-vcard tap failed: \(result.output)") }
        vcardOutput += result.output
    }

    /// Everything the virtual cards printed (for the no-key-in-output check).
    var vcardOutput = ""

    /// Lays a card on the issue reader until the returned process is stopped.
    func layOnIssueReader(_ uid: String, _ extra: [String]) throws -> SpawnedProcess {
        try SpawnedProcess([TestSupport.binary("pasjes-vcard"), "tap", uid, "--port", String(readers.ports[1]),
                            "--hold-ms", "60000"] + extra,
                           outputPath: folder.appendingPathComponent("vcard-issue-\(UUID().uuidString.prefix(6)).log").path)
    }

    /// `card.issue` over the socket, retried while the card is not yet seen on the reader
    /// (vpcd polls every ~0.4 s; `no_card` means nothing was done).
    func issue(client: String, key: String, extra: Bool = true) throws -> CardIssueResult {
        let deadline = Date().addingTimeInterval(15)
        while true {
            do {
                return try daemon.client().call("card.issue", CardIssueParams(
                    idempotencyKey: key, clientNumber: client, extra: extra), as: CardIssueResult.self)
            } catch let error as RPCError where error.reason == "no_card" && Date() < deadline {
                usleep(200_000)
            }
        }
    }

    /// A charge of one coffee with a tap token.
    func charge(_ token: String?, key: String) throws -> SaleResult {
        try daemon.client().call("sale.charge", SaleChargeParams(
            idempotencyKey: key, counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)], tapToken: token),
            as: SaleResult.self)
    }

    /// Transfers in the ledger (the demo books 6).
    func transfers() throws -> Int {
        try daemon.client().call("ledger.verify", NoParams(), as: VerifyResult.self).transfers
    }

    /// The next `card.tapped` for `uid` after `seen` earlier ones.
    func nextTap(_ uid: String, after seen: Int) -> CardTappedEvent? {
        events.wait(for: .cardTapped, as: CardTappedEvent.self, count: seen + 1, timeoutSeconds: 15,
                    where: { $0.uid == uid }).dropFirst(seen).first
    }

    /// Where any key (a master key, or the card key of one of `uids`) shows up, raw or as hex
    /// in either case: in the daemon's log, the database and its WAL, pcscd's folder, the cards'
    /// and CLI output (`extra`). Only the key file and the virtual cards' own memory may hold one.
    func keyLeaks(uids: [String], extra: [String] = []) -> [String] {
        var keys = Array(masterKeys.values)
        for master in masterKeys.values {
            for uid in uids { keys.append(try! KeyDiversification.cardKey(masterKey: master, uid: Hex.decode(uid)!)) }
        }
        var sources: [(String, Data)] = (extra + [vcardOutput]).enumerated().map { ("output \($0.offset)", Data($0.element.utf8)) }
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        for file in files where !(file as NSString).lastPathComponent.hasPrefix("card-") {
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(file).path) { sources.append((file, data)) }
        }
        var leaks: [String] = []
        for (name, data) in sources {
            for key in keys {
                let forms = [key.secretBytes, Array(Hex.encode(key.secretBytes, uppercase: true).utf8),
                             Array(Hex.encode(key.secretBytes).utf8)]
                if forms.contains(where: { data.range(of: Data($0)) != nil }) { leaks.append(name) }
            }
        }
        return leaks
    }
}
