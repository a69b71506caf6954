import Foundation

/// A synchronous JSON-RPC client for one connection: send a request, wait for its answer.
///
/// Notifications that arrive while waiting (after `subscribe`) are handed to `onNotification`.
public final class RPCClient: @unchecked Sendable {
    private let socket: LineSocket
    private var nextID: Int64 = 1
    private let lock = NSLock()
    /// Called with every notification line read while waiting for a response.
    public var onNotification: (@Sendable (RPCRequestEnvelope) -> Void)?

    /// Connects to pasjesd at `socketPath`.
    public init(socketPath: String, readTimeoutMilliseconds: Int = 30_000) throws(ConnectionError) {
        socket = try LineSocket(path: socketPath)
        socket.setReadTimeout(milliseconds: readTimeoutMilliseconds)
    }

    /// Calls `method` with `params` and decodes its result as `Result`.
    ///
    /// Throws `RPCError` when the daemon refuses, `ConnectionError` when it cannot be reached.
    public func call<Params: Encodable & Sendable, Result: Decodable>(
        _ method: String, _ params: Params, as: Result.Type = Result.self
    ) throws -> Result {
        let value = try callRaw(method, params)
        return try JSONDecoder().decode(Result.self, from: JSONEncoder().encode(value))
    }

    /// Calls `method` and returns the raw result.
    public func callRaw<Params: Encodable & Sendable>(_ method: String, _ params: Params) throws -> JSONValue {
        lock.lock()
        defer { lock.unlock() }
        let id = RPCID.number(nextID)
        nextID += 1
        let line = try JSONEncoder().encode(RPCRequest(id: id, method: method, params: params))
        try socket.writeLine(Array(line))
        while true {
            guard let reply = try socket.readLine() else {
                throw ConnectionError("pasjesd closed the connection")
            }
            let data = Data(reply)
            // Read once as a reply or a notification: reading the line as a JSON value first, to
            // tell which, cost as much again (a number in a `JSONValue` is found by failing to
            // read it as a string and a bool first). A line that does not read so goes the way it
            // always went: not JSON throws, another JSON value is skipped, a notification is
            // handed on if it reads as one, a bad reply throws.
            let incoming = try? JSONDecoder().decode(IncomingLine.self, from: data)
            let isNotification: Bool
            if let incoming {
                // Decided as before: where `IncomingLine` reads, `RPCResponseEnvelope` reads too.
                isNotification = !incoming.hasID && incoming.method != nil
            } else {
                guard case .object(let fields) = try JSONDecoder().decode(JSONValue.self, from: data) else { continue }
                isNotification = fields["id"] == nil && fields["method"] != nil
            }
            if isNotification {
                if let note = try? JSONDecoder().decode(RPCRequestEnvelope.self, from: data) {
                    onNotification?(note)
                }
                continue
            }
            guard let incoming else {
                // Read as a reply: it did not read as one above, so this throws why.
                _ = try JSONDecoder().decode(RPCResponseEnvelope.self, from: data)
                continue
            }
            guard incoming.id == id else { continue }
            if let error = incoming.error { throw error }
            return incoming.result ?? .null
        }
    }

    /// Closes the connection.
    public func close() { socket.shutdownBoth() }
}

/// A line from pasjesd as the client reads it: a reply (`id`, `result` or `error`) or a
/// notification (`method`, no `id`), with the fields of `RPCResponseEnvelope`.
private struct IncomingLine: Decodable {
    var jsonrpc: String
    /// Whether the line has an `id` at all (`"id": null` is a reply whose request had no usable id).
    var hasID: Bool
    var id: RPCID?
    var method: String?
    var result: JSONValue?
    var error: RPCError?

    enum CodingKeys: String, CodingKey { case jsonrpc, id, method, result, error }

    init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: CodingKeys.self)
        jsonrpc = try fields.decode(String.self, forKey: .jsonrpc)
        hasID = fields.contains(.id)
        id = try fields.decodeIfPresent(RPCID.self, forKey: .id)
        method = try? fields.decodeIfPresent(String.self, forKey: .method)
        result = try fields.decodeIfPresent(JSONValue.self, forKey: .result)
        error = try fields.decodeIfPresent(RPCError.self, forKey: .error)
    }
}
