import ArgumentParser
import Foundation
import PasjesMoney
import PasjesProtocol

/// Tap latency through the real pcscd: UID answered by the virtual card -> `card.tapped` on a
/// subscriber socket -> durable `sale.charge` result. Needs root (a private pcscd).
///
/// With `--auth`, the same run also taps an issued NTAG 424 DNA (AES mutual authentication with
/// its diversified key after the UID), alternating with the UID-only card, so both series see
/// the same machine at the same moments.
struct TapBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tap", abstract: "Tap-to-event and tap-to-committed-charge latency through pcscd + vpcd.")

    @Option(help: "Number of taps per series (each takes about 1.5 s: vpcd notices a lifted card after ~1 s).")
    var taps: Int = 200
    @Flag(help: "Also tap an authenticated card (NTAG 424 DNA, AES) and compare.")
    var auth = false

    func run() throws {
        let root = URL(fileURLWithPath: sibling("pasjesd")).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/pcscd-private").path
        let folder = URL(fileURLWithPath: "/tmp/pasjes-tapbench-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pcscdFolder = folder.appendingPathComponent("pcscd").path
        try shell(["/bin/bash", script, "start", pcscdFolder])
        defer { try? shell(["/bin/bash", script, "stop", pcscdFolder]) }
        let env = try String(contentsOfFile: pcscdFolder + "/env", encoding: .utf8)
        var values: [String: String] = [:]
        for line in env.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        let bench = try TapRun(folder: folder, pcscSocket: values["PCSCLITE_CSOCK_NAME"]!,
                               ports: [values["VPCD_PORT_0"]!, values["VPCD_PORT_1"]!], auth: auth)
        defer { bench.stop() }
        var plain = TapSeries(label: "UID only"), secured = TapSeries(label: "NTAG 424 DNA, AES")
        for index in 0..<taps {
            try bench.tap(bench.plainCard, uid: TapRun.plainUID, key: "plain-\(index)", into: &plain)
            if auth { try bench.tap(bench.securedCard!, uid: TapRun.securedUID, key: "auth-\(index)", into: &secured) }
        }
        print("pasjes-bench tap: \(taps) taps per series through pcscd + vpcd, one reader\n")
        for series in auth ? [plain, secured] : [plain] {
            print("[\(series.label)]")
            print(Measurement(label: "UID answered -> card.tapped on subscriber", latenciesNanoseconds: series.toEvent, elapsedSeconds: 1).latencyLine())
            print(Measurement(label: "UID answered -> durable sale.charge result", latenciesNanoseconds: series.toCharge, elapsedSeconds: 1).latencyLine())
        }
        print("target: p99 ≤ 20 ms for tap -> committed charge")
    }
}

/// One series of taps: latencies from the UID leaving the card.
struct TapSeries {
    let label: String
    var toEvent: [UInt64] = []
    var toCharge: [UInt64] = []
}

/// Runs a command through the shell. Not Foundation's Process: the pcscd script leaves a
/// daemon behind, and Process was seen to wait for it.
func shell(_ arguments: [String]) throws {
    let command = arguments.map { "'\($0)'" }.joined(separator: " ") + " >/dev/null 2>&1"
    guard system(command) == 0 else { throw ValidationError("\(arguments.joined(separator: " ")) failed") }
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
