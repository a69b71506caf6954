import PasjesProtocol

/// A request line as `JSONDecoder` reads it from the line's bytes: one request or a batch.
///
/// The envelope's fields are read as what they should be (an id as an integer, a method as a
/// string) rather than the whole line into a `JSONValue` first: that tried each kind of value in
/// turn and threw an error for each miss, a dozen thrown errors for one small request. Only the
/// params stay a `JSONValue` tree: the checks at the protocol edge walk it, and the params type
/// is decoded from it (`ParamsDecoder`). Whatever the line held before is still told apart: a
/// line that is no JSON (or holds a number no JSON reader can represent) fails as before.
enum RequestLine: Decodable {
    case single(IncomingRequest)
    case batch([IncomingRequest])

    init(from decoder: any Decoder) throws {
        // An object first: nearly every line is one request.
        if let fields = try? decoder.container(keyedBy: IncomingRequest.Keys.self) {
            self = .single(try IncomingRequest(fields))
        } else if (try? decoder.unkeyedContainer()) != nil {
            self = .batch(try decoder.singleValueContainer().decode([IncomingRequest].self))
        } else {
            self = .single(try IncomingRequest(from: decoder))
        }
    }
}

/// One request object, its fields as they came, to be checked by `Connection.answer`.
struct IncomingRequest: Decodable {
    enum ID {
        case absent, null, number(Int64), string(String)
        /// Neither a string, an integer nor null.
        case other
    }

    /// False when the request is not a JSON object at all.
    var isObject = true
    var id = ID.absent
    /// `jsonrpc` when it is a string.
    var jsonrpc: String?
    /// `method` when it is a string.
    var method: String?
    /// The params when they are an object or an array; `paramsOther` when they are something else.
    var params: JSONValue?
    var paramsOther = false

    enum Keys: String, CodingKey { case jsonrpc, id, method, params }

    init(from decoder: any Decoder) throws {
        guard let fields = try? decoder.container(keyedBy: Keys.self) else {
            // Read all the same: a number out of range is "not JSON", as it was.
            _ = try decoder.singleValueContainer().decode(JSONValue.self)
            self.init(notAnObject: ())
            return
        }
        try self.init(fields)
    }

    private init(notAnObject: Void) {
        isObject = false
    }

    init(_ fields: KeyedDecodingContainer<Keys>) throws {
        if fields.contains(.id) {
            if try fields.decodeNil(forKey: .id) {
                id = .null
            } else if let number = try? fields.decode(Int64.self, forKey: .id) {
                id = .number(number)
            } else if let text = try? fields.decode(String.self, forKey: .id) {
                id = .string(text)
            } else {
                _ = try fields.decode(JSONValue.self, forKey: .id)
                id = .other
            }
        }
        jsonrpc = try Self.string(fields, .jsonrpc)
        method = try Self.string(fields, .method)
        if fields.contains(.params) {
            if let object = try? fields.decode([String: JSONValue].self, forKey: .params) {
                params = .object(object)
            } else if let array = try? fields.decode([JSONValue].self, forKey: .params) {
                params = .array(array)
            } else {
                _ = try fields.decode(JSONValue.self, forKey: .params)
                paramsOther = true
            }
        }
    }

    /// The field when it is a string; nil when it is absent or anything else.
    private static func string(_ fields: KeyedDecodingContainer<Keys>, _ key: Keys) throws -> String? {
        guard fields.contains(key) else { return nil }
        if let text = try? fields.decode(String.self, forKey: key) { return text }
        _ = try fields.decode(JSONValue.self, forKey: key)
        return nil
    }
}
