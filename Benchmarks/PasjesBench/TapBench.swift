import ArgumentParser
import Foundation
import PasjesMoney
import PasjesProtocol

/// Tap latency through the real pcscd: UID answered by the virtual card -> `card.tapped` on a
/// subscriber socket -> durable `sale.charge` result. Needs root (a private pcscd).
struct TapBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tap", abstract: "Tap-to-event and tap-to-committed-charge latency through pcscd + vpcd.")

    @Option(help: "Number of taps (each takes about 1.5 s: vpcd notices a lifted card after ~1 s).")
    var taps: Int = 200

    func run() throws {
        let root = URL(fileURLWithPath: sibling("pasjesd")).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/pcscd-private").path
        let folder = URL(fileURLWithPath: "/tmp/pasjes-tapbench-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pcscdFolder = folder.appendingPathComponent("pcscd").path
        try run(["/bin/bash", script, "start", pcscdFolder])
        defer { try? run(["/bin/bash", script, "stop", pcscdFolder]) }
        let env = try String(contentsOfFile: pcscdFolder + "/env", encoding: .utf8)
        var values: [String: String] = [:]
        for line in env.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        let socketPath = folder.appendingPathComponent("d.sock").path
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: sibling("pasjesd"))
        daemon.arguments = ["--database", folder.appendingPathComponent("db.sqlite").path, "--socket", socketPath, "--demo"]
        daemon.environment = ProcessInfo.processInfo.environment.merging(["PCSCLITE_CSOCK_NAME": values["PCSCLITE_CSOCK_NAME"]!]) { $1 }
        daemon.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try daemon.run()
        defer { daemon.terminate(); daemon.waitUntilExit() }
        let deadline = Date().addingTimeInterval(30)
        while (try? RPCClient(socketPath: socketPath).call("system.info", NoParams(), as: SystemInfo.self))?.readers?.count != 2 {
            guard Date() < deadline else { throw ValidationError("pasjesd or its readers did not start") }
            usleep(100_000)
        }
        let admin = try RPCClient(socketPath: socketPath)
        _ = try admin.callRaw("budget.allocate", BudgetAllocateParams(idempotencyKey: "x", clientNumber: "1001",
                                                                      month: "2099-01", amount: Amount(100_000_000)))
        let subscriber = try LineSocket(path: socketPath)
        try subscriber.writeLine(Array(try JSONEncoder().encode(RPCRequest(
            id: .number(1), method: "subscribe", params: SubscribeParams(topics: [.cardTapped], counter: "restaurant")))))
        _ = try subscriber.readLine()
        let cashier = try RPCClient(socketPath: socketPath)

        let card = Process()
        card.executableURL = URL(fileURLWithPath: sibling("pasjes-vcard"))
        card.arguments = ["serve", "--port", values["VPCD_PORT_0"]!, "--hold-ms", "1000"]
        card.environment = ProcessInfo.processInfo.environment.merging(["PASJES_VCARD_TIMESTAMPS": "1"]) { $1 }
        let input = Pipe(), output = Pipe()
        card.standardInput = input
        card.standardOutput = output
        try card.run()
        defer { card.terminate() }
        let cardLines = LineReader(output.fileHandleForReading)

        var toEvent: [UInt64] = [], toCharge: [UInt64] = []
        for index in 0..<taps {
            input.fileHandleForWriting.write(Data("tap 04A22B1C\n".utf8))
            guard let answered = cardLines.next(prefix: "uid-answered "),
                  let uidNanoseconds = UInt64(answered.dropFirst("uid-answered ".count)) else {
                throw ValidationError("virtual card gave no UID timestamp")
            }
            guard let line = try subscriber.readLine() else { throw ValidationError("subscriber closed") }
            let eventAt = wallClockNanoseconds()
            let event = try JSONDecoder().decode(RPCNotification<CardTappedEvent>.self, from: Data(line)).params
            _ = try cashier.callRaw("sale.charge", SaleChargeParams(
                idempotencyKey: "tap-\(index)", counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)],
                tapToken: event.tapToken))
            let chargedAt = wallClockNanoseconds()
            toEvent.append(eventAt - uidNanoseconds)
            toCharge.append(chargedAt - uidNanoseconds)
            _ = cardLines.next(prefix: "ok tap")
            usleep(1_200_000)  // vpcd reports the lift about a second later
        }
        print("pasjes-bench tap: \(taps) taps through pcscd + vpcd, one reader\n")
        print(Measurement(label: "UID answered -> card.tapped on subscriber", latenciesNanoseconds: toEvent, elapsedSeconds: 1).latencyLine())
        print(Measurement(label: "UID answered -> durable sale.charge result", latenciesNanoseconds: toCharge, elapsedSeconds: 1).latencyLine())
        print("target: p99 ≤ 20 ms for tap -> committed charge")
    }

    /// Runs a command through the shell. Not Foundation's Process: the pcscd script leaves a
    /// daemon behind, and Process was seen to wait for it.
    private func run(_ arguments: [String]) throws {
        let command = arguments.map { "'\($0)'" }.joined(separator: " ") + " >/dev/null 2>&1"
        guard system(command) == 0 else { throw ValidationError("\(arguments.joined(separator: " ")) failed") }
    }
}

func wallClockNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

extension Measurement {
    func latencyLine() -> String {
        String(format: "%-46@ p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms", label as NSString,
               percentile(0.50), percentile(0.99), maxMilliseconds)
    }
}

/// Reads lines from a pipe, blocking.
final class LineReader {
    private let handle: FileHandle
    private var buffer = Data()
    init(_ handle: FileHandle) { self.handle = handle }

    func next(prefix: String) -> String? {
        while true {
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                if line.hasPrefix(prefix) { return line }
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }
}
