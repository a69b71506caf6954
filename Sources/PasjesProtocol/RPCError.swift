/// A JSON-RPC error object: a numeric code plus a stable string reason in `data.reason`.
///
/// Clients branch on `data.reason` (`insufficient_funds`, `card_blocked`, ...); `message` is a
/// Dutch sentence fit to show a cashier.
public struct RPCError: Error, Codable, Hashable, Sendable {
    /// The JSON-RPC error code (see `Code`).
    public var code: Int
    /// A Dutch sentence fit to show a cashier.
    public var message: String
    /// The stable reason and an optional detail.
    public var data: Data?

    /// The machine-readable part of an error.
    public struct Data: Codable, Hashable, Sendable {
        /// The stable reason clients branch on (`insufficient_funds`, ...).
        public var reason: String
        /// More about this case, for logs and administrators.
        public var detail: String?
        /// A reason with an optional detail.
        public init(reason: String, detail: String? = nil) {
            self.reason = reason
            self.detail = detail
        }
    }

    /// An error with its code, Dutch message, stable reason and optional detail.
    public init(code: Int, message: String, reason: String, detail: String? = nil) {
        self.code = code
        self.message = message
        self.data = Data(reason: reason, detail: detail)
    }

    /// The stable reason, or a name for the JSON-RPC code when there is none.
    public var reason: String { data?.reason ?? "rpc_\(code)" }
}

extension RPCError {
    /// Codes from the JSON-RPC 2.0 specification and the application range.
    public enum Code {
        /// The request line is not valid JSON.
        public static let parseError = -32700
        /// The JSON is not a valid JSON-RPC request.
        public static let invalidRequest = -32600
        /// No such method.
        public static let methodNotFound = -32601
        /// The params do not fit the method.
        public static let invalidParams = -32602
        /// Something went wrong inside the daemon.
        public static let internalError = -32603
        /// A refusal by the ledger or the budget rules; `data.reason` says which.
        public static let refused = -32000
        /// The caller's role may not do this.
        public static let forbidden = -32001
        /// The daemon is shutting down or overloaded; retry with the same idempotency key.
        public static let unavailable = -32002
    }

    /// The request line is not valid JSON.
    public static func parseError(_ detail: String) -> RPCError {
        RPCError(code: Code.parseError, message: Reason.parseError.message, reason: Reason.parseError.code, detail: detail)
    }

    /// The JSON is not a valid JSON-RPC request.
    public static func invalidRequest(_ detail: String) -> RPCError {
        RPCError(code: Code.invalidRequest, message: Reason.invalidRequest.message, reason: Reason.invalidRequest.code, detail: detail)
    }

    /// No method of this name.
    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(code: Code.methodNotFound, message: "Onbekende opdracht: \(method).", reason: Reason.methodNotFound.code)
    }

    /// The params do not fit the method.
    public static func invalidParams(_ detail: String) -> RPCError {
        RPCError(code: Code.invalidParams, message: Reason.invalidParams.message, reason: Reason.invalidParams.code, detail: detail)
    }

    /// The caller's role may not call this method.
    public static func forbidden(_ detail: String) -> RPCError {
        RPCError(code: Code.forbidden, message: Reason.forbidden.message, reason: Reason.forbidden.code, detail: detail)
    }

    /// Something went wrong inside the daemon.
    public static func internalError(_ detail: String) -> RPCError {
        RPCError(code: Code.internalError, message: Reason.internalError.message, reason: Reason.internalError.code, detail: detail)
    }

    /// A reply that would not fit the clients' line limit (a method that is not paged, a batch of
    /// large answers): said instead, so the client keeps its connection.
    public static func replyTooLarge(_ detail: String) -> RPCError {
        RPCError(code: Code.internalError, message: Reason.replyTooLarge.message, reason: Reason.replyTooLarge.code, detail: detail)
    }

    /// The daemon is shutting down or overloaded; retry with the same idempotency key.
    public static func unavailable(_ detail: String) -> RPCError {
        RPCError(code: Code.unavailable, message: Reason.unavailable.message, reason: Reason.unavailable.code, detail: detail)
    }
}
