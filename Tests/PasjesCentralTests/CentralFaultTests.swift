import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Synchronization
import Testing

/// What a node of several locations does when things break: killed between PostgreSQL's commit
/// and its own apply, PostgreSQL restarted under load, the log replaced by an older copy.
@Suite(.serialized) struct CentralFaultTests {
    private static func coffee(_ key: String, client: String = "1001") -> SaleChargeParams {
        SaleChargeParams(idempotencyKey: key, counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)],
                         clientNumber: client, reason: "test")
    }

    /// SIGKILL of a node 20 times while a charge is under way, at least 10 of them after the log
    /// committed it and before the node applied it (the failpoint holds it there): the retry with
    /// the same key answers the first result, and every key is in the log exactly once.
    @Test func aNodeKilledBetweenTheLogsCommitAndItsOwnApplyAnswersTheRetryWithTheFirstResult() async throws {
        guard let site = try await CentralSite.make(nodes: ["loca"]) else { return }
        defer { site.stop() }
        let environment = ["PASJESD_FAILPOINT_AFTER_APPEND_MS": "3000"]
        var node = try DaemonProcess(demo: false, config: site.config("loca"), environment: environment)
        defer { node.stop() }
        try CentralSite.waitUntilOnline(node)
        let before = try node.client().call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self).balance.minorUnits
        var inWindow = 0
        for round in 0..<20 {
            let key = "kill-\(round)"
            let answered = Mutex<String?>(nil)
            let socket = node.socketPath
            let sender = Thread {
                let outcome: String
                do {
                    let client = try RPCClient(socketPath: socket, readTimeoutMilliseconds: 15_000)
                    outcome = "ok:" + (try client.call("sale.charge", Self.coffee(key), as: SaleResult.self).saleId)
                } catch {
                    outcome = "error:\(error)"
                }
                answered.withLock { $0 = outcome }
            }
            sender.start()
            if round % 2 == 0 {
                // Inside the window: the log has the entry, the node has not applied or answered it.
                let deadline = Date().addingTimeInterval(10)
                while try await site.entries(withKey: key) == 0, Date() < deadline { usleep(10_000) }
            } else {
                usleep(UInt32.random(in: 0...20_000))
            }
            // What the cashier had when the node died; then whether the log has it (the killed
            // node's server process ends its statement first: give it a moment).
            let answeredBeforeKill = answered.withLock { $0 }
            node.stop(SIGKILL)
            usleep(200_000)
            let committed = try await site.entries(withKey: key) == 1
            if committed && answeredBeforeKill == nil { inWindow += 1 }
            while answered.withLock({ $0 == nil }) { usleep(10_000) }

            node = try DaemonProcess(folder: node.folder, demo: false, config: site.config("loca"), environment: environment)
            try CentralSite.waitUntilOnline(node)
            let retry = try node.client().call("sale.charge", Self.coffee(key), as: SaleResult.self)
            if committed { #expect(retry.replayed, "round \(round): the log had it, so the retry answers the first result") }
            if let first = answeredBeforeKill, first.hasPrefix("ok:") {
                #expect(retry.saleId == String(first.dropFirst(3)), "round \(round): the answer the cashier saw")
            }
            let again = try node.client().call("sale.charge", Self.coffee(key), as: SaleResult.self)
            #expect(again.saleId == retry.saleId && again.replayed)
            #expect(try await site.entries(withKey: key) == 1, "round \(round): booked exactly once")
        }
        print("central kill rounds: 20, inside the commit-apply window \(inWindow)")
        #expect(inWindow >= 10)
        #expect(node.log.contains("failpoint: appended to the log, not applied here"))
        let head = try await site.logHead()
        for replica in [node, site.headOffice] {
            try CentralSite.waitUntilApplied(replica, head)
            let after = try replica.client().call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self).balance.minorUnits
            #expect(before - after == 20 * 120, "twenty coffees, each once")
        }
        let verified = try TestSupport.pasjes(["central", "verify"], socket: node.socketPath)
        #expect(verified.status == 0, "\(verified.all)")
    }

    /// PostgreSQL restarted (`pg_ctl restart -m fast`) while two nodes charge: no answer says
    /// "nothing booked" for an entry that is in the log, and afterwards the nodes go on.
    @Test func postgresRestartedUnderLoadNeverMakesABookedEntryLookUnbooked() async throws {
        guard let site = try await CentralSite.make(nodes: ["loca"]) else { return }
        defer { site.stop() }
        let node = try DaemonProcess(demo: false, config: site.config("loca", deadlineMilliseconds: 500))
        defer { node.stop() }
        try CentralSite.waitUntilOnline(node)
        let stopAt = Date().addingTimeInterval(5)
        let restarted = Task {
            try await Task.sleep(for: .milliseconds(1_000))
            try await site.fixture.server.restart()
        }
        let outcomes = try await TestSupport.onThreads(12) { thread -> [(key: String, outcome: String)] in
            let target = thread < 8 ? node : site.headOffice
            var seen: [(key: String, outcome: String)] = []
            var round = 0
            while Date() < stopAt {
                let key = "restart-\(thread)-\(round)"
                round += 1
                do {
                    let client = try target.client()
                    _ = try client.call("sale.charge", Self.coffee(key, client: thread % 2 == 0 ? "1001" : "1004"), as: SaleResult.self)
                    seen.append((key, "ok"))
                } catch let refusal as RPCError {
                    seen.append((key, refusal.reason))
                } catch {
                    seen.append((key, "transport"))
                }
                usleep(20_000)
            }
            return seen
        }.flatMap { $0 }
        try await restarted.value
        var counts: [String: Int] = [:]
        for (key, outcome) in outcomes {
            counts[outcome, default: 0] += 1
            let inLog = try await site.entries(withKey: key)
            switch outcome {
            case "ok": #expect(inLog == 1, "\(key) answered booked")
            case "central_unavailable", "insufficient_funds": #expect(inLog == 0, "\(key) answered \(outcome) but is in the log")
            default: #expect(inLog <= 1, "\(key): \(outcome)")
            }
        }
        print("central pg restart under load: \(counts)")
        #expect(counts["ok", default: 0] > 0)
        #expect(counts.keys.allSatisfy { ["ok", "central_unavailable", "central_unknown", "insufficient_funds", "busy"].contains($0) },
                "\(counts)")
        // After the restart the nodes go on by themselves.
        for (index, replica) in [node, site.headOffice].enumerated() {
            let deadline = Date().addingTimeInterval(20)
            var booked = false
            var attempt = 0
            while !booked, Date() < deadline {
                attempt += 1
                // A write that needs the log and no money: a refusal for funds is decided locally.
                let product = ProductCreateParams(code: "NA\(index)X\(attempt)", name: "Na de herstart", price: Amount(100),
                                                  category: .facilitair, attributable: true, influenceable: true)
                booked = (try? replica.client().callRaw("product.create", product)) != nil
                if !booked { usleep(200_000) }
            }
            #expect(booked, "\(replica.log.suffix(2_000))")
        }
    }

    /// The log replaced by an older copy of itself (a failover that lost entries): the nodes that
    /// applied the lost entries stop writing with `log_fork` and say so in their log.
    @Test func aLogThatLostEntriesStopsTheNodeWithLogFork() async throws {
        guard let site = try await CentralSite.make(nodes: ["loca"]) else { return }
        defer { site.stop() }
        let node = try DaemonProcess(demo: false, config: site.config("loca"))
        defer { node.stop() }
        try CentralSite.waitUntilOnline(node)
        let server = site.fixture.server
        let older = server.folder + "/older"
        try await server.whileStopped { data in try server.copyData(from: data, to: older) }
        for round in 0..<3 { _ = try node.client().call("sale.charge", Self.coffee("na-kopie-\(round)"), as: SaleResult.self) }
        try CentralSite.waitUntilApplied(site.headOffice, try await site.logHead())
        try await server.whileStopped { data in
            try FileManager.default.removeItem(atPath: data)
            try FileManager.default.moveItem(atPath: older, toPath: data)
        }
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline,
              try node.client().call("system.info", NoParams(), as: SystemInfo.self).central?.state != "log_fork" {
            usleep(100_000)
        }
        #expect(try node.client().call("system.info", NoParams(), as: SystemInfo.self).central?.state == "log_fork")
        do {
            _ = try node.client().call("sale.charge", Self.coffee("na-fork"), as: SaleResult.self)
            Issue.record("a node whose log lost entries booked")
        } catch let refusal as RPCError {
            #expect(refusal.reason == "log_fork", "\(refusal)")
        }
        #expect(node.log.contains("log_fork"), "an operator reads it in the log")
        #expect(try await site.entries(withKey: "na-fork") == 0)
    }
}
