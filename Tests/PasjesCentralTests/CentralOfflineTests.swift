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
        let proxy = try TCPProxy(upstreamPort: site.fixture.server.port)
        defer { proxy.stop() }
        let node = try DaemonProcess(demo: false, config: site.config(
            "loca", deadlineMilliseconds: 500, url: site.fixture.server.tcpURL(port: proxy.port), offline: CentralSite.offlineLimits))
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
        try CentralSite.waitUntilDrained(node)
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
        let verified = try TestSupport.pasjes(["central", "verify"], socket: node.socketPath)
        #expect(verified.status == 0, "\(verified.all)")
    }
}
