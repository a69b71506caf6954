import Foundation
import PasjesProtocol

/// What a request in flight was, so its answer can be turned into the right event.
public enum RequestKind: Equatable, Sendable {
    case counters
    case products
    case systemInfo
    case subscribe
    /// A charge with this idempotency key.
    case charge(key: String)
    /// A reversal with this idempotency key.
    case reverse(key: String)
    case sessions
    case roster
    /// A booking or check-in with this idempotency key.
    case booking(key: String)
    /// A cancellation with this idempotency key.
    case cancellation(key: String)
}

// Result shapes of list methods. PasjesProtocol names the params but not these wrappers.

/// `counter.list` result.
struct CounterListResult: Decodable { var counters: [CounterInfo] }
/// `product.list` result.
struct ProductListResult: Decodable { var products: [ProductInfo] }
/// `subscribe` result; unknown topic names are skipped rather than failing the whole answer.
struct SubscribeResult: Decodable { var subscribed: [String] }

/// Encodes commands as request lines and decodes lines from pasjesd into events. Pure.
public enum KassaWire {
    /// The request line for `command` with `id`, and what to expect back; nil for commands that
    /// are not requests (`resetConnection`, `quit`).
    public static func encode(_ command: KassaCommand, id: Int64) -> (kind: RequestKind, line: [UInt8])? {
        let rpcID = RPCID.number(id)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func line<P: Encodable & Sendable>(_ method: Method, _ params: P) -> [UInt8]? {
            (try? encoder.encode(RPCRequest(id: rpcID, method: method.rawValue, params: params))).map(Array.init)
        }
        let result: (RequestKind, [UInt8]?)
        switch command {
        case .loadCounters: result = (.counters, line(.counterList, NoParams()))
        case .loadSystemInfo: result = (.systemInfo, line(.systemInfo, NoParams()))
        case .loadProducts(let counter): result = (.products, line(.productList, ProductListParams(counter: counter)))
        case .subscribe(let topics, let counter):
            result = (.subscribe, line(.subscribe, SubscribeParams(topics: topics, counter: counter)))
        case .charge(let request): result = (.charge(key: request.idempotencyKey), line(.saleCharge, request.params))
        case .reverse(let request): result = (.reverse(key: request.idempotencyKey), line(.saleReverse, request.params))
        case .loadSessions(let day, let counter, let offset):
            result = (.sessions, line(.activitySessions, ActivitySessionsParams(from: day, to: day, counter: counter,
                                                                                 offset: offset)))
        case .loadRoster(let session, let offset):
            result = (.roster, line(.activityRoster, ActivitySessionParams(session: session, offset: offset == 0 ? nil : offset)))
        case .desk(let request):
            let kind: RequestKind = request.action == .cancel
                ? .cancellation(key: request.idempotencyKey) : .booking(key: request.idempotencyKey)
            result = (kind, line(request.method, request.params))
        case .resetConnection, .quit: return nil
        }
        guard let bytes = result.1 else { return nil }
        return (result.0, bytes)
    }

    /// The event for one line from pasjesd, or nil when it means nothing to the kassa.
    ///
    /// `kindFor` returns (and forgets) what the request with that id was.
    public static func decode(_ line: [UInt8], kindFor: (RPCID) -> RequestKind?) -> KassaEvent? {
        let data = Data(line)
        let decoder = JSONDecoder()
        guard case .object(let fields)? = try? decoder.decode(JSONValue.self, from: data) else { return nil }
        if fields["id"] == nil || fields["id"] == .null, fields["method"] != nil {
            guard let note = try? decoder.decode(RPCRequestEnvelope.self, from: data) else { return nil }
            return notification(note)
        }
        guard let response = try? decoder.decode(RPCResponseEnvelope.self, from: data),
              let id = response.id, let kind = kindFor(id) else { return nil }
        return .reply(reply(kind, response))
    }

    private static func notification(_ note: RPCRequestEnvelope) -> KassaEvent? {
        guard let topic = EventTopic(rawValue: note.method), let params = note.params else { return nil }
        switch topic {
        case .cardTapped: return convert(params, to: CardTappedEvent.self).map(KassaEvent.tap)
        case .readerChanged: return convert(params, to: ReaderChangedEvent.self).map(KassaEvent.readerChanged)
        case .saleCompleted: return convert(params, to: SaleResult.self).map(KassaEvent.saleCompleted)
        case .saleReversed: return convert(params, to: ReversalResult.self).map(KassaEvent.saleReversed)
        case .cardSuspect: return nil  // an admin's event; the counter hears card_not_genuine in card.tapped
        case .activityChanged: return convert(params, to: ActivityChangedEvent.self).map(KassaEvent.activityChanged)
        case .syncChanged: return convert(params, to: SyncInfo.self).map(KassaEvent.syncChanged)
        }
    }

    private static func reply(_ kind: RequestKind, _ response: RPCResponseEnvelope) -> KassaReply {
        func result<T: Decodable>(_ type: T.Type) -> Result<T, RPCError> {
            if let error = response.error { return .failure(error) }
            guard let value = convert(response.result ?? .null, to: type) else {
                return .failure(RPCError(code: RPCError.Code.internalError,
                                         message: "Antwoord van pasjesd niet te lezen", reason: "bad_reply"))
            }
            return .success(value)
        }
        switch kind {
        case .counters: return .counters(result(CounterListResult.self).map(\.counters))
        case .products: return .products(result(ProductListResult.self).map(\.products))
        case .systemInfo: return .systemInfo(result(SystemInfo.self))
        case .subscribe: return .subscribed(result(SubscribeResult.self).map { $0.subscribed.compactMap(EventTopic.init) })
        case .charge(let key): return .charge(key: key, result(SaleResult.self))
        case .reverse(let key): return .reverse(key: key, result(ReversalResult.self))
        case .sessions: return .sessions(result(SessionListResult.self))
        case .roster: return .roster(result(RosterResult.self))
        case .booking(let key): return .booking(key: key, result(BookingInfo.self))
        case .cancellation(let key): return .cancellation(key: key, result(ActivityCancelResult.self))
        }
    }

    private static func convert<T: Decodable>(_ value: JSONValue, to type: T.Type) -> T? {
        guard let data = try? JSONEncoder().encode(value) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }
}

/// How long to wait before reconnect attempt `attempt`: 100 ms doubling, capped at 2 s.
public enum ReconnectBackoff {
    /// The cap: a cashier should never wait longer than this for the screen to try again.
    public static let maxMilliseconds = 2_000

    /// The delay before attempt `attempt` (0-based).
    public static func delayMilliseconds(attempt: Int) -> Int {
        guard attempt > 0 else { return 0 }
        let shift = min(attempt - 1, 10)
        return min(maxMilliseconds, 100 << shift)
    }
}
