import Foundation
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Synchronization
import Testing

/// A location whose line to the organisation's log is down keeps selling under its offline
/// limits, and forwards every sale exactly once when the line comes back.
@Suite(.serialized) struct CentralOfflineTests {
    static func coffees(_ key: String, _ count: Int64 = 1, client: String = "1001") -> SaleChargeParams {
        SaleChargeParams(idempotencyKey: key, counter: "restaurant", items: [SaleItem(product: "KOF", quantity: count)],
                         clientNumber: client, reason: "test")
    }

    /// The refusal's reason, or "ok".
    /// Node `loca` of `site` reaching the log through a TCP proxy of its own (the test cuts,
    /// stalls and passes it), with a 500 ms deadline and the offline limits.
    static func nodeBehindProxy(_ site: CentralSite) throws -> (proxy: TCPProxy, node: DaemonProcess) {
        let proxy = try TCPProxy(upstreamPort: site.fixture.server.port)
        do {
            let node = try DaemonProcess(demo: false, config: site.config(
                "loca", deadlineMilliseconds: 500, url: site.fixture.server.tcpURL(port: proxy.port),
                offline: CentralSite.offlineLimits))
            return (proxy, node)
        } catch {
            proxy.stop()
            throw error
        }
    }

    static func outcome(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "ok"
        } catch let refusal as RPCError {
            return refusal.reason
        } catch {
            return "error: \(error)"
        }
    }

    /// A central that accepts and never answers (a TCP proxy stalled) is offline within the
    /// deadline, never a hang at the counter; the sales are queued under the limits, a retry is
    /// the same sale, and once the central answers the queue drains by itself, each sale once.
    @Test func aStalledCentralIsOfflineWithinTheDeadlineAndItsQueueDrainsOnceItAnswers() async throws {
        guard let site = try await CentralSite.make(nodes: ["loca"], tcp: true) else { return }
        defer { site.stop() }
        let (proxy, node) = try Self.nodeBehindProxy(site)
        defer { proxy.stop() }
        defer { node.stop() }
        try CentralSite.waitUntilOnline(node)
        let client = try RPCClient(socketPath: node.socketPath, readTimeoutMilliseconds: 15_000)
        let online = try client.call("sale.charge", Self.coffees("on-1"), as: SaleResult.self)
        #expect(online.offline == nil)

        proxy.stall()
        let first = try client.call("sale.charge", Self.coffees("off-1"), as: SaleResult.self)
        #expect(first.offline == true, "answered offline, not after a hang")
        var sales = [first.saleId]
        for round in 2...5 {
            let sale = try client.call("sale.charge", Self.coffees("off-\(round)"), as: SaleResult.self)
            #expect(sale.offline == true)
            sales.append(sale.saleId)
        }
        let retry = try client.call("sale.charge", Self.coffees("off-1"), as: SaleResult.self)
        #expect(retry.saleId == first.saleId && retry.offline == true, "a retry is the same sale, not a second one")
        let sync = try #require(try CentralSite.sync(node))
        #expect(sync.state == "offline" && sync.offlineSince != nil)
        #expect(sync.queuedCount == 5 && sync.queuedAmount == 5 * first.total.minorUnits)
        #expect(sync.totalLeft == 50_000 - 5 * first.total.minorUnits)
        // 13 coffees cost more than max_sale: refused, naming the limit; nothing queued.
        let beyond = Self.outcome { _ = try client.call("sale.charge", Self.coffees("off-big", 13), as: SaleResult.self) }
        #expect(beyond == "offline_limit")
        // Not a sale: refused offline.
        let block = Self.outcome { _ = try client.callRaw("card.block", CardBlockParams(uid: "04A22B1C", reason: "offline")) }
        #expect(block == "central_unavailable")
        #expect(try CentralSite.sync(node)?.queuedCount == 5)

        proxy.pass()
        try await onThread { try CentralSite.waitUntilDrained(node) }
        for key in ["on-1", "off-1", "off-2", "off-3", "off-4", "off-5"] {
            #expect(try await site.entries(withKey: key) == 1, "\(key) is in the log exactly once")
        }
        #expect(try await site.entries(withKey: "off-big") == 0)
        // The first was sent when the line stalled (its outcome unknown, queued as it was sent);
        // the others were decided offline. All five in the node's order, contiguous.
        let queued = try await site.fixture.server.psql("""
            SELECT string_agg(origin_seq::text || ':' || offline::text, ',' ORDER BY global_seq) FROM pasjes.entries
            WHERE origin = 'loca' AND idempotency_key LIKE 'off-%'
            """)
        let sequences = queued.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",")
            .compactMap { Int($0.split(separator: ":")[0]) }
        #expect(sequences.count == 5 && sequences == Array((sequences.first ?? 0)..<((sequences.first ?? 0) + 5)),
                "in origin order: \(queued.output)")
        #expect(queued.output.contains(":t"), "offline entries are marked offline in the log: \(queued.output)")
        let after = try client.call("sale.charge", Self.coffees("off-1"), as: SaleResult.self)
        #expect(after.saleId == first.saleId && after.replayed && after.offline == nil, "booked now: an ordinary retry")
        #expect(node.log.contains("offline: the organisation's log is out of reach"))
        #expect(node.log.contains("online again"))
        // The node reports its queue and limits with its heartbeat: `central status` lists them.
        var status = ""
        for _ in 0..<100 where !status.contains("loca: max_sale=1500") {
            status = try TestSupport.pasjes(["central", "status", "--url", site.adminURL], socket: "/nonexistent").all
            usleep(100_000)
        }
        #expect(status.contains("loca: max_sale=1500,max_card_day=2500,max_total=50000,max_age_hours=24"), "\(status)")
        #expect(status.contains("hq: geen [offline]"), "\(status)")
        #expect(status.contains("Wachtrij"))
        let verified = try TestSupport.pasjes(["central", "verify"], socket: node.socketPath)
        #expect(verified.status == 0, "\(verified.all)")
    }

    /// Limits wide enough to spend a whole wallet offline in baskets of ten coffees.
    static let wideLimits = "max_sale = 100000\nmax_card_day = 1000000\nmax_total = 1000000\nmax_age_hours = 24"

    /// Charges `client` at `node` until the node refuses: the baskets it took offline.
    static func spendOffline(_ node: DaemonProcess, client number: String, prefix: String) throws -> [SaleResult] {
        let client = try RPCClient(socketPath: node.socketPath, readTimeoutMilliseconds: 15_000)
        var sales: [SaleResult] = []
        for basket: Int64 in [10, 1] {
            var round = 0
            while round < 500 {
                round += 1
                do {
                    let sale = try client.call("sale.charge", coffees("\(prefix)-\(basket)-\(round)", basket, client: number),
                                               as: SaleResult.self)
                    #expect(sale.offline == true)
                    sales.append(sale)
                } catch let refusal as RPCError {
                    #expect(refusal.reason == "insufficient_funds", "\(refusal)")
                    break
                }
            }
        }
        return sales
    }

    /// One wallet spent offline at two locations, each up to what it knew: applied in the log's
    /// order the wallet pays what its rule allows, the rest is on `offline:risk`, flagged
    /// `short_wallet`, listed by `sale.risks` and the month report, and every replica agrees.
    @Test func oneWalletSpentOfflineAtTwoNodesEndsAtItsLimitWithTheRestOnOfflineRisk() async throws {
        guard let site = try await CentralSite.make(nodes: ["loca", "locb"], tcp: true) else { return }
        defer { site.stop() }
        var proxies: [TCPProxy] = []
        var nodes: [DaemonProcess] = []
        defer { nodes.forEach { $0.stop() }; proxies.forEach { $0.stop() } }
        for name in ["loca", "locb"] {
            let proxy = try TCPProxy(upstreamPort: site.fixture.server.port)
            proxies.append(proxy)
            nodes.append(try DaemonProcess(demo: false, config: site.config(
                name, deadlineMilliseconds: 500, url: site.fixture.server.tcpURL(port: proxy.port), offline: Self.wideLimits)))
        }
        for node in nodes { try CentralSite.waitUntilOnline(node) }
        let number = "1001"
        let wallet = try site.headOffice.client().call("wallet.get", ClientRef(number: number), as: WalletInfo.self)
        proxies.forEach { $0.cut() }
        var spent: Int64 = 0
        var sales: [SaleResult] = []
        for (index, node) in nodes.enumerated() {
            let taken = try await onThread { try Self.spendOffline(node, client: number, prefix: "spend\(index)") }
            #expect(!taken.isEmpty)
            sales += taken
            spent += taken.reduce(0) { $0 + $1.total.minorUnits }
        }
        print("offline overspend: wallet \(wallet.balance.minorUnits), reserve \(wallet.reserve.minorUnits), sold offline \(spent) in \(sales.count) sales at two nodes")
        #expect(spent > wallet.balance.minorUnits, "together the nodes sold more than the wallet held")
        proxies.forEach { $0.pass() }
        for node in nodes { try await onThread { try CentralSite.waitUntilDrained(node) } }
        let head = try await site.logHead()
        for replica in nodes + [site.headOffice] { try await onThread { try CentralSite.waitUntilApplied(replica, head) } }

        let after = try site.headOffice.client().call("wallet.get", ClientRef(number: number), as: WalletInfo.self)
        #expect(after.balance.minorUnits >= 0)
        #expect(after.balance.minorUnits <= max(0, wallet.reserve.minorUnits), "coffee may use the wallet down to its reserve")
        let risks = try site.headOffice.client().call("sale.risks", SaleRisksParams(), as: SaleRisksResult.self).risks
            .filter { $0.clientNumber == number }
        #expect(!risks.isEmpty && risks.allSatisfy { $0.reason == "short_wallet" && $0.settlement == nil })
        let onRisk = risks.reduce(0) { $0 + $1.amount.minorUnits }
        // 1001 may pay coffee with own money up to a monthly cap: the rules as online.
        let paidByWallet = wallet.balance.minorUnits - after.balance.minorUnits
        let paidOwn = after.ownSpentThisMonth.minorUnits - wallet.ownSpentThisMonth.minorUnits
        #expect(paidByWallet + paidOwn + onRisk == spent,
                "every offline sale paid: by the wallet (\(paidByWallet)), own money (\(paidOwn)) or offline:risk (\(onRisk))")
        for replica in nodes {
            let there = try replica.client().call("wallet.get", ClientRef(number: number), as: WalletInfo.self)
            #expect(there.balance == after.balance, "every replica the same wallet")
            let verified = try TestSupport.pasjes(["central", "verify"], socket: replica.socketPath)
            #expect(verified.status == 0, "\(verified.all)")
        }
        let status = try TestSupport.pasjes(["central", "status", "--url", site.adminURL], socket: site.headOffice.socketPath).all
        #expect(status.contains("Offline-risico: \(risks.count) open"), "\(status)")
        let report = try TestSupport.pasjes(["month", "report", after.month], socket: site.headOffice.socketPath)
        #expect(report.all.contains("Offline-risico"), "\(report.all)")
        #expect(report.all.contains(risks[0].saleId), "the month report lists the flagged sales")

        // Settled by the organisation: off the open list, the risk account back by that much.
        let settled = try site.headOffice.client().call(
            "sale.settleRisk", SaleSettleRiskParams(idempotencyKey: "settle-1", saleId: risks[0].saleId, settlement: "organisation"),
            as: SaleSettleRiskResult.self)
        #expect(settled.amount == risks[0].amount)
        let open = try site.headOffice.client().call("sale.risks", SaleRisksParams(open: true), as: SaleRisksResult.self).risks
        #expect(!open.contains { $0.saleId == risks[0].saleId })
    }

    /// A card blocked at the head office while a location is offline: the location refuses it as
    /// soon as it is back, and the offline sales it made with the card before are flagged.
    @Test func aCardBlockedAtTheHeadOfficeWhileANodeIsOfflineStopsPayingThereOnceItIsBack() async throws {
        guard let site = try await CentralSite.make(nodes: ["loca"], tcp: true) else { return }
        defer { site.stop() }
        let (proxy, node) = try Self.nodeBehindProxy(site)
        defer { proxy.stop() }
        defer { node.stop() }
        try CentralSite.waitUntilOnline(node)
        let card = "04A22B1C"
        func byCard(_ key: String) -> SaleChargeParams {
            SaleChargeParams(idempotencyKey: key, counter: "restaurant", items: [SaleItem(product: "KOF", quantity: 1)],
                             cardUid: card, reason: "test")
        }
        let client = try RPCClient(socketPath: node.socketPath, readTimeoutMilliseconds: 15_000)
        proxy.cut()
        var offlineSales: [String] = []
        for round in 1...3 {
            let sale = try client.call("sale.charge", byCard("card-off-\(round)"), as: SaleResult.self)
            #expect(sale.offline == true)
            offlineSales.append(sale.saleId)
        }
        _ = try site.headOffice.client().callRaw("card.block", CardBlockParams(uid: card, reason: "verloren tijdens storing"))
        let blockedAt = try await site.logHead()
        proxy.pass()
        // From the moment it applied the block (before or while it drains), the card never pays.
        try await onThread { try CentralSite.waitUntilApplied(node, blockedAt) }
        let refused = Self.outcome { _ = try client.call("sale.charge", byCard("card-after"), as: SaleResult.self) }
        #expect(refused == "card_blocked")
        try await onThread { try CentralSite.waitUntilDrained(node) }
        let head = try await site.logHead()
        try await onThread { try CentralSite.waitUntilApplied(site.headOffice, head) }
        let risks = try site.headOffice.client().call("sale.risks", SaleRisksParams(), as: SaleRisksResult.self).risks
        #expect(Set(risks.map(\.saleId)) == Set(offlineSales), "the sales made with it offline are flagged")
        #expect(risks.allSatisfy { $0.reason == "card_blocked" && $0.node == "loca" }, "\(risks)")
        #expect(try await site.entries(withKey: "card-after") == 0)
        let verified = try TestSupport.pasjes(["central", "verify"], socket: node.socketPath)
        #expect(verified.status == 0, "\(verified.all)")
    }

    /// A node whose login the central refuses (a revoked node) is not offline: it raises the
    /// alarm in its log and sells nothing until it is let in again.
    @Test func aNodeWhoseLoginIsRefusedRaisesTheAlarmAndDoesNotSellOffline() async throws {
        guard let site = try await CentralSite.make(nodes: ["loca"]) else { return }
        defer { site.stop() }
        let node = try DaemonProcess(demo: false, config: site.config(
            "loca", deadlineMilliseconds: 500, offline: CentralSite.offlineLimits))
        defer { node.stop() }
        try await onThread { try CentralSite.waitUntilOnline(node) }
        let client = try RPCClient(socketPath: node.socketPath, readTimeoutMilliseconds: 15_000)
        _ = try client.call("sale.charge", Self.coffees("before"), as: SaleResult.self)
        let revoked = try await site.fixture.server.psql("""
            ALTER ROLE pasjes_node_loca PASSWORD 'ingetrokken';
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = 'pasjes_node_loca';
            """)
        #expect(revoked.status == 0, "\(revoked.output)")
        var outcomes: [String] = []
        for round in 1...5 {
            outcomes.append(Self.outcome {
                let sale = try client.call("sale.charge", Self.coffees("revoked-\(round)"), as: SaleResult.self)
                if sale.offline == true { throw TestError("sold offline") }
            })
            usleep(300_000)
        }
        #expect(outcomes.allSatisfy { ["central_refused", "central_unknown"].contains($0) }, "\(outcomes)\n\(node.log.suffix(4_000))")
        #expect(try CentralSite.sync(node)?.state != "offline")
        #expect(try CentralSite.sync(node)?.queuedCount == 0)
        #expect(node.log.contains("the organisation's log refuses this node"), "\(node.log.suffix(2_000))")
        for round in 1...5 { #expect(try await site.entries(withKey: "revoked-\(round)") == 0) }
    }

    /// A node cut off and revoked while it was: once its line is back the log answers, with a
    /// refusal, so the node is no longer offline and sells nothing; what it sold offline stays
    /// queued for when it is let in again.
    @Test func aNodeRevokedWhileCutOffStopsSellingOfflineOnceTheLogRefusesIt() async throws {
        guard let site = try await CentralSite.make(nodes: ["loca"], tcp: true) else { return }
        defer { site.stop() }
        let (proxy, node) = try Self.nodeBehindProxy(site)
        defer { proxy.stop() }
        defer { node.stop() }
        try await onThread { try CentralSite.waitUntilOnline(node) }
        let client = try RPCClient(socketPath: node.socketPath, readTimeoutMilliseconds: 15_000)
        proxy.cut()
        #expect(try client.call("sale.charge", Self.coffees("cut-1"), as: SaleResult.self).offline == true)
        let revoked = try await site.fixture.server.psql("ALTER ROLE pasjes_node_loca PASSWORD 'ingetrokken'")
        #expect(revoked.status == 0, "\(revoked.output)")
        proxy.pass()
        // The puller asks every second; the refused login ends the offline state.
        try await onThread {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, try CentralSite.sync(node)?.state == "offline" { usleep(50_000) }
        }
        #expect(try CentralSite.sync(node)?.state != "offline", "\(node.log.suffix(2_000))")
        let after = Self.outcome {
            let sale = try client.call("sale.charge", Self.coffees("revoked-after"), as: SaleResult.self)
            if sale.offline == true { throw TestError("sold offline") }
        }
        #expect(["central_refused", "central_unknown"].contains(after), "\(after)")
        #expect(try CentralSite.sync(node)?.queuedCount == 1, "the sale made while cut off stays queued")
        #expect(node.log.contains("offline ends: the log answers and refuses this node"), "\(node.log.suffix(2_000))")
        #expect(try await site.entries(withKey: "cut-1") == 0)
    }
}
