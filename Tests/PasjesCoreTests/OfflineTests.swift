import Foundation
import GRDB
import PasjesMoney
import Synchronization
import Testing
@testable import PasjesCore

/// A proposer whose log is out of reach: the fault a real PostgreSQL cannot be made to show on
/// the core's own (the daemon's tests cut a real line). It counts what was queued.
final class OfflineProposer: LedgerProposer, Sendable {
    let offlineLimits: OfflineLimits?
    let queuedCount = Atomic<Int>(0)
    init(limits: OfflineLimits?) { offlineLimits = limits }
    func propose(_ decision: Decision) throws -> JournalEntry { throw CentralOffline(sent: false) }
    func forwardOutbox() throws { throw CentralOffline(sent: false) }
    func queued() { queuedCount.add(1, ordering: .relaxed) }
}

/// An offline sale of another node (origin `loca`), as the log hands it to this ledger.
func offlineEntry(_ t: TestLedger, originSeq: Int64, client: String = "1001", uid: String? = nil,
                  items: [(String, Int64)], key: String) throws -> JournalEntry {
    var command = SaleCharge(
        request: ChargeRequest(counterID: "restaurant", payer: uid.map { .card(uid: $0) } ?? .client(number: client),
                               items: items.map { ChargeItem(productCode: $0.0, quantity: $0.1) },
                               reason: uid == nil ? "offline" : nil),
        operator: TestLedger.cashier, key: key)
    command.offline = OfflineCharge(clientNumber: client)
    return JournalEntry(seq: 0, origin: "loca", originSeq: originSeq,
                        createdAt: Ledger.timestamp(milliseconds: Ledger.milliseconds(t.clock.now)),
                        operatorUID: Int64(TestLedger.cashier.uid), operatorName: TestLedger.cashier.name,
                        counterID: "restaurant", kind: SaleCharge.kind, version: SaleCharge.version, idempotencyKey: key,
                        command: try CanonicalJSON.encode(command), result: #"{"receipt":true}"#, previousHash: "", hash: "")
}

@Suite struct OfflineTests {
    static let limits = OfflineLimits(maxSale: 1_500, maxCardDay: 2_500, maxTotal: 5_000, maxAgeHours: 24)

    static func coffees(_ count: Int64, key: String, uid: String = "04A22B1C") -> ChargeRequest {
        ChargeRequest(counterID: "restaurant", payer: .card(uid: uid), items: [ChargeItem(productCode: "KOF", quantity: count)])
    }

    static func refusal(_ body: () throws -> Void) -> String {
        do { try body(); return "ok" } catch let error as LedgerError { return error.code } catch { return "\(error)" }
    }

    /// Offline the rules are the ledger's own, on replica + outbox, plus the limits: per sale,
    /// per card per day, in total, and the age of the oldest queued entry (the clock injected).
    @Test func offlineSalesAreQueuedUnderEveryLimitAndDecidedOnReplicaPlusOutbox() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client("1001", uid: "04A22B1C", amount: 10_000)
        try t.client("1002", uid: "04B7C2D9", amount: 10_000)
        try t.client("1003", uid: "04C3D4E5", amount: 1_000)
        let proposer = OfflineProposer(limits: Self.limits)
        t.ledger.setProposer(proposer)
        let first = try t.ledger.charge(Self.coffees(10, key: "a"), operator: TestLedger.cashier, idempotencyKey: "a")
        #expect(first.offline == true && first.total.minorUnits == 1_200)
        // The balance is the overlay's: the replica has not changed.
        #expect(first.balance.minorUnits == 10_000 - 1_200)
        #expect(try t.ledger.wallet(clientNumber: "1001").balance.minorUnits == 10_000, "the replica is never written offline")
        let again = try t.ledger.charge(Self.coffees(10, key: "a"), operator: TestLedger.cashier, idempotencyKey: "a")
        #expect(again.saleID == first.saleID && again.offline == true, "a retry finds its entry in the outbox")
        #expect(try t.ledger.outboxSummary().count == 1)
        // The overlay holds only the queued entries a sale's streams meet, but a key is a key:
        // the same key for another resident's sale is a conflict, as online.
        #expect(Self.refusal { _ = try t.ledger.charge(Self.coffees(1, key: "a", uid: "04B7C2D9"), operator: TestLedger.cashier,
                                                       idempotencyKey: "a") } == "idempotency_conflict")
        // 13 coffees: more than max_sale.
        #expect(Self.refusal { _ = try t.ledger.charge(Self.coffees(13, key: "b"), operator: TestLedger.cashier, idempotencyKey: "b") }
                == "offline_limit")
        // Another 10 on the same card the same day: 2,400 > max_card_day 2,500 − 1,200.
        #expect(Self.refusal { _ = try t.ledger.charge(Self.coffees(11, key: "c"), operator: TestLedger.cashier, idempotencyKey: "c") }
                == "offline_limit")
        let second = try t.ledger.charge(Self.coffees(10, key: "d"), operator: TestLedger.cashier, idempotencyKey: "d")
        #expect(second.balance.minorUnits == 10_000 - 2_400, "decided on replica + outbox")
        #expect(second.saleID != first.saleID)
        // The overlay's rules: 1003's wallet of 1,000 (reserve 100) takes 7 coffees, not 8.
        #expect(Self.refusal { _ = try t.ledger.charge(Self.coffees(8, key: "e", uid: "04C3D4E5"), operator: TestLedger.cashier,
                                                       idempotencyKey: "e") } == "insufficient_funds")
        _ = try t.ledger.charge(Self.coffees(7, key: "f", uid: "04C3D4E5"), operator: TestLedger.cashier, idempotencyKey: "f")
        // In total 2,400 + 840 queued; 12 more coffees (1,440) would pass max_total 5,000 — then 2,000 would not.
        _ = try t.ledger.charge(Self.coffees(12, key: "g", uid: "04B7C2D9"), operator: TestLedger.cashier, idempotencyKey: "g")
        #expect(Self.refusal { _ = try t.ledger.charge(Self.coffees(10, key: "h", uid: "04B7C2D9"), operator: TestLedger.cashier,
                                                       idempotencyKey: "h") } == "offline_limit")
        // A day later the per-card limit starts again; past 24 hours of age, nothing more.
        t.clock.set(t.clock.now.addingTimeInterval(23 * 3600))
        _ = try t.ledger.charge(Self.coffees(1, key: "i"), operator: TestLedger.cashier, idempotencyKey: "i")
        t.clock.set(t.clock.now.addingTimeInterval(3600 + 1))
        let old = Self.refusal { _ = try t.ledger.charge(Self.coffees(1, key: "j"), operator: TestLedger.cashier, idempotencyKey: "j") }
        #expect(old == "offline_limit")
        let summary = try t.ledger.outboxSummary()
        #expect(summary.count == 5 && summary.amount == 1_200 + 1_200 + 840 + 1_440 + 120)
        #expect(proposer.queuedCount.load(ordering: .relaxed) == 5)
        let queued = try t.ledger.outbox()
        #expect(queued.map(\.entry.originSeq) == Array((queued[0].entry.originSeq)...(queued[0].entry.originSeq + 4)),
                "contiguous, in decision order")
        #expect(queued.allSatisfy { $0.offline && $0.reads.isEmpty && $0.entry.command.contains("\"offline\"") })
        // Anything but a sale is refused offline.
        #expect(Self.refusal { _ = try t.ledger.blockCard(uid: "04A22B1C", reason: "x") }
                == "central_unavailable")
    }

    /// Without `[offline]` limits a node refuses a sale when the log does not answer.
    @Test func withoutLimitsAnOfflineNodeRefuses() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client()
        t.ledger.setProposer(OfflineProposer(limits: nil))
        #expect(Self.refusal { _ = try t.ledger.charge(Self.coffees(1, key: "a"), operator: TestLedger.cashier, idempotencyKey: "a") }
                == "central_unavailable")
        #expect(try t.ledger.outboxSummary().count == 0)
    }

    /// Applied from the log, an offline sale is never refused: what the wallet may not pay goes
    /// to `offline:risk` (never own money), flagged; a card blocked meanwhile puts it all there;
    /// the journal keeps the origin's receipt (the chain stays the log's) and verify is clean.
    @Test func anOfflineSaleAppliedOnAShortWalletPutsTheRestOnOfflineRisk() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client("1001", uid: "04A22B1C", amount: 1_000)
        try t.client("1002", uid: "04B7C2D9", amount: 1_000)
        _ = try t.ledger.blockCard(uid: "04B7C2D9", reason: "verloren")
        let short = try offlineEntry(t, originSeq: 1, client: "1001", items: [("KOF", 10)], key: "off-1")
        let blocked = try offlineEntry(t, originSeq: 2, client: "1002", uid: "04B7C2D9", items: [("KOF", 2)], key: "off-2")
        let report = try t.ledger.apply(foreign: [short, blocked])
        #expect(report.applied == 2 && report.divergences.isEmpty)
        let risks = try t.ledger.offlineRisks()
        let byClient = Dictionary(uniqueKeysWithValues: risks.map { ($0.clientNumber, $0) })
        // 1,000 with a reserve of 100: coffee may take 900; 1,200 − 900 = 300 on offline:risk.
        #expect(byClient["1001"]?.amount.minorUnits == 300 && byClient["1001"]?.reason == "short_wallet")
        #expect(try t.ledger.wallet(clientNumber: "1001").balance.minorUnits == 100)
        #expect(byClient["1002"]?.amount.minorUnits == 240 && byClient["1002"]?.reason == "card_blocked")
        #expect(try t.ledger.wallet(clientNumber: "1002").balance.minorUnits == 1_000)
        let journaled = try t.ledger.entries(after: 0, limit: 500).filter { $0.origin == "loca" }
        #expect(journaled.allSatisfy { $0.result == #"{"receipt":true}"# }, "the receipt is journaled, not the applied result")
        let verify = try t.ledger.verify()
        #expect(verify.problems.isEmpty, "\(verify.problems)")
        let month = try t.ledger.monthReport(Month(containing: t.clock.now))
        #expect(month.tieOut.checks.allSatisfy { $0.difference == .zero }, "\(month.tieOut.checks)")
        #expect(month.clients.first { $0.number == "1001" }?.offlineRisk?.minorUnits == 300)

        // Settled: the wallet is short, so the organisation bears it; the month still ties out.
        #expect(Self.refusal { _ = try t.ledger.settleRisk(saleID: byClient["1001"]!.saleID, settlement: .wallet,
                                                            operator: TestLedger.admin, idempotencyKey: "s1") } == "insufficient_funds")
        _ = try t.ledger.settleRisk(saleID: byClient["1001"]!.saleID, settlement: .organisation, operator: TestLedger.admin,
                                    idempotencyKey: "s2")
        #expect(Self.refusal { _ = try t.ledger.settleRisk(saleID: byClient["1001"]!.saleID, settlement: .organisation,
                                                            operator: TestLedger.admin, idempotencyKey: "s3") } == "risk_settled")
        let retry = try t.ledger.settleRisk(saleID: byClient["1001"]!.saleID, settlement: .organisation,
                                            operator: TestLedger.admin, idempotencyKey: "s2")
        #expect(retry.replayed)
        _ = try t.ledger.settleRisk(saleID: byClient["1002"]!.saleID, settlement: .wallet, operator: TestLedger.admin,
                                    idempotencyKey: "s4")
        #expect(try t.ledger.wallet(clientNumber: "1002").balance.minorUnits == 1_000 - 240)
        #expect(try t.ledger.offlineRisks().allSatisfy { $0.settlement != nil })
        #expect(try t.ledger.verify().problems.isEmpty)
        let after = try t.ledger.monthReport(Month(containing: t.clock.now))
        #expect(after.tieOut.checks.allSatisfy { $0.difference == .zero }, "\(after.tieOut.checks)")
    }

    /// An offline sale that reaches the log after its month was closed is booked in the open
    /// month; the sale keeps its real time.
    @Test func anOfflineSaleAfterItsMonthClosedIsBookedInTheOpenMonth() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client("1001", uid: "04A22B1C", amount: 5_000)
        let late = try offlineEntry(t, originSeq: 1, client: "1001", items: [("KOF", 1)], key: "late")
        t.clock.set(TestLedger.utc("2026-12-01T09:00:00Z"))
        _ = try t.ledger.closeMonth(Month(year: 2026, month: 11), operator: TestLedger.admin, idempotencyKey: "close-11")
        _ = try t.ledger.apply(foreign: [late])
        let sale = try #require(try t.ledger.read { db in
            try Row.fetchOne(db, sql: "SELECT month, created_at FROM sales WHERE id = (SELECT MAX(id) FROM sales)")
        })
        #expect(sale["month"] as String == "2026-12")
        #expect((sale["created_at"] as String).hasPrefix("2026-11-15"))
        #expect(try t.ledger.verify().problems.isEmpty)
    }

    /// Offline a cashier may undo a sale of this location's own queue (not one the log has):
    /// the reversal queues behind the sale, and applied from the log in that order (as the
    /// forwarder brings them) both leave the outbox and the wallet is as before.
    @Test func anOfflineSaleCanBeReversedOfflineAndBothApplyInOrder() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client("1001", uid: "04A22B1C", amount: 10_000)
        let online = try t.ledger.charge(Self.coffees(1, key: "online"), operator: TestLedger.cashier, idempotencyKey: "online")
        t.ledger.setProposer(OfflineProposer(limits: Self.limits))
        let sale = try t.ledger.charge(Self.coffees(2, key: "sale"), operator: TestLedger.cashier, idempotencyKey: "sale")
        #expect(try t.ledger.queuedSale(id: sale.saleID)?.total.minorUnits == 240)
        let reversal = try t.ledger.reverse(saleID: sale.saleID, operator: TestLedger.cashier, reason: "dubbel", idempotencyKey: "undo")
        #expect(reversal.refundedToWallet.minorUnits == 240)
        #expect(Self.refusal { _ = try t.ledger.reverse(saleID: online.saleID, operator: TestLedger.cashier, idempotencyKey: "undo-2") }
                == "central_unavailable", "a sale the log has is reversed through the log")
        let queued = try t.ledger.outbox()
        #expect(queued.map(\.entry.kind) == ["sale.charge", "sale.reverse"])
        // The forwarder's work, without PostgreSQL: the log hands the entries back in order.
        t.ledger.setProposer(nil)
        let report = try t.ledger.apply(foreign: queued.map(\.entry))
        #expect(report.applied == 2)
        #expect(try t.ledger.outboxSummary().count == 0, "applied from the log, they leave the outbox")
        #expect(try t.ledger.wallet(clientNumber: "1001").balance.minorUnits == 10_000 - 120, "the sale and its reversal, once each")
        #expect(try t.ledger.verify().problems.isEmpty)
    }
}
