import Foundation
import PasjesCore
import PasjesDaemon
import PasjesMoney
import Synchronization

extension CentralBench {
    /// `nodes` in-process nodes × `connections` threads charging for `seconds` against one
    /// PostgreSQL: three charges of four on the thread's own wallet, one on a wallet all share.
    func load(in folder: URL) throws {
        let threads = nodes * connections
        let organisation = try BenchOrganisation.make(in: folder) { ledger in
            for thread in 0..<threads {
                let number = "\(7_000 + thread)"
                _ = try ledger.createClient(NewClient(number: number, name: "Bench \(thread)", zzp: "VV5"), idempotencyKey: "c-\(number)")
                _ = try ledger.linkCard(uid: Self.loadCard(thread), clientNumber: number, idempotencyKey: "k-\(number)")
                _ = try ledger.allocate(clientNumber: number, month: Month(containing: Date()), amount: Amount(1_000_000_000),
                                        operator: .system, idempotencyKey: "a-\(number)")
            }
        }
        let members = try (1...nodes).map { try organisation.node(String(format: "loc%02d", $0)) }
        defer { organisation.stop(members) }
        let pullers = members.map { member in Task { try await member.node.run() } }
        defer { pullers.forEach { $0.cancel() } }

        let connections = self.connections
        let outcome = try chargeFor(seconds: seconds, threads: threads) { thread, index in
            let shared = index % 4 == 3
            let request = ChargeRequest(counterID: "restaurant", payer: .card(uid: shared ? "0B0B0B0B" : Self.loadCard(thread)),
                                        items: [ChargeItem(productCode: "KOF", quantity: 1)])
            _ = try members[thread / connections].ledger.charge(request, operator: .system, idempotencyKey: "load-\(thread)-\(index)")
            return shared
        }
        pullers.forEach { $0.cancel() }
        let headLog = organisation.headOffice.log
        let logHead = try waitForTask { try await headLog.head() }
        var equal = 0
        for member in members {
            try member.node.catchUp(to: .max)
            if try member.ledger.journalHead()?.hash == logHead.hash { equal += 1 }
        }
        let conflicts = members.reduce(0) { $0 + $1.proposer.conflicts.load(ordering: .relaxed) }

        print("\n3. \(nodes) nodes × \(connections) connections against one PostgreSQL, \(Int(seconds)) s "
              + "(3 of 4 charges on the thread's own wallet, 1 on one shared wallet)")
        print(outcome.all.line())
        print(outcome.distinct.line())
        print(outcome.shared.line())
        let refused = outcome.refusals.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("conflicts retried (decided again): \(conflicts); busy: \(outcome.refusals["busy"] ?? 0); "
              + "refusals: \(refused.isEmpty ? "none" : refused)")
        print("log head \(logHead.globalSeq); replicas at the log's head after catching up: \(equal) of \(members.count)")
    }

    /// The card of load thread `thread`'s own wallet.
    static func loadCard(_ thread: Int) -> String { String(format: "0C%06X", thread) }
}

/// What the load run's threads saw: latencies of the charges booked, by wallet, and refusals.
struct LoadOutcome {
    var all: Measurement
    var distinct: Measurement
    var shared: Measurement
    /// Refused charges by reason code.
    var refusals: [String: Int]
}

/// Runs `charge(thread, index)` in a loop on each of `threads` threads for `seconds`; `charge`
/// answers whether it charged the shared wallet. A refusal is counted and the loop goes on.
func chargeFor(seconds: Double, threads: Int, _ charge: @escaping @Sendable (Int, Int) throws -> Bool) throws -> LoadOutcome {
    let collected = Mutex<(distinct: [UInt64], shared: [UInt64], refusals: [String: Int])>(([], [], [:]))
    let group = DispatchGroup()
    let start = DispatchTime.now().uptimeNanoseconds
    let end = start + UInt64(seconds * 1e9)
    for thread in 0..<threads {
        group.enter()
        Thread {
            var (distinct, shared, refusals): ([UInt64], [UInt64], [String: Int]) = ([], [], [:])
            var index = 0
            while DispatchTime.now().uptimeNanoseconds < end {
                let before = DispatchTime.now().uptimeNanoseconds
                do {
                    let onShared = try charge(thread, index)
                    let took = DispatchTime.now().uptimeNanoseconds - before
                    if onShared { shared.append(took) } else { distinct.append(took) }
                } catch let error as LedgerError {
                    refusals[error.code, default: 0] += 1
                } catch {
                    refusals["\(error)", default: 0] += 1
                }
                index += 1
            }
            collected.withLock { all in
                all.distinct += distinct
                all.shared += shared
                all.refusals.merge(refusals, uniquingKeysWith: +)
            }
            group.leave()
        }.start()
    }
    group.wait()
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return collected.withLock { all in
        LoadOutcome(all: Measurement(label: "charges booked, all", latenciesNanoseconds: all.distinct + all.shared, elapsedSeconds: elapsed),
                    distinct: Measurement(label: "  on the thread's own wallet", latenciesNanoseconds: all.distinct, elapsedSeconds: elapsed),
                    shared: Measurement(label: "  on the shared wallet", latenciesNanoseconds: all.shared, elapsedSeconds: elapsed),
                    refusals: all.refusals)
    }
}
