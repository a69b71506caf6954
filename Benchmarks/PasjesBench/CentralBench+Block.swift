import Foundation
import PasjesCore

extension CentralBench {
    /// The head office blocks a card; another node's puller (LISTEN, poll as fallback) applies
    /// it: the time from the head office's answer until that node's ledger shows the card blocked.
    func blockPropagation(in folder: URL) throws {
        let organisation = try BenchOrganisation.make(in: folder)
        let other = try organisation.node("locb")
        defer { organisation.stop([other]) }
        let puller = Task { try await other.node.run() }
        defer { puller.cancel() }
        // The puller's LISTEN is set up after its first catch-up: give it that moment.
        Thread.sleep(forTimeInterval: 1)
        let headOffice = organisation.headOffice.ledger
        let uid = "0B0B0B0B"
        var (sinceAnswer, sinceCall): ([UInt64], [UInt64]) = ([], [])
        for round in 0..<rounds {
            let call = DispatchTime.now().uptimeNanoseconds
            _ = try headOffice.blockCard(uid: uid, reason: "bench \(round)")
            let answer = DispatchTime.now().uptimeNanoseconds
            sinceAnswer.append(try Self.nanoseconds(until: .blocked, of: uid, on: other.ledger))
            sinceCall.append(sinceAnswer[round] + answer - call)
            _ = try headOffice.unblockCard(uid: uid, reason: "bench \(round)")
            _ = try Self.nanoseconds(until: .active, of: uid, on: other.ledger)
        }
        let afterAnswer = Measurement(label: "block", latenciesNanoseconds: sinceAnswer, elapsedSeconds: 1)
        let afterCall = Measurement(label: "block", latenciesNanoseconds: sinceCall, elapsedSeconds: 1)
        print("\n4. block propagation: hoofd blocks a card, locb's puller applies it, \(rounds) rounds")
        print(String(format: "from hoofd's answer until locb shows it blocked: p50 %.1f ms, max %.1f ms (goal ≤ 2000 ms)",
                     afterAnswer.percentile(0.50), afterAnswer.maxMilliseconds))
        print(String(format: "from hoofd's call until locb shows it blocked:   p50 %.1f ms, max %.1f ms",
                     afterCall.percentile(0.50), afterCall.maxMilliseconds))
    }

    /// Polls `ledger` every millisecond until card `uid` is in `state`; the time it took.
    static func nanoseconds(until state: CardState, of uid: String, on ledger: Ledger) throws -> UInt64 {
        let start = DispatchTime.now().uptimeNanoseconds
        while try ledger.card(uid: uid).state != state {
            guard DispatchTime.now().uptimeNanoseconds - start < 10_000_000_000 else {
                throw BenchError("card \(uid) not \(state.rawValue) on \(ledger.nodeID) after 10 s")
            }
            Thread.sleep(forTimeInterval: 0.001)
        }
        return DispatchTime.now().uptimeNanoseconds - start
    }
}
