import ArgumentParser
import Foundation
import PasjesCardCrypto
import PasjesMoney
import PasjesProtocol

/// pasjesd on the demo ledger with a private pcscd, a subscriber, a cashier connection and the
/// virtual cards; with `auth`, a key file and one NTAG 424 DNA issued at reader 1.
final class TapRun {
    static let securedUID = "04B1A2C3D4E5F6"
    let daemon = Process()
    let socketPath: String
    let subscriber: LineSocket
    let cashier: RPCClient
    let plainCard: VirtualCardProcess
    let securedCard: VirtualCardProcess?

    init(folder: URL, pcscSocket: String, ports: [String], auth: Bool) throws {
        socketPath = folder.appendingPathComponent("d.sock").path
        var arguments = ["--database", folder.appendingPathComponent("db.sqlite").path, "--socket", socketPath, "--demo"]
        let cardFile = folder.appendingPathComponent("card-secured").path
        if auth { arguments += ["--config", try Self.writeKeyConfig(in: folder)] }
        daemon.executableURL = URL(fileURLWithPath: sibling("pasjesd"))
        daemon.arguments = arguments
        daemon.environment = ProcessInfo.processInfo.environment.merging(["PCSCLITE_CSOCK_NAME": pcscSocket]) { $1 }
        daemon.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try daemon.run()
        let deadline = Date().addingTimeInterval(30)
        while (try? RPCClient(socketPath: socketPath).call("system.info", NoParams(), as: SystemInfo.self))?.readers?.count != 2 {
            guard Date() < deadline else { throw ValidationError("pasjesd or its readers did not start") }
            usleep(100_000)
        }
        let admin = try RPCClient(socketPath: socketPath)
        try Self.makeBenchClient(admin)
        if auth {
            progress("issuing an NTAG 424 DNA on reader 1")
            try Self.issue(cardFile: cardFile, port: ports[1], admin: admin)
            progress("issued")
        }
        subscriber = try LineSocket(path: socketPath)
        try subscriber.writeLine(Array(try JSONEncoder().encode(RPCRequest(
            id: .number(1), method: "subscribe", params: SubscribeParams(topics: [.cardTapped], counter: "restaurant")))))
        _ = try subscriber.readLine()
        cashier = try RPCClient(socketPath: socketPath)
        plainCard = try VirtualCardProcess(port: ports[0], extra: [])
        securedCard = auth ? try VirtualCardProcess(port: ports[0], extra: ["--card-file", cardFile]) : nil
    }

    /// The client both cards pay for: the demo's first client's ZZP and place, a plain card
    /// (`plainUID`) and this month's budget large enough for every tap of the run.
    static let benchClient = "BENCH"
    static let plainUID = "04BE0C01"

    static func makeBenchClient(_ admin: RPCClient) throws {
        let model = try admin.call("client.get", ClientRef(number: "1001"), as: ClientInfo.self)
        _ = try admin.callRaw("client.create", ClientCreateParams(
            idempotencyKey: "bench-client", number: benchClient, name: "Bench", zzp: model.zzp, location: model.location,
            department: model.department))
        _ = try admin.callRaw("card.link", CardLinkParams(idempotencyKey: "bench-card", uid: plainUID, clientNumber: benchClient))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        let now = calendar.dateComponents([.year, .month], from: Date())
        let month = String(format: "%04d-%02d", now.year!, now.month!)
        _ = try admin.callRaw("budget.allocate", BudgetAllocateParams(
            idempotencyKey: "bench-budget", clientNumber: benchClient, month: month, amount: Amount(100_000_000)))
    }

    /// A fresh master key (never printed) in a root-only key file, and a config naming it.
    static func writeKeyConfig(in folder: URL) throws -> String {
        let keyFile = folder.appendingPathComponent("card-keys").path
        let line = "1 " + Hex.encode(NTAG424Commands.randomBytes(16), uppercase: true) + "\n"
        guard FileManager.default.createFile(atPath: keyFile, contents: Data(line.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("cannot write \(keyFile)")
        }
        let config = folder.appendingPathComponent("pasjesd.toml").path
        try "[cards]\nkey_file = \"\(keyFile)\"\nissue_reader = \"Virtual PCD 00 01\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        return config
    }

    /// Lays a blank card on reader 1 and issues it to 1001 as an extra card.
    static func issue(cardFile: String, port: String, admin: RPCClient) throws {
        let card = Process()
        card.executableURL = URL(fileURLWithPath: sibling("pasjes-vcard"))
        card.arguments = ["tap", securedUID, "--card-file", cardFile, "--port", port, "--hold-ms", "30000"]
        card.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try card.run()
        defer { card.terminate() }
        let deadline = Date().addingTimeInterval(15)
        while true {
            do {
                _ = try admin.call("card.issue", CardIssueParams(idempotencyKey: "bench-issue", clientNumber: benchClient, extra: true),
                                   as: CardIssueResult.self)
                return
            } catch let error as RPCError where error.reason == "no_card" && Date() < deadline {
                usleep(200_000)
            }
        }
    }

    /// One tap of `card`: UID timestamp -> event -> charge, added to `series`.
    func tap(_ card: VirtualCardProcess, uid: String, key: String, into series: inout TapSeries) throws {
        progress("tap \(uid) (\(key))")
        card.send("tap \(uid)")
        guard let answered = card.lines.next(prefix: "uid-answered "),
              let uidNanoseconds = UInt64(answered.dropFirst("uid-answered ".count)) else {
            throw ValidationError("virtual card gave no UID timestamp")
        }
        guard let line = try subscriber.readLine() else { throw ValidationError("subscriber closed") }
        let eventAt = wallClockNanoseconds()
        let event = try JSONDecoder().decode(RPCNotification<CardTappedEvent>.self, from: Data(line)).params
        guard event.uid == uid, event.tapToken != nil else { throw ValidationError("tap of \(uid) refused: \(event.reason ?? "?")") }
        _ = try cashier.callRaw("sale.charge", SaleChargeParams(
            idempotencyKey: key, counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)],
            tapToken: event.tapToken))
        let chargedAt = wallClockNanoseconds()
        series.toEvent.append(eventAt - uidNanoseconds)
        series.toCharge.append(chargedAt - uidNanoseconds)
        _ = card.lines.next(prefix: "ok tap")
        usleep(1_200_000)  // vpcd reports the lift about a second later
    }

    func stop() {
        plainCard.stop()
        securedCard?.stop()
        daemon.terminate()
        daemon.waitUntilExit()
    }
}

/// A progress line on stderr (the figures go to stdout).
func progress(_ line: String) {
    FileHandle.standardError.write(Data(("pasjes-bench: " + line + "\n").utf8))
}

/// `pasjes-vcard serve` on one port, driven line by line, printing UID timestamps.
final class VirtualCardProcess {
    let process = Process()
    let input = Pipe()
    let lines: LineReader

    init(port: String, extra: [String]) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: sibling("pasjes-vcard"))
        process.arguments = ["serve", "--port", port, "--hold-ms", "1000"] + extra
        process.environment = ProcessInfo.processInfo.environment.merging(["PASJES_VCARD_TIMESTAMPS": "1"]) { $1 }
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        lines = LineReader(output.fileHandleForReading)
    }

    func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }
    func stop() { process.terminate() }
}
