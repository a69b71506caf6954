import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Testing

/// Issue 8, section 3: clients that send and never read must not keep pasjesd from stopping,
/// grow it without bound, or keep a subscription that delivers nothing.
@Suite(.enabled(if: getuid() == 0, "connects as root to be admin (CI runs as root)"))
struct LocalAttackerFloodTests {
    private static func clientList(_ id: Int) -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"method":"client.list"}"#
    }

    /// A client that sent 20,000 requests and never read kept pasjesd alive 58 s after SIGTERM;
    /// systemd would have killed it in the middle of closing the ledger.
    @Test func sigtermStopsPasjesdWhileAClientNeverReads() throws {
        let daemon = try DaemonProcess()
        let flood = try Flood(socketPath: daemon.socketPath, connections: 1,
                              payload: Flood.payload(count: 20_000, Self.clientList))
        defer { flood.stop() }
        // Time to fill what pasjesd may hold for this client, so it has replies nobody takes.
        sleep(2)
        let process = try #require(daemon.process)
        let started = Date()
        kill(process.pid, SIGTERM)
        let stopped = Attacker.eventually(within: 20) { !process.isRunning }
        print("pasjesd stopped \(String(format: "%.1f", Date().timeIntervalSince(started))) s after SIGTERM")
        #expect(stopped, "still running 20 s after SIGTERM (systemd kills at 30 s)")
        #expect(daemon.stop(SIGKILL) == 0)
    }

    /// 250 connections that sent requests and never read grew pasjesd from 45 MB to 345 MB.
    @Test func unreadRepliesDoNotGrowTheDaemon() throws {
        let daemon = try DaemonProcess()
        let process = try #require(daemon.process)
        // Answered after the flood, not within a cashier's 15 s: in the whole suite on two cores
        // pasjesd first works off what 200 connections left behind.
        let admin = try RPCClient(socketPath: daemon.socketPath, readTimeoutMilliseconds: 60_000)
        for _ in 0..<50 { _ = try admin.callRaw("client.list", NoParams()) }
        let before = Attacker.residentBytes(of: process.pid)
        let flood = try Flood(socketPath: daemon.socketPath, connections: 200,
                              payload: Flood.payload(count: 20_000, Self.clientList))
        defer { flood.stop() }
        var peak = before
        let until = Date().addingTimeInterval(8)
        while Date() < until {
            peak = max(peak, Attacker.residentBytes(of: process.pid))
            usleep(100_000)
        }
        let megabyte = 1024 * 1024
        print("pasjesd VmRSS before \(before / megabyte) MB, peak during the flood \(peak / megabyte) MB")
        #expect(peak - before < 150 * megabyte)
        flood.stop()
        #expect(try admin.call("system.info", NoParams(), as: SystemInfo.self).role == "admin")
    }

    /// A subscriber that fell behind was dropped silently and its connection stayed open.
    @Test func subscriberThatFallsBehindIsToldAndDisconnected() throws {
        let daemon = try DaemonProcess()
        let process = try #require(daemon.process)
        let admin = try daemon.client()
        _ = try admin.callRaw("product.create", ProductCreateParams(
            code: "CENT", name: "Cent", price: Amount(1), category: .welzijn, attributable: true, influenceable: true))
        let baseline = Attacker.openSockets(of: process.pid)
        func subscriber() throws -> LineSocket {
            let socket = try LineSocket(path: daemon.socketPath)
            socket.setReadTimeout(milliseconds: 10_000)
            try socket.writeLine(Array(#"{"jsonrpc":"2.0","id":1,"method":"subscribe","params":{"topics":["sale.completed"],"counter":"restaurant"}}"#.utf8))
            guard let reply = try socket.readLine(), String(decoding: reply, as: UTF8.self).contains("subscribed") else {
                throw TestError("subscribe failed")
            }
            return socket
        }
        // One never reads again; the other starts reading once both were dropped.
        let silent = try subscriber()
        let late = try subscriber()
        let drops = "subscriber fell behind; dropping it"
        let watch = DropWatch()
        let watcher = Thread {
            guard Attacker.eventually(within: 120, { daemon.log.components(separatedBy: drops).count > 2 }) else {
                watch.finish([])
                return
            }
            watch.stopCharging()
            var lines: [String] = []
            while let line = try? late.readLine() { lines.append(String(decoding: line, as: UTF8.self)) }
            watch.finish(lines)
        }
        watcher.start()

        // Many sales at the subscribed counter, from a few connections (group-committed).
        let socketPath = daemon.socketPath
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            guard let client = try? RPCClient(socketPath: socketPath, readTimeoutMilliseconds: 30_000) else { return }
            for index in 0..<5_000 where watch.charging.withLock({ $0 }) {
                _ = try? client.callRaw("sale.charge", SaleChargeParams(
                    idempotencyKey: "flood-\(worker)-\(index)", counter: "restaurant",
                    items: [SaleItem(product: "CENT", quantity: 1)], clientNumber: "1001", reason: "load"))
            }
            client.close()
        }
        let lateLines = try #require(watch.waitForLines(timeoutSeconds: 60))
        print("sales: \(daemon.log.components(separatedBy: " sale ").count - 1); the late reader read \(lateLines.count) lines")
        let last = try? JSONDecoder().decode(RPCRequestEnvelope.self, from: Data((lateLines.last ?? "").utf8))
        #expect(last?.method == ControlNotification.subscriptionDropped, "last line: \(lateLines.last ?? "none")")
        #expect(lateLines.last?.contains(#""reason":"too_slow""#) == true)

        // The one that never reads is disconnected too, without reading a byte.
        let dropped = Date()
        let closed = Attacker.eventually(within: 15) { Attacker.openSockets(of: process.pid) <= baseline }
        print("silent subscriber: connection \(closed ? "closed" : "still open") \(String(format: "%.1f", Date().timeIntervalSince(dropped))) s after both were dropped")
        #expect(closed, "pasjesd still holds \(Attacker.openSockets(of: process.pid) - baseline) connection(s) too many")
        silent.shutdownBoth()

        // A new connection subscribes and hears sales again.
        let listener = try EventListener(socketPath: daemon.socketPath, topics: [.saleCompleted], counter: "restaurant")
        _ = try admin.callRaw("sale.charge", SaleChargeParams(
            idempotencyKey: "after", counter: "restaurant", items: [SaleItem(product: "CENT", quantity: 1)],
            clientNumber: "1001", reason: "after"))
        #expect(!listener.wait(for: .saleCompleted, as: SaleResult.self).isEmpty)
        // A second `subscribe` on a dropped connection cannot be sent any more: it is closed.
    }
}

/// Shared between the charging workers and the thread that watches for the drop.
private final class DropWatch: @unchecked Sendable {
    let charging = Locked(true)
    private let lines = Locked<[String]?>(nil)

    func stopCharging() { charging.withLock { $0 = false } }
    func finish(_ read: [String]) { lines.withLock { $0 = read } }

    func waitForLines(timeoutSeconds: Double) -> [String]? {
        _ = Attacker.eventually(within: timeoutSeconds) { lines.withLock { $0 != nil } }
        return lines.withLock { $0 }
    }
}

/// A value behind a lock.
private final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.withLock { body(&value) }
    }
}
