import Foundation
import PasjesProtocol

/// One protocol method, declared once next to its feature: the least role it needs, whether it
/// books (then the caller's groups are looked up again first), and its handler.
struct Route: Sendable {
    let method: Method
    let leastRole: Role
    let books: Bool
    /// A whole-ledger job (verify, month close): bounded by `slow_request_timeout_ms`, not by the
    /// request timeout meant for a cashier's request.
    let slow: Bool
    /// Every integer field of the params with its range: checked before decoding, and a number
    /// anywhere else is refused (see `WireIntegerCheck`).
    let integers: [WireInteger]
    /// The params type, for tests that compare `integers` with its fields.
    let params: any (Decodable & Sendable).Type
    let handler: @Sendable (Dispatcher, JSONValue?, Session) async throws -> Data

    /// A route whose params decode as `P` (absent params as `{}`) and whose result is encoded
    /// as sorted-key JSON. `peer` is the caller as looked up for this request.
    init<P: Decodable & Sendable, R: Encodable & Sendable>(
        _ method: Method, _ leastRole: Role, books: Bool = false, slow: Bool = false, _ params: P.Type,
        integers: [WireInteger] = [], _ body: @escaping @Sendable (Dispatcher, P, Peer, Session) async throws -> R
    ) {
        self.method = method
        self.leastRole = leastRole
        self.books = books
        self.slow = slow
        self.integers = integers
        self.params = params
        handler = { dispatcher, json, session in
            try WireIntegerCheck.check(json, integers)
            let decoded = try Dispatcher.decode(P.self, json)
            return try Route.encode(try await body(dispatcher, decoded, session.peer, session))
        }
    }

    static func encode(_ value: some Encodable) throws -> Data {
        // Sorted keys: stable output for people reading socat sessions and for diffs.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}

extension Dispatcher {
    /// Every method's route, by method. Each feature file declares its own list.
    static let routes: [Method: Route] = {
        let all = counterRoutes + adminRoutes + cardRoutes + budgetRoutes + monthRoutes + budgetFormRoutes
            + arrangementRoutes
            + activityRoutes + importRoutes + allocateAllRoutes + centralRoutes + offlineRiskRoutes
        let table = Dictionary(all.map { ($0.method, $0) }, uniquingKeysWith: { first, _ in
            preconditionFailure("\(first.method.rawValue) is declared twice")
        })
        precondition(table.count == Method.allCases.count, "every method has a route")
        return table
    }()
}
