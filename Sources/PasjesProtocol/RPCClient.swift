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
            let object = try JSONDecoder().decode(JSONValue.self, from: Data(reply))
            guard case .object(let fields) = object else { continue }
            if fields["id"] == nil, fields["method"] != nil {
                if let note = try? JSONDecoder().decode(RPCRequestEnvelope.self, from: Data(reply)) {
                    onNotification?(note)
                }
                continue
            }
            let response = try JSONDecoder().decode(RPCResponseEnvelope.self, from: Data(reply))
            guard response.id == id else { continue }
            if let error = response.error { throw error }
            return response.result ?? .null
        }
    }

    /// Closes the connection.
    public func close() { socket.shutdownBoth() }
}
