import Foundation
import PasjesCore
import PasjesDaemon
import PasjesMoney

extension CentralBench {
    /// Offline: a charge decided on replica + outbox against an online one at the same node;
    /// the time from the central's return to an empty outbox; the drain rate of a long queue.
    func offline(in folder: URL) throws {
        // Residents who each buy at this counter: an offline sale's overlay holds its own
        // resident's queued sales (and the newest), not everyone's.
        let residents = Self.offlineResidents
        let organisation = try BenchOrganisation.make(in: folder) { ledger in
            for number in 0..<residents {
                let client = String(8_000 + number)
                _ = try ledger.createClient(NewClient(number: client, name: "Bench \(client)", zzp: "VV5"), idempotencyKey: "c-\(client)")
                _ = try ledger.linkCard(uid: String(format: "0C%06X", number), clientNumber: client, idempotencyKey: "k-\(client)")
                _ = try ledger.allocate(clientNumber: client, month: Month(containing: Date()), amount: Amount(100_000_000),
                                        operator: .system, idempotencyKey: "a-\(client)")
            }
        }
        // Wide limits: the bench measures the decision and the drain, not the refusals.
        let limits = OfflineLimits(maxSale: 1_000_000, maxCardDay: 1_000_000_000, maxTotal: 1_000_000_000, maxAgeHours: 24)
        let member = try organisation.node("filiaal", offlineLimits: limits, deadlineMilliseconds: 500)
        defer { organisation.stop([member]) }
        let ledger = member.ledger
        let count = options.count
        let online = try measure("charge online, through PostgreSQL", threads: 1, perThread: count) { _, index in
            _ = try ledger.charge(LedgerBench.request, operator: .system, idempotencyKey: "online-\(index)")
        }

        // The central gone as in a crash: the first charge finds out, the rest are decided offline.
        try organisation.server.crash()
        let sales = offlineSales
        let offline = try measure("charge offline, \(residents) residents, outbox 0 → \(sales)", threads: 1, perThread: sales) { _, index in
            var request = LedgerBench.request
            request.payer = .card(uid: String(format: "0C%06X", index % residents))
            let sale = try ledger.charge(request, operator: .system, idempotencyKey: "offline-\(index)")
            guard sale.offline == true else { throw BenchError("sale \(index) was not decided offline") }
        }
        let worst = try measure("charge offline, one resident, outbox \(sales) → \(sales + 100)", threads: 1, perThread: 100) { _, index in
            let sale = try ledger.charge(LedgerBench.request, operator: .system, idempotencyKey: "offline-one-\(index)")
            guard sale.offline == true else { throw BenchError("sale \(index) was not decided offline") }
        }
        print("\n5. offline")
        print(online.line())
        print(offline.line())
        print(worst.line())
        print(String(format: "offline / online: p50 %.1f×, p99 %.1f× (the overlay re-executes the resident's own queued sales and the newest)",
                     offline.percentile(0.50) / online.percentile(0.50), offline.percentile(0.99) / online.percentile(0.99)))

        // Back: the puller notices (it asks every second) and forwards the outbox by itself.
        let puller = Task { try await member.node.run() }
        try organisation.server.startAgain()
        let back = DispatchTime.now().uptimeNanoseconds
        while try ledger.outboxSummary().count > 0 {
            guard DispatchTime.now().uptimeNanoseconds - back < 120_000_000_000 else { throw BenchError("the outbox did not drain") }
            usleep(5_000)
        }
        let emptied = Double(DispatchTime.now().uptimeNanoseconds - back) / 1e9
        print(String(format: "central back → outbox of %d empty: %.2f s (the puller asks every second)", sales + 100, emptied))
        // The drain below is the forwarder's alone.
        puller.cancel()
        _ = try? waitForTask { try await puller.value }

        // A long queue: decided offline in groups of 500 (one overlay each), then forwarded.
        let total = drain
        var queued = 0
        let fill = try Rate.of(total) {
            while queued < total {
                let group = min(Ledger.maxOutboxBatch, total - queued)
                let requests = (0..<group).map { offset in
                    (request: LedgerBench.request, operator: Operator.system, idempotencyKey: "queued-\(queued + offset)")
                }
                for result in try ledger.chargeOffline(requests, limits: limits) { _ = try result.get() }
                queued += group
            }
        }
        let forwarded = try Rate.of(total) { try member.node.forwardOutbox() }
        guard try ledger.outboxSummary().count == 0 else { throw BenchError("the outbox is not empty after the drain") }
        print(String(format: "queue %d offline in groups of 500: %.0f/s (%.0f µs CPU each)", total, fill.perSecond, fill.cpuMicrosecondsEach))
        print(String(format: "drain %d: %.0f entries/s (%.0f µs CPU each; goal ≥ 5,000/s): appended and applied in pages of 500",
                     total, forwarded.perSecond, forwarded.cpuMicrosecondsEach))
    }

    /// Residents the offline section's sales rotate over.
    static let offlineResidents = 50
}
