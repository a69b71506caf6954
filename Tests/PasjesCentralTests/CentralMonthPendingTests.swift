import Foundation
import PasjesCentral
@testable import PasjesCore
import PasjesDaemon
import PasjesMoney
import Synchronization
import Testing

/// A month close at the head office waits for a location that sold in the month and has not
/// been in contact since it ended: that location may still hold offline sales of the month.
@Suite(.serialized) struct CentralMonthPendingTests {
    @Test func aLocationThatSoldInTheMonthAndWasNotHeardOfSinceHoldsTheClose() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pasjes-pending-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (log, _) = try await fixture.node("hq")
        _ = try await fixture.node("loca")
        _ = try await fixture.node("locb")
        let november = Month(year: 2026, month: 11)
        // The head office's ledger, on 20 November (its clock injected), with a sale location
        // `loca` made that day (as the log hands it over) and none of `locb`.
        let soldAt = november.start.addingTimeInterval(19 * 86_400 + 10 * 3_600)
        let ledger = try Ledger(path: folder.appendingPathComponent("hq.sqlite").path,
                                setup: Ledger.Setup(policy: TestPolicy.policy), clock: { soldAt }, node: "hq")
        _ = try ledger.createCounter(Counter(id: "restaurant", name: "Restaurant", categories: [.facilitair]))
        _ = try ledger.createProduct(Product(code: "KOF", name: "Koffie", price: Amount(120), category: .facilitair,
                                             attributable: true, influenceable: true))
        _ = try ledger.createClient(NewClient(number: "1001", name: "Cliënt 1001", zzp: "VV5"), idempotencyKey: "c-1001")
        _ = try ledger.allocate(clientNumber: "1001", month: november, amount: Amount(6_000),
                                operator: Operator(uid: 0, name: "root"), idempotencyKey: "a-1001")
        let command = SaleCharge(
            request: ChargeRequest(counterID: "restaurant", payer: .client(number: "1001"),
                                   items: [ChargeItem(productCode: "KOF", quantity: 1)], reason: "test"),
            operator: Operator(uid: 1001, name: "kassa1"), key: "loca-coffee")
        let sale = JournalEntry(seq: 0, origin: "loca", originSeq: 1, createdAt: Ledger.timestamp(soldAt), operatorUID: 1001,
                                operatorName: "kassa1", counterID: "restaurant", kind: SaleCharge.kind, version: 1,
                                idempotencyKey: "loca-coffee", command: try CanonicalJSON.encode(command), result: "{}",
                                previousHash: "", hash: "")
        _ = try ledger.apply(foreign: [sale])
        _ = try await CentralAdmin.seed(url: fixture.server.adminURL, logger: quietLogger) { after in
            try ledger.entries(after: after, limit: Ledger.maxReplicaBatch).map(CentralEntry.init(seeding:))
        }
        let node = CentralNode(ledger: ledger, log: log, logger: quietLogger)
        try await onThread { try node.start() }

        func pending() async throws -> [String] {
            try await onThread { try node.locationsPending(for: november).map(\.node) }
        }
        #expect(try await pending() == ["loca"], "never heard of since it sold")
        // The month ended at 2026-11-30 23:00 UTC (midnight in Amsterdam).
        _ = try await fixture.server.psql("UPDATE pasjes.nodes SET last_contact = '2026-11-30 22:59:00+00' WHERE name = 'loca'")
        #expect(try await pending() == ["loca"], "last heard of before the month ended")
        _ = try await fixture.server.psql("UPDATE pasjes.nodes SET last_contact = '2026-11-30 23:01:00+00' WHERE name = 'loca'")
        #expect(try await pending().isEmpty, "in contact after the month ended: everything it sold offline has come")
        #expect(try await onThread { try node.locationsPending(for: november.next) }.isEmpty, "nobody sold in December")
        await log.close()
    }
}
