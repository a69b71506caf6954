import Foundation
import PasjesCardCrypto
import PasjesDaemon
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

/// NTAG 424 DNA cards through a real pcscd with the vpcd driver and the virtual card: issuing at
/// the desk, paying with a genuine card, clones and other sites' cards refused, a crash halfway
/// through an issue, key rotation, the key file's rules, and no key in anything printed.
@Suite(.enabled(if: PrivateReaders.available, "needs root and pcscd + vsmartcard-vpcd (scripts/setup installs them)"))
struct CardAuthenticationTests {
    static let uid = "04C1A2B3C4D5E6"

    /// Issues a blank card (file `name`) to Daniëlle (1001) as an extra card, through the CLI.
    func issueThroughCLI(_ rig: CardAuthenticationRig, uid: String = uid, name: String = "genuine") throws -> CLIRun {
        let card = try rig.layOnIssueReader(uid, ["--card-file", rig.cardFile(name)])
        defer { card.stop() }
        let deadline = Date().addingTimeInterval(15)
        var run: CLIRun
        repeat {
            run = try TestSupport.pasjes(["card", "issue", "1001", "--extra"], socket: rig.daemon.socketPath)
            if run.status == 0 || !run.all.contains("no_card") { break }
            usleep(200_000)
        } while Date() < deadline
        return run
    }

    @Test func issuedCardPaysAndClonesAreRefusedWithNothingBooked() throws {
        let rig = try CardAuthenticationRig()
        let issued = try issueThroughCLI(rig)
        #expect(issued.status == 0, "\(issued.all)")
        #expect(issued.stdout.contains("sleutelversie 1"), "\(issued.stdout)")
        let detail = try rig.daemon.client().call("card.get", CardRef(uid: Self.uid), as: CardDetail.self)
        #expect(detail.card.authenticated == true && detail.card.keyVersion == 1)
        let plain = try TestSupport.pasjes(["card", "list", "--plain"], socket: rig.daemon.socketPath)
        #expect(plain.stdout.contains("04A22B1C") && !plain.stdout.contains(Self.uid), "\(plain.stdout)")

        try rig.tap(Self.uid, ["--card-file", rig.cardFile("genuine")])
        let genuine = try #require(rig.nextTap(Self.uid, after: 0))
        #expect(genuine.reason == nil && genuine.clientNumber == "1001")
        #expect(try rig.charge(genuine.tapToken, key: "genuine-pays").total == Amount(120))
        let booked = try rig.transfers()

        // A clone: same UID, an NTAG 424 DNA application, not the key. Then a UID-only copy.
        try rig.tap(Self.uid, ["--clone"])
        let clone = try #require(rig.nextTap(Self.uid, after: 1))
        #expect(clone.reason == "card_not_genuine" && clone.tapToken == nil)
        #expect(clone.message?.contains("niet echt") == true)
        try rig.tap(Self.uid)
        let copy = try #require(rig.nextTap(Self.uid, after: 2))
        #expect(copy.reason == "card_not_genuine" && copy.tapToken == nil)
        #expect(try rig.transfers() == booked, "a clone books nothing")

        let suspects = rig.events.wait(for: .cardSuspect, as: CardSuspectEvent.self, count: 2, timeoutSeconds: 15)
        #expect(suspects.map(\.check) == ["refused_by_card", "no_application"])
        #expect(suspects.allSatisfy { $0.uid == Self.uid && $0.clientNumber == "1001" && $0.reader == PrivateReaders.names[0] })
        let warnings = rig.daemon.log.split(separator: "\n").filter { $0.contains("card not genuine") }
        #expect(warnings.count == 2)
        #expect(warnings.allSatisfy { $0.contains(Self.uid) && $0.contains(PrivateReaders.names[0]) }, "\(warnings)")
        #expect(rig.keyLeaks(uids: [Self.uid], extra: [issued.all, plain.all]).isEmpty)
    }

    @Test func cardWithTheKeyOfAnotherSiteIsRefused() throws {
        let rig = try CardAuthenticationRig()
        #expect(try issueThroughCLI(rig).status == 0)
        // The same UID, personalised by another organisation with its own master key.
        let otherSite = try CardKey(NTAG424Commands.randomBytes(16))
        try rig.writeCardFile("other", key: try KeyDiversification.cardKey(masterKey: otherSite, uid: Hex.decode(Self.uid)!), version: 1)
        let before = try rig.transfers()
        try rig.tap(Self.uid, ["--card-file", rig.cardFile("other")])
        let tap = try #require(rig.nextTap(Self.uid, after: 0))
        #expect(tap.reason == "card_not_genuine" && tap.tapToken == nil)
        #expect(try rig.transfers() == before)
        #expect(rig.events.wait(for: .cardSuspect, as: CardSuspectEvent.self).first?.check == "refused_by_card")

        // Nor can it be issued here: neither blank nor ours, it is refused and left untouched.
        let memory = try String(contentsOfFile: rig.cardFile("other"), encoding: .utf8)
        let card = try rig.layOnIssueReader("04E1E2E3E4E5E6", ["--card-file", rig.cardFile("other")])
        defer { card.stop() }
        let refused = #expect(throws: RPCError.self) { _ = try rig.issue(client: "1002", key: "foreign") }
        #expect(refused?.reason == "card_not_blank", "\(String(describing: refused))")
        #expect(try String(contentsOfFile: rig.cardFile("other"), encoding: .utf8) == memory)
    }

    @Test func requireAuthRefusesPlainCardsAndAnIssuedCardStillPays() throws {
        let rig = try CardAuthenticationRig(requireAuthentication: true)
        let empty = try TestSupport.pasjes(["card", "issue", "1001", "--extra"], socket: rig.daemon.socketPath)
        #expect(empty.status == 1 && empty.stderr.contains("Leg de pas stil op de lezer") && empty.stderr.contains("(no_card)"),
                "\(empty.all)")
        try rig.tap("04A22B1C")  // Daniëlle's old UID-only card
        let plain = try #require(rig.nextTap("04A22B1C", after: 0))
        #expect(plain.reason == "card_not_authenticated" && plain.tapToken == nil)
        #expect(plain.message?.contains("nog niet beveiligd") == true)
        #expect(try issueThroughCLI(rig).status == 0)
        try rig.tap(Self.uid, ["--card-file", rig.cardFile("genuine")])
        let genuine = try #require(rig.nextTap(Self.uid, after: 0))
        #expect(try rig.charge(genuine.tapToken, key: "secured").total == Amount(120))
        #expect(rig.events.events(.cardSuspect, as: CardSuspectEvent.self).isEmpty, "a plain card is not a suspect")
    }

    @Test func issueKilledAfterTheKeyChangeIsRedone() throws {
        let rig = try CardAuthenticationRig(environment: ["PASJESD_FAULT_ISSUE_KILL_AFTER_KEY": "1"])
        let card = try rig.layOnIssueReader(Self.uid, ["--card-file", rig.cardFile("torn")])
        defer { card.stop() }
        #expect(throws: (any Error).self) { _ = try rig.issue(client: "1001", key: "first-try") }
        let dead = Date().addingTimeInterval(10)
        while rig.daemon.process?.isRunning == true && Date() < dead { usleep(50_000) }
        #expect(rig.daemon.process?.isRunning == false, "pasjesd died between the card's key change and the link")
        #expect(FileManager.default.fileExists(atPath: rig.cardFile("torn")), "the card took its key")

        try rig.restartDaemon()
        let unknown = #expect(throws: RPCError.self) {
            _ = try rig.daemon.client().call("card.get", CardRef(uid: Self.uid), as: CardDetail.self)
        }
        #expect(unknown?.reason == "card_unknown", "never a card linked without its key, nor one half-linked")
        let again = try rig.issue(client: "1001", key: "second-try")
        #expect(again.keyChanged == false && again.linked && again.keyVersion == 1)
        card.stop()
        try rig.tap(Self.uid, ["--card-file", rig.cardFile("torn")])
        let tap = try #require(rig.nextTap(Self.uid, after: 0))
        #expect(try rig.charge(tap.tapToken, key: "after-crash").total == Amount(120))
        #expect(try rig.daemon.client().call("ledger.verify", NoParams(), as: VerifyResult.self).ok)
    }

    @Test func keyRotationKeepsOldCardsUntilTheirVersionIsRetired() throws {
        let rig = try CardAuthenticationRig(versions: [1])
        #expect(try issueThroughCLI(rig).status == 0)
        #expect(try issueThroughCLI(rig, uid: "04D1D2D3D4D5D6", name: "second").status == 0)
        rig.masterKeys[2] = try CardKey(NTAG424Commands.randomBytes(16))
        try rig.writeKeyFile(versions: [1, 2])
        try rig.restartDaemon()
        try rig.tap(Self.uid, ["--card-file", rig.cardFile("genuine")])
        #expect(try #require(rig.nextTap(Self.uid, after: 0)).tapToken != nil, "version 1 still opens until retired")

        // Re-key the first card at the desk: it moves to version 2.
        let card = try rig.layOnIssueReader(Self.uid, ["--card-file", rig.cardFile("genuine")])
        let rekeyed = try rig.issue(client: "1001", key: "rekey")
        card.stop()
        #expect(rekeyed.keyChanged && rekeyed.keyVersion == 2 && rekeyed.previousKeyVersion == 1 && !rekeyed.linked)

        try rig.writeKeyFile(versions: [2])  // version 1 retired
        try rig.restartDaemon()
        try rig.tap(Self.uid, ["--card-file", rig.cardFile("genuine")])
        #expect(try #require(rig.nextTap(Self.uid, after: 0)).tapToken != nil)
        try rig.tap("04D1D2D3D4D5D6", ["--card-file", rig.cardFile("second")])
        let retired = try #require(rig.nextTap("04D1D2D3D4D5D6", after: 0))
        #expect(retired.reason == "card_not_genuine")
        #expect(rig.events.wait(for: .cardSuspect, as: CardSuspectEvent.self).first?.check == "key_retired")
        #expect(rig.keyLeaks(uids: [Self.uid, "04D1D2D3D4D5D6"]).isEmpty)
    }
}

/// The key file's rules: pasjesd refuses to start (exit 78, EX_CONFIG) unless it is root's and
/// mode 0600, and says why without showing the key. No readers needed.
@Suite struct CardKeyFileTests {
    func start(keyFileMode mode: Int, owner: uid_t = 0) throws -> (status: Int32, output: String, key: String) {
        let folder = try TestSupport.temporaryFolder("keyfile")
        let keyFile = folder.appendingPathComponent("card-keys").path
        let key = Hex.encode(NTAG424Commands.randomBytes(16), uppercase: true)
        guard FileManager.default.createFile(atPath: keyFile, contents: Data("1 \(key)\n".utf8),
                                             attributes: [.posixPermissions: mode]) else { throw TestError("key file") }
        if owner != 0 { guard chown(keyFile, owner, owner) == 0 else { throw TestError("chown") } }
        let config = folder.appendingPathComponent("pasjesd.toml").path
        try "[cards]\nkey_file = \"\(keyFile)\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let process = try SpawnedProcess(
            [TestSupport.binary("pasjesd"), "--database", folder.appendingPathComponent("l.sqlite").path,
             "--socket", folder.appendingPathComponent("s.sock").path, "--no-readers", "--config", config],
            outputPath: folder.appendingPathComponent("out.log").path)
        if mode == 0o600 && owner == 0 {
            // A good key file: pasjesd runs (and is stopped here); the log still shows no key.
            usleep(1_500_000)
            let running = process.isRunning
            process.stop()
            let output = (try? String(contentsOfFile: process.outputPath, encoding: .utf8)) ?? ""
            return (running ? 0 : -1, output, key)
        }
        let status = process.wait()
        return (status, (try? String(contentsOfFile: process.outputPath, encoding: .utf8)) ?? "", key)
    }

    @Test func readableByOthersStopsPasjesdWithExit78() throws {
        let result = try start(keyFileMode: 0o644)
        #expect(result.status == 78)
        #expect(result.output.contains("modus 0600") && result.output.contains("0644"), "\(result.output)")
        #expect(!result.output.contains(result.key))
    }

    @Test(.enabled(if: getuid() == 0, "chown needs root"))
    func ownedByAnotherUserStopsPasjesd() throws {
        let result = try start(keyFileMode: 0o600, owner: 65534)
        #expect(result.status == 78)
        #expect(result.output.contains("root"), "\(result.output)")
    }

    @Test func rootOnlyFileIsAccepted() throws {
        let result = try start(keyFileMode: 0o600)
        #expect(result.status == 0, "pasjesd runs with a 0600 root key file: \(result.output)")
        #expect(!result.output.contains(result.key) && !result.output.contains(result.key.lowercased()))
    }
}

/// `[cards]` as the configuration reads it (no daemon).
@Suite struct CardConfigurationTests {
    @Test func requireAuthWithoutAKeyFileIsRefused() {
        var configuration = DaemonConfiguration()
        let error = #expect(throws: ConfigurationError.self) { try configuration.apply(toml: "[cards]\nrequire_auth = true\n") }
        #expect(error?.description.contains("key_file") == true)
    }

    @Test func aBadKeyFileLineIsNamedByNumberNeverByContent() throws {
        let folder = try TestSupport.temporaryFolder("keyline")
        let path = folder.appendingPathComponent("card-keys").path
        let good = Hex.encode(NTAG424Commands.randomBytes(16), uppercase: true)
        for (text, expected) in [("1 \(good)\n2 \(good.dropLast())\n", "regel 2"),
                                 ("1 \(good)\n1 \(good)\n", "twee keer"), ("# nothing\n", "geen sleutel")] {
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw TestError("key file")
            }
            let error = #expect(throws: ConfigurationError.self) { _ = try CardKeyRing.load(path: path, environment: [:]) }
            #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
            #expect(error?.description.contains(good.prefix(8)) == false)
        }
        try "1 \(good)\n3 \(Hex.encode(NTAG424Commands.randomBytes(16), uppercase: true))  # next\n".write(toFile: path, atomically: false, encoding: .utf8)
        let ring = try CardKeyRing.load(path: path, environment: [:])
        #expect(ring.versions == [1, 3] && ring.currentVersion == 3)
        #expect(!"\(ring)".contains(good.prefix(8)))
    }
}
