import Foundation
import Logging
import NIOCore
import NIOPosix
import PasjesCore
import PasjesMoney
import PasjesProtocol

/// Turns one request into one reply: checks the role, decodes params, calls the ledger.
///
/// Ledger calls block on SQLite, so they run on a thread pool, never on an event loop or the
/// cooperative pool (which has one thread per core here: two).
struct Dispatcher: Sendable {
    let ledger: Ledger
    let configuration: DaemonConfiguration
    let committer: GroupCommitter
    let hub: EventHub
    let tokens: TapTokens
    /// Imports being staged in pages (`import.begin` … `import.commit`).
    let imports: ImportStaging
    let readers: ReaderBoard
    let threadPool: NIOThreadPool
    let logger: Logger
    let refusals: RefusalLog
    /// The wall clock of the ledger and the monotonic clock of timers (see `DaemonClock`).
    let clock: DaemonClock
    /// When the daemon started, on the monotonic clock: uptime survives a wall-clock jump.
    let startedUptimeNanoseconds: UInt64
    /// Warns when the wall clock jumps; checked before every write.
    let clockWatch: ClockJumpWatch
    /// The free space of the ledger's filesystem (`system.info`, the low-space warning).
    let storage: StorageWatch
    let version: String
    /// This pasjesd as a node of several locations (`[central]`); nil when embedded.
    var central: CentralNode? = nil

    /// The least role each method needs; finer checks (own sales, tap tokens) come after.
    static func requiredRole(_ method: Method) -> Role {
        routes[method]?.leastRole ?? .admin
    }

    /// Whether a method books or changes something: the peer's groups are looked up again first.
    static func isWrite(_ method: Method) -> Bool {
        routes[method]?.books ?? true
    }

    /// How long `method` may take before the caller hears `unavailable`.
    func timeoutMilliseconds(_ method: Method) -> Int {
        Dispatcher.routes[method]?.slow == true
            ? configuration.slowRequestTimeoutMilliseconds : configuration.requestTimeoutMilliseconds
    }

    /// A `forbidden` error for `peer`, logged (rate-limited) with uid and counter.
    func refuse(_ method: Method, _ peer: Peer, counter: String? = nil, _ detail: String) -> RPCError {
        refusals.refused(method.rawValue, peer: peer, counter: counter, detail: detail)
        return RPCError.forbidden(detail)
    }

    /// Refuses unless `peer` may work `counter` (see `[counter_access]`).
    func requireCounter(_ counter: String, _ method: Method, _ peer: Peer) throws {
        guard peer.mayWork(counter) else {
            throw refuse(method, peer, counter: counter, "\(peer.user) may not work counter \(counter) ([counter_access])")
        }
    }

    /// Runs a blocking ledger call on the pool and turns ledger errors into wire errors.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await threadPool.runIfActive(body)
        } catch let error as LedgerError {
            throw RPCError(error)
        }
    }

    /// Decodes `params` as `P`; absent params decode as an empty object. Read from the parsed
    /// params, not encoded and parsed again (see `ParamsDecoder`).
    static func decode<P: Decodable>(_ type: P.Type, _ params: JSONValue?) throws -> P {
        do {
            return try ParamsDecoder.decode(P.self, from: params ?? .object([:]))
        } catch let error as DecodingError {
            throw RPCError.invalidParams(Self.describe(error))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case .typeMismatch(_, let context): return "wrong type at \(path(context))"
        case .valueNotFound(_, let context): return "missing value at \(path(context))"
        case .dataCorrupted(let context): return "invalid value at \(path(context))"
        @unknown default: return "invalid params"
        }
    }

    /// Handles one request; the reply is the JSON of the result.
    func handle(_ method: Method, params: JSONValue?, session: Session) async throws -> Data {
        let peer = session.peer
        guard peer.role >= Dispatcher.requiredRole(method) else {
            throw refuse(method, peer, "\(method.rawValue) needs role \(Dispatcher.requiredRole(method).rawValue)")
        }
        try ParamsHygiene.check(params)
        guard let route = Dispatcher.routes[method] else { throw RPCError.methodNotFound(method.rawValue) }
        return try await route.handler(self, LookupKeys.trimmed(params), session)
    }
}
