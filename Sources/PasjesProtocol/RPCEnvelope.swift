import Foundation

/// A JSON-RPC 2.0 request id: a number or a string (null ids are notifications).
public enum RPCID: Codable, Hashable, Sendable, CustomStringConvertible {
    /// A numeric id.
    case number(Int64)
    /// A string id.
    case string(String)

    /// Reads a number id as a number, anything else as a string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Writes the id as the JSON number or string it was.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }

    /// The id as text, for logs.
    public var description: String {
        switch self {
        case .number(let value): "\(value)"
        case .string(let value): value
        }
    }
}

/// One incoming line, before its params are decoded for the method it names.
public struct RPCRequestEnvelope: Codable, Sendable {
    /// Always `"2.0"`.
    public var jsonrpc: String
    /// The request id; nil for a notification.
    public var id: RPCID?
    /// The method name, such as `sale.charge`.
    public var method: String
    /// The params, undecoded until the method is known.
    public var params: JSONValue?

    /// A JSON-RPC 2.0 request with untyped params.
    public init(id: RPCID?, method: String, params: JSONValue?) {
        self.jsonrpc = "2.0"
        self.id = id
        self.method = method
        self.params = params
    }
}

/// A request with typed params, as a client sends it.
public struct RPCRequest<Params: Encodable & Sendable>: Encodable, Sendable {
    /// Always `"2.0"`.
    public var jsonrpc = "2.0"
    /// The id the response will carry back.
    public var id: RPCID
    /// The method name, such as `sale.charge`.
    public var method: String
    /// The method's typed params.
    public var params: Params

    /// A JSON-RPC 2.0 request for `method` with typed params.
    public init(id: RPCID, method: String, params: Params) {
        self.id = id
        self.method = method
        self.params = params
    }
}

/// A response line: exactly one of `result` and `error` is set.
public struct RPCResponseEnvelope: Codable, Sendable {
    /// Always `"2.0"`.
    public var jsonrpc: String
    /// Null only when the request could not be read far enough to find its id.
    public var id: RPCID?
    /// The method's answer, when it succeeded.
    public var result: JSONValue?
    /// Why the method failed, when it did.
    public var error: RPCError?

    /// A successful response.
    public init(id: RPCID?, result: JSONValue) {
        self.jsonrpc = "2.0"
        self.id = id
        self.result = result
        self.error = nil
    }

    /// A failed response.
    public init(id: RPCID?, error: RPCError) {
        self.jsonrpc = "2.0"
        self.id = id
        self.result = nil
        self.error = error
    }

    /// Writes `id` (null when unknown) and exactly one of `result` and `error`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(jsonrpc, forKey: .jsonrpc)
        // JSON-RPC 2.0 wants "id": null, not a missing id, when it is unknown.
        if let id { try container.encode(id, forKey: .id) } else { try container.encodeNil(forKey: .id) }
        if let error { try container.encode(error, forKey: .error) } else {
            try container.encode(result ?? .null, forKey: .result)
        }
    }
}

/// A notification (no id): how `subscribe` delivers events.
public struct RPCNotification<Params: Codable & Sendable>: Codable, Sendable {
    /// Always `"2.0"`.
    public var jsonrpc = "2.0"
    /// The event name, such as `card.tapped`.
    public var method: String
    /// The event itself.
    public var params: Params

    /// A JSON-RPC 2.0 notification for `method`.
    public init(method: String, params: Params) {
        self.method = method
        self.params = params
    }
}
