import PasjesProtocol

/// "Bedoelt u 1002?" after a client number, counter or product code pasjesd does not know:
/// the known keys one typing mistake away (two for longer keys), asked only after the refusal.
enum NearMiss {
    /// `refusal` with the suggestion added to its message, or as it is when nothing is near.
    static func suggesting(_ refusal: RPCError, daemon: Daemon) -> RPCError {
        guard let asked = refusal.data?.detail?.split(separator: " ").first.map(String.init) else { return refusal }
        let known: [String]
        switch refusal.reason {
        case "client_unknown":
            known = (try? daemon.allPages(.clientList, as: ClientListResult.self, next: \.next, params: {
                ClientListParams(offset: $0)
            }, join: { $0.clients += $1.clients }).clients.map(\.number)) ?? []
        case "counter_unknown":
            known = (try? daemon.call(.counterList, NoParams(), as: CounterListResult.self).counters.map(\.id)) ?? []
        case "product_unknown":
            known = (try? daemon.call(.productList, ProductListParams(), as: ProductListResult.self).products.map(\.code)) ?? []
        default:
            return refusal
        }
        let near = nearest(asked, in: known)
        guard !near.isEmpty else { return refusal }
        var suggested = refusal
        suggested.message += " Bedoelt u \(near.joined(separator: " of "))?"
        return suggested
    }

    /// The known keys closest to `asked` (case aside), at most three, none farther than the limit.
    static func nearest(_ asked: String, in known: [String]) -> [String] {
        let typed = Array(asked.lowercased())
        let limit = typed.count <= 4 ? 1 : 2
        let scored = known.map { ($0, distance(typed, Array($0.lowercased()))) }.filter { $0.1 > 0 && $0.1 <= limit }
        guard let best = scored.map(\.1).min() else { return [] }
        return Array(scored.filter { $0.1 == best }.map(\.0).sorted().prefix(3))
    }

    /// Levenshtein distance: insertions, deletions and substitutions.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
