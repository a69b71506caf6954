import PasjesProtocol

/// Decodes a method's params type straight from the `JSONValue` its line was parsed into.
///
/// The params were encoded to JSON again and parsed by `JSONDecoder` a second time: a third of
/// the JSON work of a small request. The checks at the protocol edge (`ParamsHygiene`,
/// `WireIntegerCheck`, `LookupKeys`) need the parsed tree anyway, so the typed params are read
/// from it. No JSON is parsed here. It decodes as `JSONDecoder` with its default strategies does
/// for the types params use (no `Data`, `URL` or `Decimal` fields) and throws the same
/// `DecodingError`s, so the refusals name the same field. A non-integer number never gets here:
/// `WireIntegerCheck` refuses it first.
struct ParamsDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func decode<P: Decodable>(_ type: P.Type, from value: JSONValue) throws -> P {
        try ParamsDecoder(value: value, codingPath: []).unbox(value, as: P.self, at: [])
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let fields) = value else {
            throw Self.mismatch([String: JSONValue].self, value, at: codingPath)
        }
        return KeyedDecodingContainer(Keyed<Key>(decoder: self, fields: fields))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw Self.mismatch([JSONValue].self, value, at: codingPath) }
        return Unkeyed(decoder: self, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    /// `value` as `T`: the JSON scalars by hand, everything else by its own `init(from:)`.
    func unbox<T: Decodable>(_ value: JSONValue, as type: T.Type, at path: [any CodingKey]) throws -> T {
        if T.self == String.self {
            guard case .string(let text) = value else { throw Self.mismatch(T.self, value, at: path) }
            return text as! T
        }
        if T.self == Bool.self {
            guard case .bool(let flag) = value else { throw Self.mismatch(T.self, value, at: path) }
            return flag as! T
        }
        if let integer = T.self as? any FixedWidthInteger.Type {
            guard case .integer(let number) = value else { throw Self.mismatch(T.self, value, at: path) }
            guard let exact = Self.exactly(integer, number) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path,
                                                        debugDescription: "Number \(number) does not fit in \(T.self)."))
            }
            return exact as! T
        }
        if T.self == Double.self || T.self == Float.self {
            let number: Double
            switch value {
            case .integer(let whole): number = Double(whole)
            case .number(let fraction): number = fraction
            default: throw Self.mismatch(T.self, value, at: path)
            }
            return T.self == Double.self ? number as! T : Float(number) as! T
        }
        return try T(from: ParamsDecoder(value: value, codingPath: path))
    }

    private static func exactly<I: FixedWidthInteger>(_ type: I.Type, _ number: Int64) -> I? { I(exactly: number) }

    /// The error `JSONDecoder` throws for a value of the wrong kind: a null is a missing value.
    static func mismatch(_ type: Any.Type, _ value: JSONValue, at path: [any CodingKey]) -> DecodingError {
        if case .null = value {
            return .valueNotFound(type, .init(codingPath: path,
                                              debugDescription: "Cannot get value of type \(type) -- found null value instead"))
        }
        return .typeMismatch(type, .init(codingPath: path, debugDescription: "Expected to decode \(type) but found another kind of value."))
    }

    /// An array element's place in a coding path.
    struct IndexKey: CodingKey {
        let intValue: Int?
        var stringValue: String { "Index \(intValue ?? 0)" }
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: ParamsDecoder
        let fields: [String: JSONValue]
        var codingPath: [any CodingKey] { decoder.codingPath }
        var allKeys: [Key] { fields.keys.compactMap(Key.init(stringValue:)) }

        func contains(_ key: Key) -> Bool { fields[key.stringValue] != nil }

        private func field(_ key: Key) throws -> JSONValue {
            guard let value = fields[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath,
                                                           debugDescription: "No value associated with key \(key.stringValue)."))
            }
            return value
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            if case .null = try field(key) { return true }
            return false
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoded(type, forKey: key) }

        /// The one implementation: the non-generic requirements below would otherwise call
        /// themselves (the more specific overload wins).
        private func decoded<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try decoder.unbox(try field(key), as: T.self, at: codingPath + [key])
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey> {
            try ParamsDecoder(value: try field(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try ParamsDecoder(value: try field(key), codingPath: codingPath + [key]).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            ParamsDecoder(value: fields["super"] ?? .null, codingPath: codingPath)
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            ParamsDecoder(value: fields[key.stringValue] ?? .null, codingPath: codingPath + [key])
        }

        // The scalar requirements, all through `decode<T>`.
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoded(type, forKey: key) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoded(type, forKey: key) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoded(type, forKey: key) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoded(type, forKey: key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoded(type, forKey: key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoded(type, forKey: key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoded(type, forKey: key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoded(type, forKey: key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoded(type, forKey: key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoded(type, forKey: key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoded(type, forKey: key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoded(type, forKey: key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoded(type, forKey: key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoded(type, forKey: key) }
    }

    private struct Unkeyed: UnkeyedDecodingContainer {
        let decoder: ParamsDecoder
        let items: [JSONValue]
        var currentIndex = 0
        var codingPath: [any CodingKey] { decoder.codingPath }
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        init(decoder: ParamsDecoder, items: [JSONValue]) {
            self.decoder = decoder
            self.items = items
        }

        private func next(_ type: Any.Type) throws -> JSONValue {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [IndexKey(currentIndex)],
                                                              debugDescription: "Unkeyed container is at end."))
            }
            return items[currentIndex]
        }

        mutating func decodeNil() throws -> Bool {
            guard case .null = try next(Never.self) else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoded(type) }

        private mutating func decoded<T: Decodable>(_ type: T.Type) throws -> T {
            let value = try decoder.unbox(try next(T.self), as: T.self, at: codingPath + [IndexKey(currentIndex)])
            currentIndex += 1
            return value
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey> {
            let nested = try ParamsDecoder(value: try next(type), codingPath: codingPath + [IndexKey(currentIndex)])
                .container(keyedBy: type)
            currentIndex += 1
            return nested
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let nested = try ParamsDecoder(value: try next([JSONValue].self), codingPath: codingPath + [IndexKey(currentIndex)])
                .unkeyedContainer()
            currentIndex += 1
            return nested
        }

        mutating func superDecoder() throws -> any Decoder {
            let value = try next(JSONValue.self)
            defer { currentIndex += 1 }
            return ParamsDecoder(value: value, codingPath: codingPath + [IndexKey(currentIndex)])
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { try decoded(type) }
        mutating func decode(_ type: String.Type) throws -> String { try decoded(type) }
        mutating func decode(_ type: Double.Type) throws -> Double { try decoded(type) }
        mutating func decode(_ type: Float.Type) throws -> Float { try decoded(type) }
        mutating func decode(_ type: Int.Type) throws -> Int { try decoded(type) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try decoded(type) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try decoded(type) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try decoded(type) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try decoded(type) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try decoded(type) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decoded(type) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decoded(type) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decoded(type) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decoded(type) }
    }

    private struct Single: SingleValueDecodingContainer {
        let decoder: ParamsDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }

        func decodeNil() -> Bool {
            if case .null = decoder.value { return true }
            return false
        }

        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoded(type) }

        private func decoded<T: Decodable>(_ type: T.Type) throws -> T {
            try decoder.unbox(decoder.value, as: T.self, at: codingPath)
        }

        func decode(_ type: Bool.Type) throws -> Bool { try decoded(type) }
        func decode(_ type: String.Type) throws -> String { try decoded(type) }
        func decode(_ type: Double.Type) throws -> Double { try decoded(type) }
        func decode(_ type: Float.Type) throws -> Float { try decoded(type) }
        func decode(_ type: Int.Type) throws -> Int { try decoded(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try decoded(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try decoded(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try decoded(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try decoded(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try decoded(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try decoded(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try decoded(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try decoded(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try decoded(type) }
    }
}
