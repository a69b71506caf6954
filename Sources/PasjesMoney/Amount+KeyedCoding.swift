// Why these overloads: JSONEncoder and JSONDecoder give every value that is not a JSON primitive
// a coder of its own (an object, its options copied, a container on top), about 5,000
// instructions for one amount; a journaled charge writes seven. An amount is a bare integer and
// a traffic light a bare string, so a keyed container writes and reads them as one. Synthesised
// `Codable` conformances prefer these overloads to the generic ones (they are more specific), so
// every type holding them writes the same bytes as `Amount.encode(to:)` and the raw value do
// (CanonicalJSONTests holds a journal's bytes), with the same errors on bad input.

extension KeyedEncodingContainer {
    /// Writes an amount as its bare integer of minor units, as `Amount.encode(to:)` does.
    public mutating func encode(_ value: Amount, forKey key: Key) throws {
        try encode(value.minorUnits, forKey: key)
    }

    /// Writes an amount when there is one; nothing (no key) when nil.
    public mutating func encodeIfPresent(_ value: Amount?, forKey key: Key) throws {
        try encodeIfPresent(value?.minorUnits, forKey: key)
    }

    /// Writes a traffic light as its raw value.
    public mutating func encode(_ value: TrafficLight, forKey key: Key) throws {
        try encode(value.rawValue, forKey: key)
    }
}

extension KeyedDecodingContainer {
    /// Reads an amount from a bare integer of minor units, as `Amount(from:)` does.
    public func decode(_ type: Amount.Type, forKey key: Key) throws -> Amount {
        Amount(try decode(Int64.self, forKey: key))
    }

    /// Reads an amount when the key is there and not null.
    public func decodeIfPresent(_ type: Amount.Type, forKey key: Key) throws -> Amount? {
        try decodeIfPresent(Int64.self, forKey: key).map(Amount.init)
    }

    /// Reads a traffic light from its raw value; another word is an error naming the key.
    public func decode(_ type: TrafficLight.Type, forKey key: Key) throws -> TrafficLight {
        let word = try decode(String.self, forKey: key)
        guard let light = TrafficLight(rawValue: word) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "Cannot initialize TrafficLight from invalid String value \(word)")
        }
        return light
    }
}
